//! The signed-in person's own account: password, name, data, deletion; and
//! setting a new password with a reset code (no session needed).

use cultivator_shared::api::auth::{
    ChangePasswordRequest, DeleteAccountRequest, RenameRequest, ResetWithCodeRequest, UserView,
};
use gloo_net::http::{Request, RequestBuilder};
use serde::Serialize;

use super::{ApiError, ApiResult, error_from, send_json, url, with_csrf};

/// Where "download my data" is, as JSON or CSV (plain links: a GET).
pub fn my_data_url(format: &str) -> String {
    url(&format!("/auth/me/data.{format}"))
}

/// Changes the password; every other session of the account ends.
pub async fn change_password(request: &ChangePasswordRequest) -> ApiResult<UserView> {
    send_json(Request::put(&url("/auth/password")), request).await
}

/// Sets a new password with a reset code; every session of the account ends.
pub async fn reset_with_code(request: &ResetWithCodeRequest) -> ApiResult<()> {
    send_no_answer(Request::post(&url("/auth/password-reset")), request).await
}

pub async fn rename(request: &RenameRequest) -> ApiResult<UserView> {
    send_json(Request::put(&url("/auth/me/name")), request).await
}

/// Deletes the signed-in person's account (and signs them out).
pub async fn delete_account(request: &DeleteAccountRequest) -> ApiResult<()> {
    send_no_answer(Request::post(&url("/auth/me/delete")), request).await
}

/// A JSON request whose answer carries no body.
async fn send_no_answer<B: Serialize>(builder: RequestBuilder, body: &B) -> ApiResult<()> {
    let request = with_csrf(builder)
        .json(body)
        .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(&response).await)
    }
}

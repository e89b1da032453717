//! Administrators: finding accounts, creating them (one, or many from a
//! file), replacing the roles they hold, and issuing password reset codes.

use cultivator_shared::UserId;
use cultivator_shared::api::Page;
use cultivator_shared::api::admin::{
    CreatedAccount, NewAccountRequest, PersonSummary, ResetCodeIssued, SetRegionRequest,
    SetRolesRequest,
};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::rosters::RosterRejection;
use gloo_net::http::Request;

use super::{ApiError, ApiResult, error_from, get, send_json, url, with_csrf};

/// Accounts per page of the list.
pub const PAGE_SIZE: u64 = 20;

/// Accounts whose name or mobile number contains `q` (every account when
/// blank), newest first, skipping `offset`.
pub async fn users(q: &str, offset: u64) -> ApiResult<Page<UserView>> {
    let mut path = format!("/admin/users?limit={PAGE_SIZE}&offset={offset}");
    let q = q.trim();
    if !q.is_empty() {
        path.push_str("&q=");
        path.push_str(&String::from(js_sys::encode_uri_component(q)));
    }
    get(&url(&path)).await
}

/// Replaces every role `user` holds; answers with the account as it now is.
pub async fn set_roles(user: UserId, request: &SetRolesRequest) -> ApiResult<UserView> {
    send_json(
        Request::put(&url(&format!("/admin/users/{user}/roles"))),
        request,
    )
    .await
}

/// Ends every session of `user`, on every device.
pub async fn sign_out(user: UserId) -> ApiResult<()> {
    super::post_empty(&format!("/admin/users/{user}/sign-out")).await
}

/// Creates an account; the answer holds its one-time password, once.
pub async fn create_account(request: &NewAccountRequest) -> ApiResult<CreatedAccount> {
    send_json(Request::post(&url("/admin/users")), request).await
}

/// What became of a file of new accounts.
#[derive(Debug, Clone, PartialEq)]
pub enum Import {
    /// The one-time password sheet (CSV), handed out this once.
    Created(Vec<u8>),
    Rejected(RosterRejection),
}

/// Creates an account for every row of `file` (CSV or XLSX).
pub async fn import_accounts(file: web_sys::File) -> ApiResult<Import> {
    let response = with_csrf(Request::post(&url("/admin/users/import")))
        .header("content-type", "application/octet-stream")
        .body(file)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let status = response.status();
    if status == 422 {
        return match response.json::<RosterRejection>().await {
            Ok(rejection) => Ok(Import::Rejected(rejection)),
            Err(_) => Err(error_from(&response).await),
        };
    }
    if !response.ok() {
        return Err(error_from(&response).await);
    }
    response
        .binary()
        .await
        .map(Import::Created)
        .map_err(|_| ApiError::Unexpected { status })
}

/// Issues a password reset code for `user`, shown once.
pub async fn issue_reset_code(user: UserId) -> ApiResult<ResetCodeIssued> {
    send_json(
        Request::post(&url(&format!("/users/{user}/password-reset"))),
        &(),
    )
    .await
}

/// Moves `user` to another home region; answers with the account as it now is.
pub async fn move_home(user: UserId, request: &SetRegionRequest) -> ApiResult<UserView> {
    send_json(
        Request::put(&url(&format!("/users/{user}/region"))),
        request,
    )
    .await
}

/// People in the reader's regions whose name contains `q` or whose mobile
/// number is `q` (coordinators see numbers masked).
pub async fn people(q: &str, offset: u64) -> ApiResult<Page<PersonSummary>> {
    let mut path = format!("/users?limit={PAGE_SIZE}&offset={offset}");
    let q = q.trim();
    if !q.is_empty() {
        path.push_str("&q=");
        path.push_str(&String::from(js_sys::encode_uri_component(q)));
    }
    get(&url(&path)).await
}

//! The signed-in person's own account: their name, a copy of everything
//! kept about them, and deleting the account.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::auth::{DeleteAccountRequest, RenameRequest, UserView};
use cultivator_shared::api::personal_data::PersonalData;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{AuthSession, ClientAddr, CurrentUser};
use crate::domain::accounts::{personal_data, self_service};
use crate::error::ApiJson;
use crate::routes::download;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rename))
        .routes(routes!(my_data_json))
        .routes(routes!(my_data_csv))
        .routes(routes!(delete_account))
}

/// Changes the signed-in user's name; the reason is kept in the audit
/// trail with the old and new names. (The home region is changed by staff.)
#[utoipa::path(put, path = "/me/name", tag = "auth", request_body = RenameRequest,
    responses(
        (status = 200, body = UserView),
        (status = 401, body = ApiErrorBody, description = "unauthenticated"),
        (status = 422, body = ApiErrorBody, description = "validation_failed"),
    ))]
async fn rename(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    ApiJson(request): ApiJson<RenameRequest>,
) -> Result<ApiJson<UserView>, ApiError> {
    let (name, reason) = request.validate().map_err(ApiError::Validation)?;
    Ok(ApiJson(
        self_service::rename(&state.db, &user.actor(address), user.id, name, &reason).await?,
    ))
}

/// Everything kept about the signed-in user, as JSON: account, enrolments,
/// courses, attendance, progress, credit hours and completions.
#[utoipa::path(get, path = "/me/data.json", tag = "auth", responses(
    (status = 200, body = PersonalData),
    (status = 401, body = ApiErrorBody, description = "unauthenticated"),
))]
async fn my_data_json(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, ApiError> {
    let data = personal_data::collect(&state.db, user.id).await?;
    let body = serde_json::to_vec_pretty(&data).map_err(ApiError::internal)?;
    Ok(download::attachment(
        "my-data.json",
        "application/json",
        body,
    ))
}

/// The same as CSV: one section per kind of record.
#[utoipa::path(get, path = "/me/data.csv", tag = "auth", responses(
    (status = 200, content_type = "text/csv", body = String),
    (status = 401, body = ApiErrorBody, description = "unauthenticated"),
))]
async fn my_data_csv(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, ApiError> {
    let data = personal_data::collect(&state.db, user.id).await?;
    let body = personal_data::csv(&data).map_err(ApiError::internal)?;
    Ok(download::attachment("my-data.csv", download::CSV, body))
}

/// Deletes the signed-in user's account, once the password confirms it:
/// the name and mobile number are erased and every session ends; training
/// records stay as anonymous numbers, so no count changes.
#[utoipa::path(post, path = "/me/delete", tag = "auth", request_body = DeleteAccountRequest,
    responses(
        (status = 204),
        (status = 401, body = ApiErrorBody, description = "unauthenticated or invalid_credentials (wrong password)"),
        (status = 429, body = ApiErrorBody, description = "too_many_attempts (with Retry-After)"),
    ))]
async fn delete_account(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientAddr(client): ClientAddr,
    session: AuthSession,
    ApiJson(request): ApiJson<DeleteAccountRequest>,
) -> Result<StatusCode, ApiError> {
    request.validate().map_err(ApiError::Validation)?;
    self_service::delete_account(
        &state.db,
        state.login_policy(),
        user.id,
        &request.password,
        client,
    )
    .await?;
    session.sign_out().await?;
    Ok(StatusCode::NO_CONTENT)
}

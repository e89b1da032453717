//! Passwords: changing one's own (the current one required; every other
//! session ends), and setting a new one with a reset code a staff member
//! handed over (no session needed; every session ends).

use axum::extract::State;
use axum::http::StatusCode;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::auth::{ChangePasswordRequest, ResetWithCodeRequest, UserView};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{ClientAddr, SignedInUser};
use crate::domain::accounts::{reset, self_service};
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(change_password))
        .routes(routes!(reset_with_code))
}

/// Changes the signed-in user's password. The current password is required
/// (and checked under the sign-in delay); every other session of the
/// account ends, this one stays. Also how an account made by an
/// administrator or a roster import sets a password of its own.
#[utoipa::path(put, path = "/password", tag = "auth", request_body = ChangePasswordRequest,
    responses(
        (status = 200, body = UserView),
        (status = 401, body = ApiErrorBody, description = "unauthenticated or invalid_credentials (wrong current password)"),
        (status = 422, body = ApiErrorBody, description = "validation_failed"),
        (status = 429, body = ApiErrorBody, description = "too_many_attempts (with Retry-After)"),
    ))]
async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedInUser,
    address: ClientAddr,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<ApiJson<UserView>, ApiError> {
    let new = request.validate().map_err(ApiError::Validation)?;
    let actor = signed_in.user.actor(address);
    Ok(ApiJson(
        self_service::change_password(
            &state.db,
            state.login_policy(),
            &actor,
            signed_in.user.id,
            &signed_in.session,
            &request.current_password,
            new,
        )
        .await?,
    ))
}

/// Sets a new password with a reset code (mobile number, code, new
/// password). A wrong, used or expired code and an unknown number answer
/// alike; attempts are delayed like sign-in. Every session of the account
/// ends; the person then signs in with the new password.
#[utoipa::path(post, path = "/password-reset", tag = "auth", request_body = ResetWithCodeRequest,
    responses(
        (status = 204),
        (status = 422, body = ApiErrorBody, description = "validation_failed or invalid_reset_code"),
        (status = 429, body = ApiErrorBody, description = "too_many_attempts (with Retry-After)"),
    ))]
async fn reset_with_code(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(request): ApiJson<ResetWithCodeRequest>,
) -> Result<StatusCode, ApiError> {
    let reset = request.validate().map_err(ApiError::Validation)?;
    reset::reset_with_code(&state.db, state.login_policy(), reset, client).await?;
    Ok(StatusCode::NO_CONTENT)
}

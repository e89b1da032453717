//! Registration, sign-in and sign-out, and who the signed-in user is.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cultivator_shared::api::auth::{LoginRequest, RegisterRequest, UserView};
use cultivator_shared::validation::Mobile;
use cultivator_shared::{ApiErrorBody, FieldError, ValidationError};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{AuthSession, ClientAddr, DeviceCookie, SignedInUser, known_device};
use crate::domain::accounts;
use crate::error::ApiJson;
use crate::routes::platforms::RequestPlatform;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(logout_everywhere))
        .routes(routes!(me))
}

/// Creates a trainee account (does not sign in). Limited per client address.
#[utoipa::path(post, path = "/register", tag = "auth", request_body = RegisterRequest, responses(
    (status = 201, body = UserView),
    (status = 409, body = ApiErrorBody, description = "mobile_taken"),
    (status = 422, body = ApiErrorBody, description = "validation_failed or unknown_region"),
    (status = 429, body = ApiErrorBody, description = "too_many_attempts (with Retry-After)"),
))]
async fn register(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    RequestPlatform(platform): RequestPlatform,
    ApiJson(request): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, ApiJson<UserView>), ApiError> {
    let account = request.validate().map_err(ApiError::Validation)?;
    let policy = state.register_policy();
    let user = accounts::register_from(&state.db, account, client, policy, platform.id).await?;
    Ok((StatusCode::CREATED, ApiJson(user)))
}

/// Signs in with mobile number and password, and marks the browser as a
/// known device of the account (a cookie; see docs/sign-in-throttling.md).
#[utoipa::path(post, path = "/login", tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = UserView),
    (status = 401, body = ApiErrorBody, description = "invalid_credentials"),
    (status = 429, body = ApiErrorBody, description = "too_many_attempts (with Retry-After)"),
))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    DeviceCookie(device): DeviceCookie,
    session: AuthSession,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let mobile = Mobile::parse(&request.mobile)
        .map_err(|e| ApiError::Validation(vec![FieldError::new("mobile", e)]))?;
    if request.password.is_empty() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "password",
            ValidationError::Required,
        )]));
    }
    let user = accounts::login(
        &state.db,
        state.login_policy(),
        mobile.as_str(),
        &request.password,
        client,
        device.as_ref(),
    )
    .await?;
    session.sign_in(user.id).await?;
    let id = user.id;
    let mut response = ApiJson(user).into_response();
    let now = chrono::Utc::now().timestamp();
    if let Some(cookie) =
        known_device::issue(&state.device_key, id, now, state.config.secure_cookies)
    {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Signs out (ends the session).
#[utoipa::path(post, path = "/logout", tag = "auth", responses((status = 204)))]
async fn logout(session: AuthSession) -> Result<StatusCode, ApiError> {
    session.sign_out().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs out on every device (a lost phone, a shared computer): every
/// session of the signed-in user ends, this one included.
#[utoipa::path(post, path = "/logout-everywhere", tag = "auth", responses(
    (status = 204),
    (status = 401, body = ApiErrorBody, description = "unauthenticated"),
))]
async fn logout_everywhere(
    State(state): State<AppState>,
    signed_in: SignedInUser,
    session: AuthSession,
) -> Result<StatusCode, ApiError> {
    accounts::sign_out_everywhere(&state.db, signed_in.user.id).await?;
    session.sign_out().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user (also answered while they must set a password of
/// their own: `must_change_password` says so).
#[utoipa::path(get, path = "/me", tag = "auth", responses(
    (status = 200, body = UserView),
    (status = 401, body = ApiErrorBody, description = "unauthenticated"),
))]
async fn me(
    State(state): State<AppState>,
    signed_in: SignedInUser,
) -> Result<ApiJson<UserView>, ApiError> {
    Ok(ApiJson(
        accounts::profile(&state.db, signed_in.user.id).await?,
    ))
}

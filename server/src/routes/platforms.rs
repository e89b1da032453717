//! Provincial platforms: listed for anyone (the national office's table,
//! links between platforms), the one this request is for, created by
//! admins and rebranded by coordinators over the whole of the platform's
//! home region. The branded page itself, the manifest and the icon are
//! served outside the API (`site_router`).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Utc;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::platforms::{NewPlatform, PlatformBrandingFields, PlatformView};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize_platform_branding, authorize_platform_creation};
use crate::auth::{ClientAddr, CurrentUser};
use crate::domain::platforms::{self, PlatformRequest};
use crate::error::ApiJson;
use crate::{ApiError, AppState};

/// The cookie a `/p/{code}/` address sets, naming the platform for the
/// requests after it (single-domain deployments).
pub const PLATFORM_COOKIE: &str = "cultivator_platform";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(current))
        .routes(routes!(rebrand))
}

/// The platform named by a request's cookie or host.
pub fn platform_request(headers: &HeaderMap) -> PlatformRequest<'_> {
    let chosen = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == PLATFORM_COOKIE)
        .map(|(_, value)| value);
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    PlatformRequest { chosen, host }
}

/// Every platform, the national one first.
#[utoipa::path(get, path = "/platforms", tag = "platforms",
    responses((status = 200, body = Vec<PlatformView>)))]
async fn list(State(state): State<AppState>) -> Result<ApiJson<Vec<PlatformView>>, ApiError> {
    let rows = platforms::all(&state.db).await?;
    Ok(ApiJson(
        rows.iter().map(|row| platforms::view(row, false)).collect(),
    ))
}

/// The platform this request is for (by `/p/` choice, then host name).
#[utoipa::path(get, path = "/platform", tag = "platforms",
    responses((status = 200, body = PlatformView)))]
async fn current(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<ApiJson<PlatformView>, ApiError> {
    let row = platforms::resolve(&state.db, &platform_request(&headers)).await?;
    Ok(ApiJson(platforms::view(&row, false)))
}

/// Creates a platform (admins).
#[utoipa::path(post, path = "/platforms", tag = "platforms", request_body = NewPlatform,
    responses(
        (status = 201, body = PlatformView),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "platform_taken"),
        (status = 422, body = ApiErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    ApiJson(request): ApiJson<NewPlatform>,
) -> Result<(StatusCode, ApiJson<PlatformView>), ApiError> {
    authorize_platform_creation(&user)?;
    let row = platforms::create(&state.db, &user.actor(address), &request, Utc::now()).await?;
    Ok((StatusCode::CREATED, ApiJson(platforms::view(&row, true))))
}

/// Replaces a platform's branding: its names, colours, welcome text and
/// issuer. Shown at the next page load on every node.
#[utoipa::path(put, path = "/platforms/{code}", tag = "platforms",
    request_body = PlatformBrandingFields,
    params(("code" = String, Path, description = "Platform code")),
    responses(
        (status = 200, body = PlatformView),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn rebrand(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(code): Path<String>,
    ApiJson(request): ApiJson<PlatformBrandingFields>,
) -> Result<ApiJson<PlatformView>, ApiError> {
    let row = platforms::by_code(&state.db, &code).await?;
    authorize_platform_branding(&user, row.home().as_ref())?;
    let row =
        platforms::rebrand(&state.db, &user.actor(address), &row, &request, Utc::now()).await?;
    Ok(ApiJson(platforms::view(&row, true)))
}

/// The site's own addresses outside the API: `/p/{code}/...` (choose a
/// platform on a single-domain deployment), the platform's manifest and icon.
pub fn site_router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/p/{code}", get(choose))
        .route("/p/{code}/", get(choose))
        .route("/p/{code}/{*rest}", get(choose_then))
        .route("/manifest.webmanifest", get(manifest))
        .route("/platform-icon.svg", get(icon))
}

async fn choose(state: State<AppState>, Path(code): Path<String>) -> Response {
    choose_then(state, Path((code, String::new()))).await
}

/// Remembers the platform in a cookie and goes on to the page asked for;
/// an unknown platform goes to the national one's page.
async fn choose_then(
    State(state): State<AppState>,
    Path((code, rest)): Path<(String, String)>,
) -> Response {
    let known = platforms::by_code(&state.db, &code).await.is_ok();
    // Only a relative path inside the site: never `//host` or a scheme.
    let rest = rest.trim_start_matches(['/', '\\']);
    let to = format!("/{rest}");
    let cookie = if known {
        format!("{PLATFORM_COOKIE}={code}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly")
    } else {
        format!("{PLATFORM_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly")
    };
    ([(header::SET_COOKIE, cookie)], Redirect::to(&to)).into_response()
}

async fn manifest(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match platforms::resolve(&state.db, &platform_request(&headers)).await {
        Ok(row) => (
            [
                (header::CONTENT_TYPE, "application/manifest+json"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            platforms::manifest(&platforms::view(&row, false)).to_string(),
        )
            .into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}

async fn icon(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match platforms::resolve(&state.db, &platform_request(&headers)).await {
        Ok(row) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            platforms::icon_svg(&platforms::view(&row, false)),
        )
            .into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}

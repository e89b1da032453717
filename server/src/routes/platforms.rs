//! Provincial platforms: listed for anyone (the national office's table,
//! links between platforms), the one this request is for, created by
//! admins and rebranded by coordinators over the whole of the platform's
//! home region. The branded page itself, the manifest and the icon are
//! served outside the API (`site_router`).

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Utc;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::platforms::{
    FeaturedItems, LOGO_MAX_BYTES, NewPlatform, Ownership, PlatformBrandingFields,
    PlatformItemKind, PlatformItemRef, PlatformItems, PlatformView,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize_platform_branding, authorize_platform_creation};
use crate::auth::{ClientAddr, CurrentUser};
use crate::domain::platforms::{self, PlatformRequest, items, logo};
use crate::error::{ApiBytes, ApiJson};
use crate::{ApiError, AppState};

/// The cookie a `/p/{code}/` address sets, naming the platform for the
/// requests after it (single-domain deployments).
pub const PLATFORM_COOKIE: &str = "cultivator_platform";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_logo, remove_logo))
        // Room for the logo and a little framing; larger is refused unread.
        .layer(DefaultBodyLimit::max(LOGO_MAX_BYTES + 1024))
        .routes(routes!(list, create))
        .routes(routes!(current))
        .routes(routes!(rebrand))
        .routes(routes!(platform_items))
        .routes(routes!(set_featured))
        .routes(routes!(own_course))
        .routes(routes!(own_class))
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

/// The platform a request is for, for routes whose answer depends on it
/// (the catalogue, registration).
pub struct RequestPlatform(pub crate::db::platforms::Model);

impl axum::extract::FromRequestParts<AppState> for RequestPlatform {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let row = platforms::resolve(&state.db, &platform_request(&parts.headers)).await?;
        Ok(RequestPlatform(row))
    }
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

/// The platform this request is for (by `/p/` choice, then host name),
/// with what its home page features.
#[utoipa::path(get, path = "/platform", tag = "platforms",
    responses((status = 200, body = PlatformView)))]
async fn current(
    State(state): State<AppState>,
    RequestPlatform(row): RequestPlatform,
) -> Result<ApiJson<PlatformView>, ApiError> {
    Ok(ApiJson(platforms::page_view(&state.db, &row).await?))
}

/// A platform its caller may edit (404 for an unknown code, 403 for
/// someone outside its home region).
async fn editable(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<crate::db::platforms::Model, ApiError> {
    let row = platforms::by_code(&state.db, code).await?;
    authorize_platform_branding(user, row.home().as_ref())?;
    Ok(row)
}

/// What the platform features on its home page and which courses and
/// classes it owns (listed only on it): for its coordinators.
#[utoipa::path(get, path = "/platforms/{code}/items", tag = "platforms",
    params(("code" = String, Path, description = "Platform code")),
    responses((status = 200, body = PlatformItems), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
async fn platform_items(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
) -> Result<ApiJson<PlatformItems>, ApiError> {
    let row = editable(&state, &user, &code).await?;
    Ok(ApiJson(items::of(&state.db, &row).await?))
}

/// Replaces what the platform's home page features (at most 12, in order;
/// each a published course or open class listed on the platform).
#[utoipa::path(put, path = "/platforms/{code}/featured", tag = "platforms",
    request_body = FeaturedItems,
    params(("code" = String, Path, description = "Platform code")),
    responses(
        (status = 200, body = PlatformItems),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody, description = "not_found or platform_item_not_found"),
        (status = 422, body = ApiErrorBody, description = "validation_failed or platform_item_not_listed"),
    ))]
async fn set_featured(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(code): Path<String>,
    ApiJson(request): ApiJson<FeaturedItems>,
) -> Result<ApiJson<PlatformItems>, ApiError> {
    let row = editable(&state, &user, &code).await?;
    let actor = user.actor(address);
    Ok(ApiJson(
        items::feature(&state.db, &actor, &row, &request, Utc::now()).await?,
    ))
}

async fn set_ownership(
    state: &AppState,
    user: &CurrentUser,
    address: ClientAddr,
    code: &str,
    item: PlatformItemRef,
    owned: bool,
) -> Result<ApiJson<PlatformItems>, ApiError> {
    let row = editable(state, user, code).await?;
    let actor = user.actor(address);
    Ok(ApiJson(
        items::set_ownership(&state.db, &actor, &row, item, owned, Utc::now()).await?,
    ))
}

/// Makes a course the platform's own (listed only on it) or shares it
/// nationally again. The course's author must live in the platform's home
/// region.
#[utoipa::path(put, path = "/platforms/{code}/courses/{id}", tag = "platforms",
    request_body = Ownership,
    params(("code" = String, Path, description = "Platform code"),
        ("id" = i64, Path, description = "Course id")),
    responses(
        (status = 200, body = PlatformItems),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "platform_item_elsewhere"),
        (status = 422, body = ApiErrorBody, description = "platform_item_outside_region"),
    ))]
async fn own_course(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path((code, id)): Path<(String, i64)>,
    ApiJson(request): ApiJson<Ownership>,
) -> Result<ApiJson<PlatformItems>, ApiError> {
    let item = PlatformItemRef {
        kind: PlatformItemKind::Course,
        id,
    };
    set_ownership(&state, &user, address, &code, item, request.owned).await
}

/// Makes a class the platform's own (listed only on it) or shares it
/// nationally again. The class must be held in the platform's home region.
#[utoipa::path(put, path = "/platforms/{code}/classes/{id}", tag = "platforms",
    request_body = Ownership,
    params(("code" = String, Path, description = "Platform code"),
        ("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, body = PlatformItems),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "platform_item_elsewhere"),
        (status = 422, body = ApiErrorBody, description = "platform_item_outside_region"),
    ))]
async fn own_class(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path((code, id)): Path<(String, i64)>,
    ApiJson(request): ApiJson<Ownership>,
) -> Result<ApiJson<PlatformItems>, ApiError> {
    let item = PlatformItemRef {
        kind: PlatformItemKind::Class,
        id,
    };
    set_ownership(&state, &user, address, &code, item, request.owned).await
}

/// Replaces the platform's logo: PNG, JPEG or plain SVG (no scripts or
/// outside references), at most 256 KiB. Shown at the next page load.
#[utoipa::path(put, path = "/platforms/{code}/logo", tag = "platforms",
    params(("code" = String, Path, description = "Platform code")),
    request_body(content = String, content_type = "application/octet-stream",
        description = "The image's bytes"),
    responses(
        (status = 200, body = PlatformView),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 413, body = ApiErrorBody, description = "payload_too_large"),
        (status = 415, body = ApiErrorBody, description = "unsupported_media_type"),
    ))]
async fn upload_logo(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(code): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<ApiJson<PlatformView>, ApiError> {
    let row = editable(&state, &user, &code).await?;
    let actor = user.actor(address);
    let row = logo::replace(&state.db, &actor, &row, Some(body.to_vec()), Utc::now()).await?;
    Ok(ApiJson(platforms::view(&row, true)))
}

/// Removes the platform's logo (its initial on its colour is shown again).
#[utoipa::path(delete, path = "/platforms/{code}/logo", tag = "platforms",
    params(("code" = String, Path, description = "Platform code")),
    responses((status = 200, body = PlatformView), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
async fn remove_logo(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(code): Path<String>,
) -> Result<ApiJson<PlatformView>, ApiError> {
    let row = editable(&state, &user, &code).await?;
    let actor = user.actor(address);
    let row = logo::replace(&state.db, &actor, &row, None, Utc::now()).await?;
    Ok(ApiJson(platforms::view(&row, true)))
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
    let row = editable(&state, &user, &code).await?;
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
        .route("/platform-logo/{code}", get(logo_image))
}

/// A platform's uploaded logo. Its address changes with every new logo, so
/// it is cached for good; opened directly, nothing in it may run.
async fn logo_image(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let found = match platforms::by_code(&state.db, &code).await {
        Ok(row) => logo::of(&state.db, &row).await,
        Err(err) => Err(err),
    };
    match found {
        Ok(Some((media_type, bytes))) => (
            [
                (header::CONTENT_TYPE, media_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => ApiError::NotFound.into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
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

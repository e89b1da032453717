//! The browser app. Release builds embed `frontend/dist` in the binary (one
//! file to deploy); debug builds read it from disk, so a rebuilt frontend shows
//! up without recompiling the server. `cargo xtask frontend` writes that
//! folder, with a brotli and a gzip copy of every file made at build time:
//! compressing here, per request, would cost far more than it saves.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use cultivator_shared::api::first_screen::FirstScreen;
use rust_embed::Embed;

use crate::auth::{PageViewer, SignedInUser};
use crate::domain::certificates;
use crate::domain::first_screen::{self, Reader, Shared};
use crate::routes::platforms::platform_request;
use crate::{ApiError, AppState};

#[derive(Embed)]
#[folder = "../frontend/dist"]
#[allow_missing = true]
struct Dist;

const INDEX: &str = "index.html";
/// The app with the staff pages, for [`cultivator_shared::is_staff_page`] paths.
const STAFF_INDEX: &str = "staff.html";

/// Serves a built file, or the app's page for client-side routes (the staff
/// bundle's for staff pages), branded for the request's platform and
/// carrying its first screen's data. Unknown `/api/` paths get the API's
/// JSON 404, never the page.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let uri = parts.uri.clone();
    let headers = &parts.headers;
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return ApiError::NotFound.into_response();
    }
    if !path.is_empty() && Dist::get(path).is_some() {
        return file(path, headers);
    }
    if path.starts_with("assets/") || path.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let page = if cultivator_shared::is_staff_page(uri.path()) {
        STAFF_INDEX
    } else {
        INDEX
    };
    if Dist::get(page).is_none() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The frontend has not been built: run `cargo xtask frontend` (or `cargo xtask run`).",
        )
            .into_response();
    }
    branded(&state, page, &mut parts).await
}

/// Brotli quality for the page made per request. Measured on a 6 KB home
/// page: quality 5 took ~230 µs and 620 bytes, quality 3 ~35 µs and 785
/// bytes; from quality 5 up brotli builds hash tables that cost more to
/// clear than a page takes to compress.
const PAGE_QUALITY: i32 = 3;

/// Brotli window for that page: 64 KB, above any page. The default (4 MB)
/// makes the encoder allocate and clear a 4 MB ring buffer per page, which
/// was a fifth of the server's CPU time in the home-view benchmark.
const PAGE_WINDOW_BITS: i32 = 16;

/// The app's page with the platform's branding written in. Small and
/// different per platform, so it is compressed here (brotli at a fast
/// quality: a couple of kilobytes take microseconds) rather than taken from
/// the pre-compressed copies; if the platform cannot be read, the plain
/// page still starts the app.
async fn branded(state: &AppState, page: &str, parts: &mut Parts) -> Response {
    let path = parts.uri.path().to_owned();
    let Some(content) = Dist::get(page) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let viewer = match PageViewer::from_request_parts(parts, state).await {
        Ok(viewer) => viewer,
        Err(err) => {
            tracing::warn!(error = %err, "cannot read the session for the page; serving the plain page");
            return file(page, &parts.headers);
        }
    };
    let template = String::from_utf8_lossy(&content.data);
    let request = platform_request(&parts.headers);
    let epoch = viewer.catalogue_epoch;
    let branded = match state
        .pages
        .branded(&state.db, epoch, &request, &template)
        .await
    {
        Ok(branded) => branded,
        Err(err) => {
            tracing::warn!(error = %err, "cannot read the platform; serving the plain page");
            return file(page, &parts.headers);
        }
    };
    let shared = Shared {
        cache: &state.pages,
        epoch,
        platform: branded.platform,
    };
    let mut body = match first_screen(state, &shared, &path, viewer.reader).await {
        Some(screen) => first_screen::in_page(&branded.html, &screen),
        None => branded.html.clone(),
    };
    // The verify page checks a QR link's signature offline: the keys come
    // with the page. Without them it still answers online.
    if path.starts_with("/verify/") {
        match certificates::keys::published(&state.db).await {
            Ok(keys) => body = certificates::keys::in_page(&body, &keys),
            Err(err) => tracing::warn!(error = %err, "cannot read the signing keys"),
        }
    }
    let headers = &parts.headers;
    // Private: the page carries the signed-in person's data.
    let headers_out = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "private, no-cache"),
        (header::VARY, "accept-encoding, host, cookie"),
    ];
    if accepts(headers, "br") {
        let mut compressed = Vec::with_capacity(body.len() / 2);
        let params = brotli::enc::BrotliEncoderParams {
            quality: PAGE_QUALITY,
            lgwin: PAGE_WINDOW_BITS,
            ..Default::default()
        };
        if brotli::BrotliCompress(&mut body.as_bytes(), &mut compressed, &params).is_ok() {
            let mut response = (headers_out, compressed).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            return response;
        }
    }
    (headers_out, body).into_response()
}

/// The first screen's data for this request; `None` when it cannot be read
/// (the app then asks for it as it would without).
async fn first_screen(
    state: &AppState,
    shared: &Shared<'_>,
    path: &str,
    reader: Option<SignedInUser>,
) -> Option<FirstScreen> {
    let reader = reader.map(|signed_in| Reader {
        id: signed_in.user.id,
        home: signed_in.user.region,
        roles: signed_in.user.roles,
        must_change_password: signed_in.must_change_password,
    });
    let today = Utc::now().date_naive();
    match first_screen::for_page(&state.db, shared, path, reader.as_ref(), today).await {
        Ok(screen) => Some(screen),
        Err(err) => {
            tracing::warn!(error = %err, "cannot read the first screen's data");
            None
        }
    }
}

/// Whether the request's `Accept-Encoding` names `coding`.
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(',')
        .any(|part| part.split(';').next().is_some_and(|c| c.trim() == coding))
}

fn file(path: &str, headers: &HeaderMap) -> Response {
    let accepts = |coding: &str| accepts(headers, coding);
    let variant = [("br", ".br"), ("gzip", ".gz")]
        .into_iter()
        .filter(|(coding, _)| accepts(coding))
        .find_map(|(coding, suffix)| {
            Dist::get(&format!("{path}{suffix}")).map(|f| (Some(coding), f))
        });
    let Some((encoding, content)) = variant.or_else(|| Dist::get(path).map(|f| (None, f))) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };

    let mime = mime_guess::from_path(path).first_or_octet_stream();
    // Hashed asset names change with their content, so they can be cached forever;
    // the index page must be revalidated to pick up a new build.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = Response::new(Body::from(content.data.into_owned()));
    let response_headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        response_headers.insert(header::CONTENT_TYPE, value);
    }
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response_headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

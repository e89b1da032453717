//! The browser app. Release builds embed `frontend/dist` in the binary (one
//! file to deploy); debug builds read it from disk, so a rebuilt frontend shows
//! up without recompiling the server. `cargo xtask frontend` writes that
//! folder, with a brotli and a gzip copy of every file made at build time:
//! compressing here, per request, would cost far more than it saves.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

use crate::domain::{certificates, platforms};
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
/// bundle's for staff pages), branded for the request's platform.
/// Unknown `/api/` paths get the API's JSON 404, never the page.
pub async fn serve(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return ApiError::NotFound.into_response();
    }
    if !path.is_empty() && Dist::get(path).is_some() {
        return file(path, &headers);
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
    branded(&state, page, uri.path(), &headers).await
}

/// The app's page with the platform's branding written in. Small and
/// different per platform, so it is compressed here (brotli at a fast
/// quality: a couple of kilobytes take microseconds) rather than taken from
/// the pre-compressed copies; if the platform cannot be read, the plain
/// page still starts the app.
async fn branded(state: &AppState, page: &str, path: &str, headers: &HeaderMap) -> Response {
    let found = match platforms::resolve(&state.db, &platform_request(headers)).await {
        Ok(row) => platforms::page_view(&state.db, &row)
            .await
            .map_err(platforms::PlatformError::from),
        Err(err) => Err(err),
    };
    let view = match found {
        Ok(view) => view,
        Err(err) => {
            tracing::warn!(error = %err, "cannot read the platform; serving the plain page");
            return file(page, headers);
        }
    };
    let Some(content) = Dist::get(page) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let html = String::from_utf8_lossy(&content.data);
    let mut body = platforms::branded_page(&html, &view);
    // The verify page checks a QR link's signature offline: the keys come
    // with the page. Without them it still answers online.
    if path.starts_with("/verify/") {
        match certificates::keys::published(&state.db).await {
            Ok(keys) => body = certificates::keys::in_page(&body, &keys),
            Err(err) => tracing::warn!(error = %err, "cannot read the signing keys"),
        }
    }
    let headers_out = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "no-cache"),
        (header::VARY, "accept-encoding, host, cookie"),
    ];
    if accepts(headers, "br") {
        let mut compressed = Vec::with_capacity(body.len() / 2);
        let params = brotli::enc::BrotliEncoderParams {
            quality: 5,
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

//! File downloads: a body with its type and an attachment file name.

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub const CSV: &str = "text/csv; charset=utf-8";
pub const PDF: &str = "application/pdf";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `body` as a download named `name` (plain ASCII, chosen by the server).
pub fn attachment(name: &str, mime: &'static str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    match HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        Ok(value) => {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        // Names are made by the server; one that is no header value is our bug.
        Err(e) => return crate::ApiError::internal(e).into_response(),
    }
    response
}

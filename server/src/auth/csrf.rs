//! CSRF defence: every state-changing API request must carry our custom
//! header (see `cultivator_shared::CSRF_HEADER` for why that suffices).

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cultivator_shared::{CSRF_HEADER, CSRF_HEADER_VALUE};

use crate::ApiError;

pub async fn require_header(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let present = request.headers().get(CSRF_HEADER).is_some_and(|v| v.as_bytes() == CSRF_HEADER_VALUE.as_bytes());
    if safe || present { next.run(request).await } else { ApiError::CsrfHeaderMissing.into_response() }
}

//! The one place that talks HTTP. Every function calls one endpoint of
//! `/api/v1` with the shared request and response types and returns
//! `Result<T, ApiError>`; pages never build requests themselves. This module
//! holds the shared plumbing and the foundation's calls; each area of the app
//! has its own submodule.
//!
//! Requests are same-origin, so the session cookie goes along by default;
//! every state-changing request carries the CSRF header.

use cultivator_shared::api::Page;
use cultivator_shared::api::auth::{LoginRequest, RegisterRequest, UserView};
use cultivator_shared::api::catalog::{ClassSummary, CourseSummary};
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{ApiErrorBody, CSRF_HEADER, CSRF_HEADER_VALUE, ErrorCode, RegionCode};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub mod account;
#[cfg(feature = "staff")]
pub mod admin;
#[cfg(feature = "staff")]
pub mod certificate_staff;
mod certificates;
#[cfg(feature = "staff")]
pub mod coord;
pub mod first_screen;
pub mod notices;
mod offline;
mod online;
#[cfg(feature = "staff")]
pub mod platform_items;
pub mod rosters;
#[cfg(feature = "staff")]
pub mod setup;
mod teach;

pub use certificates::*;
pub use offline::*;
pub use online::*;
pub use teach::*;

pub(crate) const BASE: &str = "/api/v1";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with its error shape.
    Api { status: u16, body: ApiErrorBody },
    /// The server could not be reached (offline, DNS, connection reset).
    Network,
    /// The server answered, but not with what the API promises.
    Unexpected { status: u16 },
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Api { body, .. } => Some(body.code),
            _ => None,
        }
    }

    /// A refusal known only by its code (an answer that came while the
    /// page was not waiting for it, as for a parcel of `crate::outbox`).
    pub fn refused(code: ErrorCode) -> ApiError {
        ApiError::Api {
            status: 400,
            body: ApiErrorBody {
                code,
                message: String::new(),
                fields: Vec::new(),
            },
        }
    }

    pub fn is_unauthenticated(&self) -> bool {
        self.code() == Some(ErrorCode::Unauthenticated)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

pub async fn register(request: &RegisterRequest) -> ApiResult<UserView> {
    signed_in(send_json(Request::post(&url("/auth/register")), request).await)
}

pub async fn login(request: &LoginRequest) -> ApiResult<UserView> {
    signed_in(send_json(Request::post(&url("/auth/login")), request).await)
}

/// Tells the outbox who is signed in, and sends what waits for them.
fn signed_in(answer: ApiResult<UserView>) -> ApiResult<UserView> {
    if let Ok(user) = &answer {
        crate::outbox::seen(user.id);
        leptos::task::spawn_local(crate::outbox::send_waiting());
    }
    answer
}

pub async fn logout() -> ApiResult<()> {
    post_empty("/auth/logout").await?;
    crate::outbox::forget();
    Ok(())
}

/// Ends every session of the signed-in user, on every device.
pub async fn logout_everywhere() -> ApiResult<()> {
    post_empty("/auth/logout-everywhere").await?;
    crate::outbox::forget();
    Ok(())
}

/// A POST without a body whose answer carries none.
pub(crate) async fn post_empty(path: &str) -> ApiResult<()> {
    let request = with_csrf(Request::post(&url(path)))
        .build()
        .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(&response).await)
    }
}

/// The signed-in user; `Unauthenticated` when nobody is.
pub async fn me() -> ApiResult<UserView> {
    let answer = match first_screen::me() {
        Some(known) => known,
        None => get(&url("/auth/me")).await,
    };
    if let Ok(user) = &answer {
        crate::outbox::seen(user.id);
    }
    answer
}

/// The provinces.
pub async fn provinces() -> ApiResult<Vec<RegionView>> {
    get(&url("/regions")).await
}

/// The regions directly below `code` (empty below a village).
pub async fn region_children(code: &RegionCode) -> ApiResult<Vec<RegionView>> {
    get(&url(&format!("/regions/{code}/children"))).await
}

/// The path from the province down to `code`, looked up level by level.
pub async fn region_path(code: &RegionCode) -> ApiResult<Vec<RegionView>> {
    let mut path = Vec::new();
    let mut siblings = provinces().await?;
    for step in code.lineage() {
        let Some(found) = siblings.into_iter().find(|r| r.code == step) else {
            break;
        };
        if found.code != *code {
            siblings = region_children(&found.code).await?;
        } else {
            siblings = Vec::new();
        }
        path.push(found);
    }
    Ok(path)
}

/// Published courses.
pub async fn courses() -> ApiResult<Page<CourseSummary>> {
    if let Some(known) = first_screen::public_list(|h| h.courses.clone()) {
        return Ok(known);
    }
    get(&url("/courses")).await
}

/// Classes open for application.
pub async fn classes() -> ApiResult<Page<ClassSummary>> {
    get(&url("/classes")).await
}

pub(crate) fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// Every change goes through here, so this is where the page's first-screen
/// data stop holding.
pub(crate) fn with_csrf(builder: RequestBuilder) -> RequestBuilder {
    first_screen::changed_something();
    builder.header(CSRF_HEADER, CSRF_HEADER_VALUE)
}

pub(crate) async fn get<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

pub(crate) async fn send_json<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> ApiResult<T> {
    let request = with_csrf(builder)
        .json(body)
        .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    read(response).await
}

/// PUTs a file the person chose as it is (the server tells its kind from
/// its content) and reads the JSON answer.
#[cfg(feature = "staff")]
pub(crate) async fn put_file<T: DeserializeOwned>(url: &str, file: web_sys::File) -> ApiResult<T> {
    let response = with_csrf(Request::put(url))
        .header("content-type", "application/octet-stream")
        .body(file)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

pub(crate) async fn read<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    if response.ok() {
        let status = response.status();
        response
            .json()
            .await
            .map_err(|_| ApiError::Unexpected { status })
    } else {
        Err(error_from(&response).await)
    }
}

pub(crate) async fn error_from(response: &Response) -> ApiError {
    let status = response.status();
    match response.json::<ApiErrorBody>().await {
        Ok(body) => ApiError::Api { status, body },
        Err(_) => ApiError::Unexpected { status },
    }
}

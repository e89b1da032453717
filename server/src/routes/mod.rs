//! The HTTP API, grouped as the domain is (accounts, learning, classes,
//! coordination): one module per resource, each exporting a relative
//! `router()` nested here at its prefix, with the OpenAPI document they
//! describe.

mod accounts;
mod audit;
mod certificate_batches;
mod certificate_templates;
mod certificates;
mod classes;
mod coordination;
mod download;
mod health;
mod integrity;
mod learning;
mod notifications;
pub mod platforms;
mod programmes;
mod regions;

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Cultivator API", description = "Training and learning management for rural talent programmes."),
    tags(
        (name = "auth", description = "Registration, sign-in and the current user"),
        (name = "regions", description = "The administrative region tree"),
        (name = "catalog", description = "Published courses and open classes"),
        (name = "admin", description = "Accounts, roles and the audit trail"),
        (name = "operations", description = "Health checks"),
        (name = "programmes", description = "Setting up programmes and the stages of their pathway"),
        (name = "platforms", description = "Provincial platforms: branded sites over the national data set"),
        (name = "coordination", description = "Coordinators' targets, dashboard, classes in scope and integrity report"),
        (name = "learning", description = "Enrolment, lesson progress and credit hours"),
        (name = "quizzes", description = "Question banks, quizzes and attempts"),
        (name = "authoring", description = "Instructors creating and publishing courses"),
        (name = "classes", description = "Classes, sessions, applications and the waitlist"),
        (name = "checkin", description = "Session check-in and attendance"),
        (name = "notifications", description = "The signed-in person's notifications"),
        (name = "certificates", description = "Certificates, their public check and signing keys"),
    )
)]
struct ApiDoc;

/// Where the API lives; every router below is relative to its prefix.
const API: &str = "/api/v1";

/// Every API route, and the OpenAPI document describing exactly those routes.
/// Each module's router is relative and nested here at its prefix; only the
/// health check sits at the root, outside the API (axum cannot nest at `/`).
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(certificates::well_known())
        .nest(&format!("{API}/auth"), accounts::auth::router())
        .nest(&format!("{API}/auth"), accounts::password::router())
        .nest(&format!("{API}/auth"), accounts::profile::router())
        .nest(API, accounts::staff::router())
        .nest(&format!("{API}/admin"), accounts::admin::router())
        .nest(API, audit::router())
        .nest(API, programmes::router())
        .nest(API, platforms::router())
        .nest(&format!("{API}/regions"), regions::router())
        .nest(&format!("{API}/coordination"), coordination::router())
        .nest(&format!("{API}/coordination"), integrity::router())
        .nest(API, learning::courses::router())
        .nest(API, learning::media::router())
        .nest(API, learning::progress::router())
        .nest(API, learning::quizzes::router())
        .nest(API, learning::summaries::router())
        // Merged before nesting: both serve `/classes/{id}` (read, changed),
        // and the OpenAPI document joins a path's operations only on merge
        // (nesting the same path twice keeps the last router's alone).
        .nest(
            API,
            classes::setup::router().merge(classes::changes::router()),
        )
        .nest(API, classes::staffing::router())
        .nest(API, notifications::router())
        .nest(API, classes::applications::router())
        .nest(API, classes::checkin::router())
        .nest(API, classes::export::router())
        .nest(API, classes::progress::router())
        .nest(API, classes::rosters::router())
        .nest(API, classes::pathway::router())
        .nest(API, classes::online_courses::router())
        .nest(API, certificates::router())
        .nest(API, certificate_templates::router())
        .nest(API, certificate_batches::router())
        .split_for_parts()
}

/// The site's public origin, for links printed or put in QR codes:
/// configured (`CULTIVATOR_PUBLIC_ORIGIN`), or the one the browser used.
pub(crate) fn public_origin(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(origin) = &state.config.public_origin {
        return origin.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

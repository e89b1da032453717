//! The HTTP API: one module per resource, each exporting `router()`, merged
//! here together with the OpenAPI document they describe.

mod admin;
mod auth;
mod authoring;
mod catalog;
mod checkin;
mod class_export;
mod classes;
mod coordination;
mod download;
mod health;
mod learning;
mod media;
mod my_learning;
mod online_classes;
mod pathway;
mod quizzes;
mod regions;
mod rosters;

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
        (name = "admin", description = "Accounts and roles"),
        (name = "operations", description = "Health checks"),
        (name = "coordination", description = "Coordinators' targets, dashboard and classes in scope"),
        (name = "learning", description = "Enrolment, lesson progress and credit hours"),
        (name = "quizzes", description = "Question banks, quizzes and attempts"),
        (name = "authoring", description = "Instructors creating and publishing courses"),
        (name = "classes", description = "Classes, sessions, applications and the waitlist"),
        (name = "checkin", description = "Session check-in and attendance"),
    )
)]
struct ApiDoc;

/// Every API route, and the OpenAPI document describing exactly those routes.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1/auth", auth::router())
        .nest("/api/v1/regions", regions::router())
        .nest("/api/v1", catalog::router())
        .nest("/api/v1/admin", admin::router())
        .merge(health::router())
        .nest("/api/v1/coordination", coordination::router())
        .nest("/api/v1", learning::router())
        .nest("/api/v1", quizzes::router())
        .nest("/api/v1", authoring::router())
        .nest("/api/v1", media::router())
        .merge(classes::router())
        .merge(checkin::router())
        .merge(class_export::router())
        .nest("/api/v1", online_classes::router())
        .nest("/api/v1", my_learning::router())
        .merge(rosters::router())
        .merge(pathway::router())
        .split_for_parts()
}

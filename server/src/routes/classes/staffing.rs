//! A class's instructors: listed, added and removed by its managers
//! (coordinators over its region, admins and its instructors). Only
//! instructors whose region covers the class's can be added.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use cultivator_shared::api::classes::ClassInstructors;
use cultivator_shared::{ApiErrorBody, UserId};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize_class_change, may_run_class_in};
use crate::auth::{ClientAddr, ManagedClass};
use crate::domain::classes::staffing;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(instructors))
        .routes(routes!(assign_instructor, remove_instructor))
}

/// The `{user}` of `/classes/{id}/instructors/{user}` (the class is the
/// `ManagedClass` extractor's).
#[derive(Debug, Deserialize)]
struct InstructorPath {
    user: i64,
}

/// The class's instructors, and the instructors who could be added.
#[utoipa::path(get, path = "/classes/{id}/instructors", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = ClassInstructors), (status = 403, body = ApiErrorBody)))]
async fn instructors(
    State(state): State<AppState>,
    managed: ManagedClass,
) -> Result<ApiJson<ClassInstructors>, ApiError> {
    Ok(ApiJson(staffing::list(&state.db, &managed.class).await?))
}

/// Adds an instructor to the class: someone holding the instructor role
/// whose region covers the class's (else 422 `instructor_out_of_scope`);
/// someone already listed answers 409.
#[utoipa::path(put, path = "/classes/{id}/instructors/{user}", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ("user" = i64, Path, description = "The instructor's user id")),
    responses(
        (status = 204),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn assign_instructor(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    Path(path): Path<InstructorPath>,
) -> Result<StatusCode, ApiError> {
    authorize_class_change(&managed.user, &managed.staff)?;
    let actor = managed.user.actor(address);
    staffing::assign(
        &state.db,
        managed.id(),
        UserId(path.user),
        may_run_class_in,
        &actor,
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes an instructor off the class; a class keeps at least one (409
/// `last_instructor`).
#[utoipa::path(delete, path = "/classes/{id}/instructors/{user}", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ("user" = i64, Path, description = "The instructor's user id")),
    responses(
        (status = 204),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn remove_instructor(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    Path(path): Path<InstructorPath>,
) -> Result<StatusCode, ApiError> {
    authorize_class_change(&managed.user, &managed.staff)?;
    let actor = managed.user.actor(address);
    staffing::remove(
        &state.db,
        managed.id(),
        UserId(path.user),
        &actor,
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

//! Classes for instructors and trainees: creating a class and its sessions,
//! applying and withdrawing, decisions on applications, and notifications.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use cultivator_shared::api::catalog::ClassSummary;
use cultivator_shared::api::classes::{
    ClassDetail, CreateClassRequest, Finalised, MyEnrollment, NewSessionRequest, NotificationView,
    RosterEntry, SessionView,
};
use cultivator_shared::{ApiErrorBody, ClassId, EnrollmentId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize, authorize_class};
use crate::auth::{Action, CurrentUser};
use crate::db::{enrollment_queue, notifications};
use crate::domain::classes::applications::{self, Decision};
use crate::domain::classes::setup;
use crate::domain::completion::offline_class;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_class))
        .routes(routes!(class_detail))
        .routes(routes!(add_session))
        .routes(routes!(roster))
        .routes(routes!(apply))
        .routes(routes!(withdraw))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(remove))
        .routes(routes!(my_classes_to_run))
        .routes(routes!(my_notifications))
        .routes(routes!(finalise))
}

/// Creates a published class; the creator becomes its instructor.
#[utoipa::path(post, path = "/api/v1/classes", tag = "classes", request_body = CreateClassRequest,
    responses(
        (status = 201, body = ClassDetail),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn create_class(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<CreateClassRequest>,
) -> Result<(StatusCode, ApiJson<ClassDetail>), ApiError> {
    authorize(&user, Action::CreateClass)?;
    let id = setup::create(&state.db, user.id, &request).await?;
    let class = setup::find(&state.db, id).await?;
    let detail = setup::detail(&state.db, class, &user).await?;
    Ok((StatusCode::CREATED, ApiJson(detail)))
}

/// A class with its sessions and the asking user's own enrollment.
#[utoipa::path(get, path = "/api/v1/classes/{id}", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = ClassDetail), (status = 404, body = ApiErrorBody)))]
async fn class_detail(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<ClassDetail>, ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    Ok(ApiJson(setup::detail(&state.db, class, &user).await?))
}

/// Adds a session (its own start, end and venue) to a class.
#[utoipa::path(post, path = "/api/v1/classes/{id}/sessions", tag = "classes",
    request_body = NewSessionRequest,
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 201, body = SessionView),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn add_session(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<NewSessionRequest>,
) -> Result<(StatusCode, ApiJson<SessionView>), ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    authorize_class(&user, &setup::staff(&state.db, &class).await?)?;
    let session = setup::add_session(&state.db, &class, &request).await?;
    Ok((StatusCode::CREATED, ApiJson(session)))
}

/// Everyone who applied, for the class's instructors.
#[utoipa::path(get, path = "/api/v1/classes/{id}/enrollments", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = Vec<RosterEntry>), (status = 403, body = ApiErrorBody)))]
async fn roster(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<Vec<RosterEntry>>, ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    authorize_class(&user, &setup::staff(&state.db, &class).await?)?;
    Ok(ApiJson(
        enrollment_queue::roster(&state.db, ClassId(id)).await?,
    ))
}

/// Applies for a seat: enrolled, waitlisted (with a place in line) or awaiting approval.
#[utoipa::path(post, path = "/api/v1/classes/{id}/apply", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, body = MyEnrollment),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn apply(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    authorize(&user, Action::ApplyToClass)?;
    Ok(ApiJson(
        applications::apply(&state.db, ClassId(id), user.id, &user.region, Utc::now()).await?,
    ))
}

/// Withdraws from a class; a freed seat goes to the first in line.
#[utoipa::path(post, path = "/api/v1/classes/{id}/withdraw", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = MyEnrollment), (status = 409, body = ApiErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    Ok(ApiJson(
        applications::withdraw(&state.db, ClassId(id), user.id, Utc::now()).await?,
    ))
}

async fn decide(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    decision: Decision,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    let class_id = applications::class_of(&state.db, EnrollmentId(id)).await?;
    let class = setup::find(&state.db, class_id).await?;
    authorize_class(user, &setup::staff(&state.db, &class).await?)?;
    Ok(ApiJson(
        applications::decide(&state.db, EnrollmentId(id), decision, Utc::now()).await?,
    ))
}

/// Approves an application; refused when every seat is taken.
#[utoipa::path(post, path = "/api/v1/enrollments/{id}/approve", tag = "classes",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses((status = 200, body = MyEnrollment), (status = 409, body = ApiErrorBody)))]
async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    decide(&state, &user, id, Decision::Approve).await
}

/// Rejects an application or a place on the waitlist.
#[utoipa::path(post, path = "/api/v1/enrollments/{id}/reject", tag = "classes",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses((status = 200, body = MyEnrollment), (status = 409, body = ApiErrorBody)))]
async fn reject(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    decide(&state, &user, id, Decision::Reject).await
}

/// Removes a trainee from the class; a freed seat goes to the first in line.
#[utoipa::path(post, path = "/api/v1/enrollments/{id}/remove", tag = "classes",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses((status = 200, body = MyEnrollment), (status = 409, body = ApiErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    decide(&state, &user, id, Decision::Remove).await
}

/// The classes the signed-in user runs as an instructor.
#[utoipa::path(get, path = "/api/v1/instructor/classes", tag = "classes",
    responses((status = 200, body = Vec<ClassSummary>)))]
async fn my_classes_to_run(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<ApiJson<Vec<ClassSummary>>, ApiError> {
    Ok(ApiJson(setup::run_by(&state.db, user.id).await?))
}

/// The signed-in user's latest notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "classes",
    responses((status = 200, body = Vec<NotificationView>)))]
async fn my_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<ApiJson<Vec<NotificationView>>, ApiError> {
    Ok(ApiJson(
        notifications::of_user(&state.db, user.id, 50).await?,
    ))
}

/// Completes every enrolled trainee whose attendance meets the class's
/// threshold, in one transaction.
#[utoipa::path(post, path = "/api/v1/classes/{id}/finalise", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, body = Finalised),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn finalise(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<Finalised>, ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    authorize_class(&user, &setup::staff(&state.db, &class).await?)?;
    Ok(ApiJson(
        offline_class::finalise(&state.db, ClassId(id), Utc::now()).await?,
    ))
}

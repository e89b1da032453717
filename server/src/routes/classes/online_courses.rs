//! The courses an online class follows: completing them all completes the
//! class and counts the trainee for the class's programme.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use cultivator_shared::api::online_classes::{ClassCourseProgress, ClassCourses};
use cultivator_shared::{ApiErrorBody, ClassId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{ClientAddr, CurrentUser, ManagedClass};
use crate::db::class_courses;
use crate::domain::classes::online_courses;
use crate::domain::classes::setup;
use crate::domain::learning::summaries;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(class_courses_list, set_class_courses))
        .routes(routes!(my_class_courses))
}

/// The courses an online class follows, in order.
#[utoipa::path(get, path = "/classes/{id}/courses", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = ClassCourses), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn class_courses_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<ClassCourses>, ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    Ok(ApiJson(ClassCourses {
        courses: class_courses::of_class(&state.db, ClassId(class.id)).await?,
    }))
}

/// Sets the published courses an online class follows (its managers only).
#[utoipa::path(put, path = "/classes/{id}/courses", tag = "classes", request_body = ClassCourses,
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "Not an online class"), (status = 422, body = ApiErrorBody)))]
async fn set_class_courses(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    ApiJson(list): ApiJson<ClassCourses>,
) -> Result<StatusCode, ApiError> {
    let actor = managed.user.actor(address);
    online_courses::set_courses(&state.db, &actor, &managed.class, &list.courses).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The courses an online class follows, in order, each with the signed-in
/// user's progress: what a trainee reads on the class's page.
#[utoipa::path(get, path = "/me/classes/{id}/courses", tag = "learning",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = Vec<ClassCourseProgress>), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn my_class_courses(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<Vec<ClassCourseProgress>>, ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    Ok(ApiJson(
        summaries::class_course_progress(&state.db, ClassId(class.id), user.id).await?,
    ))
}

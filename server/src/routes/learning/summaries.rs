//! What the learning pages read: a trainee's own courses and progress, and an
//! instructor's own courses.

use axum::extract::{Path, State};
use cultivator_shared::api::my_learning::{AuthoredCourse, MyCourse, MyCourseProgress};
use cultivator_shared::{ApiErrorBody, CourseId, Role};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::authorize;
use crate::auth::{Action, CurrentUser, authorize_course_viewer};
use crate::domain::learning::summaries;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_courses))
        .routes(routes!(my_course_progress))
        .routes(routes!(authored_courses))
}

/// The courses the signed-in user is enrolled in, with progress and the
/// lesson to continue with ("continue learning").
#[utoipa::path(get, path = "/me/courses", tag = "learning",
    responses((status = 200, body = Vec<MyCourse>), (status = 401, body = ApiErrorBody)))]
async fn my_courses(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<ApiJson<Vec<MyCourse>>, ApiError> {
    Ok(ApiJson(summaries::my_courses(&state.db, user.id).await?))
}

/// The signed-in user's enrollment and progress in one course (empty before
/// enrolling); 404 for a course they cannot see.
#[utoipa::path(get, path = "/me/courses/{id}", tag = "learning",
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 200, body = MyCourseProgress),
        (status = 401, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn my_course_progress(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyCourseProgress>, ApiError> {
    authorize_course_viewer(&state, Some(&user), CourseId(id)).await?;
    Ok(ApiJson(
        summaries::course_progress(&state.db, CourseId(id), user.id).await?,
    ))
}

/// The signed-in instructor's courses, drafts included (every course for admins).
#[utoipa::path(get, path = "/instructor/courses", tag = "authoring",
    responses((status = 200, body = Vec<AuthoredCourse>), (status = 403, body = ApiErrorBody)))]
async fn authored_courses(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<ApiJson<Vec<AuthoredCourse>>, ApiError> {
    authorize(&user, Action::AuthorCourses)?;
    let author = (!user.has_role(Role::Admin)).then_some(user.id);
    Ok(ApiJson(
        summaries::authored_courses(&state.db, author).await?,
    ))
}

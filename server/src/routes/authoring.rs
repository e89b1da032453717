//! Course authoring for instructors, and the course outline everyone reads.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use cultivator_shared::api::authoring::{
    CourseDraft, CourseOrder, CourseOutline, Created, LessonDraft, ModuleDraft,
};
use cultivator_shared::{ApiErrorBody, CourseId, LessonId, ModuleId, PublishState, UserId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize, authorize_course_edit};
use crate::auth::{Action, CurrentUser};
use crate::domain::learning::authoring;
use crate::domain::learning::course_order;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(course_outline, edit_course))
        .routes(routes!(publish_course))
        .routes(routes!(add_module))
        .routes(routes!(add_lesson))
        .routes(routes!(reorder_course))
        .routes(routes!(edit_lesson))
}

async fn may_edit(state: &AppState, user: &CurrentUser, course: CourseId) -> Result<(), ApiError> {
    let (model, _) = authoring::outline(&state.db, course).await?;
    authorize_course_edit(user, UserId(model.author_id))
}

/// Creates a draft course authored by the signed-in instructor. Routed by
/// the catalogue's router, which owns the `/courses` path.
#[utoipa::path(post, path = "/courses", tag = "authoring", request_body = CourseDraft,
    responses((status = 201, body = Created), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub(super) async fn create_course(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(draft): ApiJson<CourseDraft>,
) -> Result<(StatusCode, ApiJson<Created>), ApiError> {
    authorize(&user, Action::AuthorCourses)?;
    let id = authoring::create_course(&state.db, user.id, draft).await?;
    Ok((StatusCode::CREATED, ApiJson(Created { id: id.0 })))
}

/// A course with its modules and lessons: published ones for everyone,
/// drafts for their author and admins.
#[utoipa::path(get, path = "/courses/{id}", tag = "authoring",
    params(("id" = i64, Path, description = "Course id")),
    responses((status = 200, body = CourseOutline), (status = 404, body = ApiErrorBody)))]
async fn course_outline(
    State(state): State<AppState>,
    user: Result<CurrentUser, ApiError>,
    Path(id): Path<i64>,
) -> Result<ApiJson<CourseOutline>, ApiError> {
    let (model, outline) = authoring::outline(&state.db, CourseId(id)).await?;
    let visible = outline.state == PublishState::Published
        || user.is_ok_and(|u| authorize_course_edit(&u, UserId(model.author_id)).is_ok());
    if !visible {
        return Err(ApiError::NotFound);
    }
    Ok(ApiJson(outline))
}

/// Edits a course's details; progress already made is kept.
#[utoipa::path(put, path = "/courses/{id}", tag = "authoring", request_body = CourseDraft,
    params(("id" = i64, Path, description = "Course id")),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn edit_course(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<CourseDraft>,
) -> Result<StatusCode, ApiError> {
    may_edit(&state, &user, CourseId(id)).await?;
    authoring::edit_course(&state.db, CourseId(id), draft).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publishes a course: it appears in the catalogue and trainees can enrol.
#[utoipa::path(post, path = "/courses/{id}/publish", tag = "authoring",
    params(("id" = i64, Path, description = "Course id")),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn publish_course(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    may_edit(&state, &user, CourseId(id)).await?;
    authoring::set_state(&state.db, CourseId(id), PublishState::Published).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Appends a module to a course.
#[utoipa::path(post, path = "/courses/{id}/modules", tag = "authoring", request_body = ModuleDraft,
    params(("id" = i64, Path, description = "Course id")),
    responses((status = 201, body = Created), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn add_module(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<ModuleDraft>,
) -> Result<(StatusCode, ApiJson<Created>), ApiError> {
    may_edit(&state, &user, CourseId(id)).await?;
    let module = authoring::add_module(&state.db, CourseId(id), draft).await?;
    Ok((StatusCode::CREATED, ApiJson(Created { id: module.0 })))
}

/// Appends a lesson (video, article or document) to a module.
#[utoipa::path(post, path = "/modules/{id}/lessons", tag = "authoring", request_body = LessonDraft,
    params(("id" = i64, Path, description = "Module id")),
    responses((status = 201, body = Created), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn add_lesson(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<LessonDraft>,
) -> Result<(StatusCode, ApiJson<Created>), ApiError> {
    let course = authoring::course_of_module(&state.db, ModuleId(id)).await?;
    may_edit(&state, &user, course).await?;
    let lesson = authoring::add_lesson(&state.db, ModuleId(id), draft).await?;
    Ok((StatusCode::CREATED, ApiJson(Created { id: lesson.0 })))
}

/// Puts a course's modules and lessons in a new order, also once published:
/// nobody's progress changes. The order must name every module and lesson
/// of the course exactly once (409 otherwise, e.g. from a stale view).
#[utoipa::path(put, path = "/courses/{id}/order", tag = "authoring", request_body = CourseOrder,
    params(("id" = i64, Path, description = "Course id")),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn reorder_course(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(order): ApiJson<CourseOrder>,
) -> Result<StatusCode, ApiError> {
    may_edit(&state, &user, CourseId(id)).await?;
    course_order::reorder(&state.db, CourseId(id), order).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Edits a lesson (title, required, a video's length, an article's text),
/// also in a published course: progress made in it is kept. Its kind
/// cannot change (409).
#[utoipa::path(put, path = "/lessons/{id}", tag = "authoring", request_body = LessonDraft,
    params(("id" = i64, Path, description = "Lesson id")),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn edit_lesson(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<LessonDraft>,
) -> Result<StatusCode, ApiError> {
    let (_, author) = authoring::lesson_for_edit(&state.db, LessonId(id)).await?;
    authorize_course_edit(&user, author)?;
    course_order::edit_lesson(&state.db, LessonId(id), draft).await?;
    Ok(StatusCode::NO_CONTENT)
}

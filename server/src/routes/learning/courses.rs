//! Courses: the published catalogue and its categories, the outline everyone
//! reads, and authoring for instructors (create, edit, publish, modules,
//! lessons, order).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use cultivator_shared::api::Page;
use cultivator_shared::api::authoring::{
    CourseDraft, CourseOrder, CourseOutline, Created, LessonDraft, ModuleDraft,
};
use cultivator_shared::api::catalog::CourseSummary;
use cultivator_shared::api::my_learning::CourseFilter;
use cultivator_shared::{ApiErrorBody, CourseId, LessonId, ModuleId, PublishState};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::authorize;
use crate::auth::{
    Action, ClientAddr, CurrentUser, authorize_course_editor, authorize_course_viewer,
};
use crate::db::course_views;
use crate::domain::learning::authoring;
use crate::domain::learning::course_order;
use crate::error::{ApiJson, ApiQuery};
use crate::routes::platforms::RequestPlatform;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(published_courses, create_course))
        .routes(routes!(categories))
        .routes(routes!(course_outline, edit_course))
        .routes(routes!(publish_course))
        .routes(routes!(add_module))
        .routes(routes!(add_lesson))
        .routes(routes!(reorder_course))
        .routes(routes!(edit_lesson))
}

/// Published courses shown on this platform (shared nationally, or its
/// own), newest first; optionally only those whose title or
/// summary contains the search words, or of one category.
#[utoipa::path(get, path = "/courses", tag = "catalog", params(CourseFilter),
    responses((status = 200, body = Page<CourseSummary>)))]
async fn published_courses(
    State(state): State<AppState>,
    RequestPlatform(platform): RequestPlatform,
    ApiQuery(filter): ApiQuery<CourseFilter>,
) -> Result<ApiJson<Page<CourseSummary>>, ApiError> {
    let page = filter.page();
    let (items, total) = course_views::published_matching(
        &state.db,
        platform.id,
        filter.words(),
        filter.category(),
        page.limit(),
        page.offset(),
    )
    .await?;
    Ok(ApiJson(Page { items, total }))
}

/// The categories of published courses, for the catalogue's filter.
#[utoipa::path(get, path = "/course-categories", tag = "catalog",
    responses((status = 200, body = Vec<String>)))]
async fn categories(
    State(state): State<AppState>,
    RequestPlatform(platform): RequestPlatform,
) -> Result<ApiJson<Vec<String>>, ApiError> {
    Ok(ApiJson(
        course_views::published_categories(&state.db, platform.id).await?,
    ))
}

/// Creates a draft course authored by the signed-in instructor.
#[utoipa::path(post, path = "/courses", tag = "authoring", request_body = CourseDraft,
    responses((status = 201, body = Created), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn create_course(
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
    authorize_course_viewer(&state, user.as_ref().ok(), CourseId(id)).await?;
    let outline = authoring::outline(&state.db, CourseId(id)).await?;
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
    authorize_course_editor(&state, &user, CourseId(id)).await?;
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
    address: ClientAddr,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    authorize_course_editor(&state, &user, CourseId(id)).await?;
    let actor = user.actor(address);
    authoring::set_state(&state.db, &actor, CourseId(id), PublishState::Published).await?;
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
    authorize_course_editor(&state, &user, CourseId(id)).await?;
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
    authorize_course_editor(&state, &user, course).await?;
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
    authorize_course_editor(&state, &user, CourseId(id)).await?;
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
    let (_, course) = authoring::lesson_with_course(&state.db, LessonId(id)).await?;
    authorize_course_editor(&state, &user, course).await?;
    course_order::edit_lesson(&state.db, LessonId(id), draft).await?;
    Ok(StatusCode::NO_CONTENT)
}

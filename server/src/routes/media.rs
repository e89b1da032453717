//! Lesson media: instructors upload (type and size checked), enrolled
//! trainees stream with HTTP range requests so seeking works on phones.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cultivator_shared::api::authoring::LessonKind;
use cultivator_shared::{ApiErrorBody, CourseId, LessonId};
use tower::ServiceExt;
use tower_http::services::ServeFile;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize_course_edit, can};
use crate::auth::{Action, CurrentUser};
use crate::db::course_enrollments;
use crate::domain::{authoring, media};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_media, lesson_media))
}

/// Uploads a lesson's media as the raw request body, typed by `Content-Type`.
#[utoipa::path(put, path = "/lessons/{id}/media", tag = "authoring",
    params(("id" = i64, Path, description = "Lesson id")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 204),
        (status = 403, body = ApiErrorBody),
        (status = 413, body = ApiErrorBody),
        (status = 415, body = ApiErrorBody),
    ))]
async fn upload_media(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    request: Request,
) -> Result<StatusCode, ApiError> {
    let (lesson, author) = authoring::lesson_for_edit(&state.db, LessonId(id)).await?;
    authorize_course_edit(&user, author)?;
    let kind = LessonKind::parse(&lesson.kind).ok_or(ApiError::UnsupportedMediaType)?;
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let ext = media::extension_for(kind, content_type).ok_or(ApiError::UnsupportedMediaType)?;
    let limit = usize::try_from(state.config.media_max_bytes).unwrap_or(usize::MAX);
    let bytes = axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|_| ApiError::PayloadTooLarge)?;
    let key = format!("lesson-{id}.{ext}");
    let path = state.media.local_path(&key).ok_or(ApiError::NotFound)?;
    let staging = state.media.staging_path(&key);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(ApiError::internal)?;
    }
    // Written aside, then renamed: a viewer never streams half a file.
    tokio::fs::write(&staging, &bytes)
        .await
        .map_err(ApiError::internal)?;
    tokio::fs::rename(&staging, &path)
        .await
        .map_err(ApiError::internal)?;
    authoring::set_media(&state.db, LessonId(id), &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Streams a lesson's media (supports `Range`), for enrolled trainees and the course's editors.
#[utoipa::path(get, path = "/lessons/{id}/media", tag = "learning",
    params(("id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 200, description = "The media"),
        (status = 206, description = "Part of the media"),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn lesson_media(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Response, ApiError> {
    let (lesson, author) = authoring::lesson_for_edit(&state.db, LessonId(id)).await?;
    if authorize_course_edit(&user, author).is_err() {
        let course =
            authoring::course_of_module(&state.db, cultivator_shared::ModuleId(lesson.module_id))
                .await?;
        let enrolled = can(&user, Action::LearnOnline)
            && course_enrollments::find(&state.db, CourseId(course.0), user.id)
                .await?
                .is_some();
        if !enrolled {
            return Err(ApiError::NotEnrolled);
        }
    }
    let key = lesson.media_path.ok_or(ApiError::NotFound)?;
    let path = state.media.local_path(&key).ok_or(ApiError::NotFound)?;
    let response = ServeFile::new(path)
        .oneshot(request)
        .await
        .map_err(ApiError::internal)?;
    Ok(response.map(Body::new).into_response())
}

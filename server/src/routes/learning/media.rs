//! Lesson media: instructors upload (type and size checked, streamed to
//! the media store: this node's disk or the shared object store), enrolled
//! trainees stream with HTTP range requests so seeking works on phones. A video lesson may also have an audio-only rendition for slow
//! networks, uploaded and streamed the same way.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cultivator_shared::api::authoring::LessonKind;
use cultivator_shared::{ApiErrorBody, CourseId, LessonId};
use tower::ServiceExt;
use tower_http::services::ServeFile;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::authorize_course_editor;
use crate::auth::permissions::can;
use crate::auth::{Action, CurrentUser};
use crate::db::course_enrollments;
use crate::db::courses::lessons;
use crate::domain::learning::authoring;
use crate::domain::learning::media::range::ByteRange;
use crate::domain::learning::media::{self, MediaSource, ObjectRead, ReadError};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_media, lesson_media))
        .routes(routes!(upload_audio, lesson_audio))
}

fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Refuses at once a body that declares itself far too large (reading it
/// would waste the bandwidth); a slightly too large one, or one that does
/// not declare its length, is counted as it streams in and refused once
/// read, so that the client reliably receives the error.
fn check_declared_length(headers: &HeaderMap, max_bytes: u64) -> Result<(), ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > max_bytes.saturating_add(media::DRAIN_BYTES) => {
            Err(ApiError::MediaTooLarge { max_bytes })
        }
        _ => Ok(()),
    }
}

/// Streams the request body into the store under `key`.
async fn store(state: &AppState, key: &str, request: Request) -> Result<(), ApiError> {
    let max_bytes = state.config.media_max_bytes;
    check_declared_length(request.headers(), max_bytes)?;
    media::store_upload(
        state.media.as_ref(),
        key,
        request.into_body().into_data_stream(),
        max_bytes,
    )
    .await
    .map_err(|err| match err {
        media::UploadError::TooLarge { max_bytes } => ApiError::MediaTooLarge { max_bytes },
        media::UploadError::Interrupted(detail) => ApiError::InvalidBody {
            status: StatusCode::BAD_REQUEST,
            detail,
        },
        media::UploadError::NotWhatItSays { .. } => ApiError::MediaTypeNotAccepted {
            accepted: "a file whose content is the type it declares",
        },
        media::UploadError::Io(err) => ApiError::internal(err),
        media::UploadError::Store(err) => ApiError::internal(err),
    })?;
    Ok(())
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
    let (lesson, course) = authoring::lesson_with_course(&state.db, LessonId(id)).await?;
    authorize_course_editor(&state, &user, course).await?;
    let kind = LessonKind::parse(&lesson.kind).unwrap_or(LessonKind::Article);
    let ext = media::extension_for(kind, content_type(request.headers())).ok_or(
        ApiError::MediaTypeNotAccepted {
            accepted: media::accepted_types(kind),
        },
    )?;
    let key = format!("lesson-{id}.{ext}");
    store(&state, &key, request).await?;
    authoring::set_media(&state.db, LessonId(id), &key).await?;
    media::discard_replaced(state.media.as_ref(), lesson.media_path.as_deref(), &key).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Uploads the audio-only rendition of a video lesson (`audio/mp4` or
/// `audio/mpeg`), for trainees on slow networks.
#[utoipa::path(put, path = "/lessons/{id}/media/audio", tag = "authoring",
    params(("id" = i64, Path, description = "Lesson id")),
    request_body(content = Vec<u8>, content_type = "audio/mp4"),
    responses(
        (status = 204),
        (status = 403, body = ApiErrorBody),
        (status = 413, body = ApiErrorBody),
        (status = 415, body = ApiErrorBody),
    ))]
async fn upload_audio(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    request: Request,
) -> Result<StatusCode, ApiError> {
    let (lesson, course) = authoring::lesson_with_course(&state.db, LessonId(id)).await?;
    authorize_course_editor(&state, &user, course).await?;
    let not_accepted = ApiError::MediaTypeNotAccepted {
        accepted: media::AUDIO_TYPES,
    };
    if lesson.kind != LessonKind::Video.as_str() {
        return Err(not_accepted);
    }
    let ext = media::audio_extension(content_type(request.headers())).ok_or(not_accepted)?;
    let key = format!("lesson-{id}-audio.{ext}");
    store(&state, &key, request).await?;
    authoring::set_audio(&state.db, LessonId(id), &key).await?;
    media::discard_replaced(state.media.as_ref(), lesson.audio_path.as_deref(), &key).await;
    Ok(StatusCode::NO_CONTENT)
}

/// The lesson, if the user may stream its media: the course's editors, and
/// trainees enrolled in the course.
async fn streamable(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<lessons::Model, ApiError> {
    let (lesson, course) = authoring::lesson_with_course(&state.db, LessonId(id)).await?;
    if authorize_course_editor(state, user, course).await.is_err() {
        let enrolled = can(user, Action::LearnOnline)
            && course_enrollments::find(&state.db, CourseId(course.0), user.id)
                .await?
                .is_some();
        if !enrolled {
            return Err(ApiError::NotEnrolled);
        }
    }
    Ok(lesson)
}

async fn serve(
    state: &AppState,
    key: Option<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let key = key.ok_or(ApiError::NotFound)?;
    let mut response = match state.media.source(&key).ok_or(ApiError::NotFound)? {
        MediaSource::File(path) => ServeFile::new(path)
            .oneshot(request)
            .await
            .map_err(ApiError::internal)?
            .map(Body::new)
            .into_response(),
        MediaSource::Object(store, path) => {
            let range = request
                .headers()
                .get(header::RANGE)
                .and_then(|v| v.to_str().ok())
                .and_then(ByteRange::parse);
            let if_none_match = request
                .headers()
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok());
            object_response(store.read(&path, range, if_none_match).await)?
        }
    };
    // Our own types, not a guess from the extension (which says audio/m4a).
    if let Some(content_type) = media::content_type(&key)
        && response.status().is_success()
    {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static(content_type),
        );
    }
    Ok(response)
}

/// An object read from the shared store as a 200, a 206 with its range,
/// a 304 for the copy the client has, or a 416 naming the size.
fn object_response(read: Result<ObjectRead, ReadError>) -> Result<Response, ApiError> {
    let read = match read {
        Ok(read) => read,
        Err(ReadError::NotFound) => return Err(ApiError::NotFound),
        Err(ReadError::Unsatisfiable { total }) => {
            return Ok((
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{total}"))],
            )
                .into_response());
        }
        Err(ReadError::NotModified { etag }) => {
            return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
        }
        Err(ReadError::Store(err)) => return Err(ApiError::internal(err)),
    };
    let length = read.served.end - read.served.start;
    let mut response = Response::new(Body::from_stream(read.body));
    let headers = response.headers_mut();
    headers.insert(
        header::ACCEPT_RANGES,
        header::HeaderValue::from_static("bytes"),
    );
    headers.insert(header::CONTENT_LENGTH, header::HeaderValue::from(length));
    if let Some(etag) = read
        .etag
        .and_then(|e| header::HeaderValue::try_from(e).ok())
    {
        headers.insert(header::ETAG, etag);
    }
    if read.partial {
        let range = format!(
            "bytes {}-{}/{}",
            read.served.start,
            read.served.end.saturating_sub(1),
            read.total
        );
        if let Ok(value) = header::HeaderValue::try_from(range) {
            headers.insert(header::CONTENT_RANGE, value);
        }
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    Ok(response)
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
    let lesson = streamable(&state, &user, id).await?;
    serve(&state, lesson.media_path, request).await
}

/// Streams the audio-only rendition of a video lesson (supports `Range`);
/// the lesson outline's `has_audio` says whether there is one.
#[utoipa::path(get, path = "/lessons/{id}/media/audio", tag = "learning",
    params(("id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 200, description = "The audio"),
        (status = 206, description = "Part of the audio"),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn lesson_audio(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Response, ApiError> {
    let lesson = streamable(&state, &user, id).await?;
    serve(&state, lesson.audio_path, request).await
}

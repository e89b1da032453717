//! The signed-in person's notifications: the list, the unread count for the
//! header, and marking them read. Each person sees and marks only their own.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::notifications::{NotificationView, UnreadCount};
use cultivator_shared::api::{Page, PageQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::domain::notifications;
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_notifications))
        .routes(routes!(unread_count))
        .routes(routes!(mark_read))
        .routes(routes!(mark_all_read))
}

/// The signed-in user's notifications, newest first.
#[utoipa::path(get, path = "/notifications", tag = "notifications", params(PageQuery),
    responses((status = 200, body = Page<NotificationView>), (status = 401, body = ApiErrorBody)))]
async fn my_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<ApiJson<Page<NotificationView>>, ApiError> {
    Ok(ApiJson(
        notifications::page(&state.db, user.id, page.limit(), page.offset()).await?,
    ))
}

/// How many of the signed-in user's notifications are unread.
#[utoipa::path(get, path = "/notifications/unread-count", tag = "notifications",
    responses((status = 200, body = UnreadCount), (status = 401, body = ApiErrorBody)))]
async fn unread_count(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<ApiJson<UnreadCount>, ApiError> {
    Ok(ApiJson(UnreadCount {
        unread: notifications::unread(&state.db, user.id).await?,
    }))
}

/// Marks one of the signed-in user's notifications read (another person's
/// is not found).
#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path, description = "Notification id")),
    responses((status = 204), (status = 404, body = ApiErrorBody)))]
async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    if notifications::mark_read(&state.db, user.id, id, Utc::now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Marks every notification of the signed-in user read.
#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications",
    responses((status = 204), (status = 401, body = ApiErrorBody)))]
async fn mark_all_read(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<StatusCode, ApiError> {
    notifications::mark_all_read(&state.db, user.id, Utc::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

//! The signed-in person's notifications: the list, the unread count, and
//! marking them read.

use cultivator_shared::api::Page;
use cultivator_shared::api::notifications::{NotificationView, UnreadCount};

use super::{ApiResult, get, post_empty, url};

pub async fn notifications() -> ApiResult<Page<NotificationView>> {
    get(&url("/notifications?limit=50")).await
}

pub async fn unread_count() -> ApiResult<UnreadCount> {
    get(&url("/notifications/unread-count")).await
}

pub async fn mark_read(id: i64) -> ApiResult<()> {
    post_empty(&format!("/notifications/{id}/read")).await
}

pub async fn mark_all_read() -> ApiResult<()> {
    post_empty("/notifications/read-all").await
}

//! The signed-in person's notifications: the list, the unread count, and
//! marking them read.

use cultivator_shared::api::Page;
use cultivator_shared::api::first_screen::HOME_NOTIFICATIONS;
use cultivator_shared::api::notifications::{NotificationView, UnreadCount};

use super::{ApiResult, get, post_empty, url};

pub async fn notifications() -> ApiResult<Page<NotificationView>> {
    if let Some(known) = super::first_screen::signed_in_list(|h| h.notifications.clone()) {
        return known;
    }
    get(&url(&format!("/notifications?limit={HOME_NOTIFICATIONS}"))).await
}

pub async fn unread_count() -> ApiResult<UnreadCount> {
    if let Some(known) = super::first_screen::signed_in_list(|h| h.unread) {
        return known;
    }
    get(&url("/notifications/unread-count")).await
}

pub async fn mark_read(id: i64) -> ApiResult<()> {
    post_empty(&format!("/notifications/{id}/read")).await
}

pub async fn mark_all_read() -> ApiResult<()> {
    post_empty("/notifications/read-all").await
}

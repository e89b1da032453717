//! Telling people what changed: one notification model with typed kinds
//! (`NotificationKind`), delivered through two channels.
//!
//! - **In-app, always on** ([`notify`]): the notices are rows written on the
//!   caller's transaction, so a notice exists exactly when the change it
//!   tells of was committed, and a rolled-back change tells no one.
//! - **SMS, when configured** ([`sms`]): a [`sms::Notifier`] sends the
//!   committed notices afterwards. Sending from inside the transaction
//!   could text someone about a change that then rolls back, and would hold
//!   the transaction open across a provider's network call; so the
//!   notifications table doubles as the outbox: a sender task on every node
//!   claims unsent rows one by one (an atomic update only one node wins) and
//!   sends them. A crash between claim and send loses that one text, never
//!   the in-app notice; SMS is a courtesy copy.
//!
//! The daily session reminders are a scheduled job ([`reminders`]).

pub mod reminders;
pub mod sms;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use cultivator_shared::api::Page;
use cultivator_shared::api::notifications::{
    NotificationDetail, NotificationKind, NotificationView,
};
use cultivator_shared::{ClassId, ClassSessionId, UserId};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::notifications;
pub use crate::db::notifications::NewNotification as Notice;

/// China Standard Time (UTC+8, no daylight saving): the programmes' clock
/// for "tomorrow" and for times written into texts.
pub fn china_time() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// The calendar day of `at` in China.
pub fn china_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china_time()).date_naive()
}

/// The in-app channel: writes the notices on `db` (the caller's transaction).
pub async fn notify(
    db: &impl ConnectionTrait,
    notices: &[Notice],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if notices.is_empty() {
        return Ok(());
    }
    notifications::insert_many(db, notices, now).await
}

/// One notice about a class (and perhaps one of its sessions) to each of `users`.
pub fn about_class(
    users: &[UserId],
    kind: NotificationKind,
    class: ClassId,
    session: Option<ClassSessionId>,
    detail: &NotificationDetail,
) -> Vec<Notice> {
    users
        .iter()
        .map(|user| Notice {
            user: *user,
            kind,
            class: Some(class),
            session,
            detail: detail.clone(),
        })
        .collect()
}

/// The reader's notifications, newest first.
pub async fn page(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: u64,
    offset: u64,
) -> Result<Page<NotificationView>, DbErr> {
    let (items, total) = notifications::of_user(db, user, limit, offset).await?;
    Ok(Page { items, total })
}

/// The first `limit` of `user`'s notices as [`page`] answers them, and how
/// many are unread as [`unread`] does: for the home page, in fewer queries.
pub async fn page_and_unread(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: u64,
) -> Result<(Page<NotificationView>, u64), DbErr> {
    let (total, unread) = notifications::counts(db, user).await?;
    let items = notifications::newest(db, user, limit, 0).await?;
    Ok((Page { items, total }, unread))
}

pub async fn unread(db: &impl ConnectionTrait, user: UserId) -> Result<u64, DbErr> {
    notifications::unread_count(db, user).await
}

/// Marks one of the reader's notices read; false if they have no such notice.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user: UserId,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    notifications::mark_read(db, user, id, now).await
}

pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    notifications::mark_all_read(db, user, now).await
}

/// Tells `user` they were selected for `stage` (named in the notice).
pub async fn selected_for_stage(
    db: &impl ConnectionTrait,
    stage: cultivator_shared::StageId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::EntityTrait;
    let title = crate::db::programmes::stages::Entity::find_by_id(stage.0)
        .one(db)
        .await?
        .map(|s| s.title);
    let notice = Notice {
        user,
        kind: NotificationKind::SelectedForStage,
        class: None,
        session: None,
        detail: NotificationDetail {
            stage: title,
            ..NotificationDetail::default()
        },
    };
    notify(db, &[notice], now).await
}

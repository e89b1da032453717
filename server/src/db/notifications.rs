//! In-app notifications, newest first, and their claim for delivery by SMS.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cultivator_shared::api::notifications::{
    NotificationDetail, NotificationKind, NotificationView,
};
use cultivator_shared::{ClassId, ClassSessionId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};

use super::{classes, corrupt};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub class_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    pub session_id: Option<i64>,
    /// JSON of [`NotificationDetail`].
    pub detail: Option<String>,
    pub sms_claimed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn kind(&self) -> Result<NotificationKind, DbErr> {
        NotificationKind::parse(&self.kind)
            .ok_or_else(|| corrupt("notifications", "kind", &self.kind))
    }

    /// The particulars; an unreadable detail reads as none (it only words
    /// the notice).
    pub fn detail(&self) -> NotificationDetail {
        self.detail
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or_default()
    }
}

/// One notice to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user: UserId,
    pub kind: NotificationKind,
    pub class: Option<ClassId>,
    pub session: Option<ClassSessionId>,
    pub detail: NotificationDetail,
}

pub async fn insert_many(
    db: &impl ConnectionTrait,
    notices: &[NewNotification],
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    for chunk in notices.chunks(500) {
        let rows = chunk.iter().map(|n| ActiveModel {
            user_id: Set(n.user.0),
            kind: Set(n.kind.as_str().to_owned()),
            class_id: Set(n.class.map(|c| c.0)),
            created_at: Set(at),
            read_at: Set(None),
            session_id: Set(n.session.map(|s| s.0)),
            detail: Set(if n.detail == NotificationDetail::default() {
                None
            } else {
                serde_json::to_string(&n.detail).ok()
            }),
            sms_claimed_at: Set(None),
            ..Default::default()
        });
        Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The class titles of these notices, by class id.
async fn class_titles(
    db: &impl ConnectionTrait,
    rows: &[Model],
) -> Result<HashMap<i64, String>, DbErr> {
    Ok(classes::Entity::find()
        .filter(classes::Column::Id.is_in(rows.iter().filter_map(|r| r.class_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect())
}

pub async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<Model>,
) -> Result<Vec<NotificationView>, DbErr> {
    let titles = class_titles(db, &rows).await?;
    rows.into_iter()
        .map(|r| {
            Ok(NotificationView {
                id: r.id,
                kind: r.kind()?,
                class_id: r.class_id.map(ClassId),
                class_title: r.class_id.and_then(|c| titles.get(&c).cloned()),
                session_id: r.session_id.map(ClassSessionId),
                detail: r.detail(),
                created_at: r.created_at,
                read_at: r.read_at,
            })
        })
        .collect()
}

pub async fn of_user(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: u64,
    offset: u64,
) -> Result<(Vec<NotificationView>, u64), DbErr> {
    let select = Entity::find().filter(Column::UserId.eq(user.0));
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((views(db, rows).await?, total))
}

pub async fn unread_count(db: &impl ConnectionTrait, user: UserId) -> Result<u64, DbErr> {
    Entity::find()
        .filter(Column::UserId.eq(user.0))
        .filter(Column::ReadAt.is_null())
        .count(db)
        .await
}

/// Marks one of the user's notices read (kept as first read); false if the
/// user has no such notice.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user: UserId,
    id: i64,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let found = Entity::find_by_id(id)
        .filter(Column::UserId.eq(user.0))
        .one(db)
        .await?;
    let Some(row) = found else {
        return Ok(false);
    };
    if row.read_at.is_none() {
        Entity::update_many()
            .col_expr(Column::ReadAt, Expr::value(Some(at)))
            .filter(Column::Id.eq(id))
            .filter(Column::ReadAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(true)
}

/// Marks every unread notice of the user read; how many were.
pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(Entity::update_many()
        .col_expr(Column::ReadAt, Expr::value(Some(at)))
        .filter(Column::UserId.eq(user.0))
        .filter(Column::ReadAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Notices created since `since` that no node has claimed for SMS yet,
/// oldest first.
pub async fn unclaimed_since(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::CreatedAt.gte(since))
        .filter(Column::SmsClaimedAt.is_null())
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Claims a notice for delivery by SMS; true for the one node that gets it.
pub async fn claim_for_sms(
    db: &impl ConnectionTrait,
    id: i64,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(Entity::update_many()
        .col_expr(Column::SmsClaimedAt, Expr::value(Some(at)))
        .filter(Column::Id.eq(id))
        .filter(Column::SmsClaimedAt.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

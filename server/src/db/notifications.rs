//! In-app notifications, newest first, and their claim for delivery by SMS.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cultivator_shared::api::notifications::{
    NotificationDetail, NotificationKind, NotificationView,
};
use cultivator_shared::{ClassId, ClassSessionId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{FromQueryResult, QueryOrder, QuerySelect, Set};

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
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.class_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(classes::Entity::find()
        .filter(classes::Column::Id.is_in(ids))
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
    let total = Entity::find()
        .filter(Column::UserId.eq(user.0))
        .count(db)
        .await?;
    Ok((newest(db, user, limit, offset).await?, total))
}

/// `user`'s notices, newest first, `limit` from `offset`.
pub async fn newest(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: u64,
    offset: u64,
) -> Result<Vec<NotificationView>, DbErr> {
    let rows = Entity::find()
        .filter(Column::UserId.eq(user.0))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    views(db, rows).await
}

#[derive(FromQueryResult)]
struct Counts {
    total: i64,
    unread: Option<i64>,
}

/// How many notices `user` has, and how many of those are unread, in one
/// query.
pub async fn counts(db: &impl ConnectionTrait, user: UserId) -> Result<(u64, u64), DbErr> {
    let found = Entity::find()
        .select_only()
        .column_as(Column::Id.count(), "total")
        .column_as(
            Expr::cust("SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END)"),
            "unread",
        )
        .filter(Column::UserId.eq(user.0))
        .into_model::<Counts>()
        .one(db)
        .await?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(found.map_or((0, 0), |c| (count(c.total), count(c.unread.unwrap_or(0)))))
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

//! The credit-hour ledger (学时): one row per thing that earned credit.

use chrono::{DateTime, Utc};
use cultivator_shared::UserId;
use sea_orm::Set;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// What earned it, e.g. `session` (attended offline time).
    pub source: String,
    pub source_id: i64,
    pub credit_tenths: i32,
    pub earned_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Attended offline time at a session.
pub const SOURCE_SESSION: &str = "session";

pub async fn find(
    db: &impl ConnectionTrait,
    user: UserId,
    source: &str,
    source_id: i64,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::UserId.eq(user.0))
        .filter(Column::Source.eq(source))
        .filter(Column::SourceId.eq(source_id))
        .one(db)
        .await
}

/// Credits `user` once for (`source`, `source_id`); a second call changes nothing.
pub async fn credit_once(
    db: &impl ConnectionTrait,
    user: UserId,
    source: &str,
    source_id: i64,
    tenths: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    if find(db, user, source, source_id).await?.is_some() {
        return Ok(());
    }
    ActiveModel {
        user_id: Set(user.0),
        source: Set(source.to_owned()),
        source_id: Set(source_id),
        credit_tenths: Set(tenths),
        earned_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Takes back the credit for (`source`, `source_id`), e.g. when a mark of
/// presence is corrected to absent.
pub async fn revoke(
    db: &impl ConnectionTrait,
    user: UserId,
    source: &str,
    source_id: i64,
) -> Result<(), DbErr> {
    Entity::delete_many()
        .filter(Column::UserId.eq(user.0))
        .filter(Column::Source.eq(source))
        .filter(Column::SourceId.eq(source_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The user's total credit, in tenths of an hour.
pub async fn total_tenths(db: &impl ConnectionTrait, user: UserId) -> Result<i64, DbErr> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user.0))
        .all(db)
        .await?
        .iter()
        .map(|e| i64::from(e.credit_tenths))
        .sum())
}

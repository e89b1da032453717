//! The credit-hour ledger (学时台账): one row per thing that earned hours,
//! online (a completed course) or offline (an attended session).

use chrono::{DateTime, Utc};
use cultivator_shared::api::learning::{CreditEntryView, CreditLedger};
use cultivator_shared::{CreditHours, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

/// `source` of entries earned by completing an online course.
pub const SOURCE_COURSE: &str = "course";
/// `source` of entries earned by attended offline time at a session.
pub const SOURCE_SESSION: &str = "session";

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// What earned it: [`SOURCE_COURSE`] or [`SOURCE_SESSION`].
    pub source: String,
    pub source_id: i64,
    pub credit_tenths: i32,
    pub earned_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub async fn insert(
    db: &impl ConnectionTrait,
    user: UserId,
    source: &str,
    source_id: i64,
    credit: CreditHours,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::insert(ActiveModel {
        user_id: Set(user.0),
        source: Set(source.to_owned()),
        source_id: Set(source_id),
        credit_tenths: Set(i32::try_from(credit.tenths()).unwrap_or(i32::MAX)),
        earned_at: Set(at),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

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
    let credit = CreditHours(u32::try_from(tenths).unwrap_or(0));
    insert(db, user, source, source_id, credit, at).await
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

/// The user's ledger, newest first, with its total.
pub async fn ledger(db: &impl ConnectionTrait, user: UserId) -> Result<CreditLedger, DbErr> {
    let entries: Vec<CreditEntryView> = Entity::find()
        .filter(Column::UserId.eq(user.0))
        .order_by_desc(Column::EarnedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|m| CreditEntryView {
            source: m.source,
            source_id: m.source_id,
            credit_hours: CreditHours(u32::try_from(m.credit_tenths).unwrap_or(0)),
            earned_at: m.earned_at,
        })
        .collect();
    let total = CreditHours(entries.iter().map(|e| e.credit_hours.tenths()).sum());
    Ok(CreditLedger { total, entries })
}

/// The user's total credit, in tenths of an hour.
pub async fn total_tenths(db: &impl ConnectionTrait, user: UserId) -> Result<i64, DbErr> {
    Ok(ledger(db, user).await?.total.tenths().into())
}

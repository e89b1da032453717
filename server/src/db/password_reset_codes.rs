//! Password reset codes, stored as digests: at most one live code per
//! person (issuing a new one withdraws the old), each used at most once.

use chrono::{DateTime, Utc};
use cultivator_shared::UserId;
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "password_reset_codes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// SHA-256 of the code, as hex.
    pub code_hash: String,
    pub issued_by: Option<i64>,
    pub issued_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Withdraws every unused code of `user` and stores a new one.
pub async fn replace(
    db: &impl ConnectionTrait,
    user: UserId,
    code_hash: &str,
    issued_by: UserId,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<Model, DbErr> {
    withdraw_all(db, user).await?;
    ActiveModel {
        user_id: Set(user.0),
        code_hash: Set(code_hash.to_owned()),
        issued_by: Set(Some(issued_by.0)),
        issued_at: Set(issued_at),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Deletes every unused code of `user` (a new code, a password set, an
/// account deleted); used ones stay as the record of their use.
pub async fn withdraw_all(db: &impl ConnectionTrait, user: UserId) -> Result<u64, DbErr> {
    Ok(Entity::delete_many()
        .filter(Column::UserId.eq(user.0))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// The newest code of `user` that is unused and unexpired at `now`.
pub async fn live(
    db: &impl ConnectionTrait,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::UserId.eq(user.0))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .order_by_desc(Column::Id)
        .one(db)
        .await
}

/// Marks a code used, unless it was used already: true if this call did.
pub async fn mark_used(
    db: &impl ConnectionTrait,
    id: i64,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(at))
        .filter(Column::Id.eq(id))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

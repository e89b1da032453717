//! The Ed25519 keys that sign certificates. The newest key not retired
//! signs; retired keys stay, so what they signed still verifies.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Base64url, no padding.
    pub public_key: String,
    /// Base64url, no padding. Never leaves the server.
    pub secret_key: String,
    pub created_at: DateTimeUtc,
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The key that signs now: the newest one not retired.
pub async fn active(db: &impl ConnectionTrait) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::RetiredAt.is_null())
        .order_by_desc(Column::Id)
        .one(db)
        .await
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).one(db).await
}

/// Every key, newest first.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Model>, DbErr> {
    Entity::find().order_by_desc(Column::Id).all(db).await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    public_key: String,
    secret_key: String,
    at: DateTime<Utc>,
) -> Result<Model, DbErr> {
    ActiveModel {
        public_key: Set(public_key),
        secret_key: Set(secret_key),
        created_at: Set(at),
        retired_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Retires every key still signing.
pub async fn retire_all(db: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::RetiredAt, Expr::value(at))
        .filter(Column::RetiredAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

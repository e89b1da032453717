//! Platforms' uploaded logos, apart from `platforms` so that resolving a
//! platform on every page load does not read them.

use sea_orm::Set;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "platform_logos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub platform_id: i64,
    pub bytes: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub async fn get(db: &impl ConnectionTrait, platform: i64) -> Result<Option<Vec<u8>>, DbErr> {
    Ok(Entity::find_by_id(platform).one(db).await?.map(|m| m.bytes))
}

/// Stores `bytes` as the logo of `platform`, replacing any before.
pub async fn put(db: &impl ConnectionTrait, platform: i64, bytes: Vec<u8>) -> Result<(), DbErr> {
    Entity::delete_by_id(platform).exec(db).await?;
    ActiveModel {
        platform_id: Set(platform),
        bytes: Set(bytes),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, platform: i64) -> Result<(), DbErr> {
    Entity::delete_by_id(platform).exec(db).await?;
    Ok(())
}

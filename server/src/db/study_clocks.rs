//! Each trainee's study clock (the rule is `domain::learning::study_clock`),
//! read under lock and written back by the progress writer in the batch's
//! transaction, so that reports reaching two app nodes share one clock.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{QuerySelect, Set};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "study_clocks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub balance_ms: i64,
    pub updated_ms: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The clocks of `users` that exist, locked for this transaction on
/// PostgreSQL (SQLite's write transaction already excludes other writers).
pub async fn for_update(
    db: &impl ConnectionTrait,
    users: &[i64],
) -> Result<HashMap<i64, Model>, DbErr> {
    let mut select = Entity::find().filter(Column::UserId.is_in(users.iter().copied()));
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        select = select.lock_exclusive();
    }
    Ok(select
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m))
        .collect())
}

/// Inserts or overwrites these clocks, in multi-row statements.
pub async fn upsert_many(db: &impl ConnectionTrait, rows: Vec<Model>) -> Result<(), DbErr> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<ActiveModel> = rows
            .by_ref()
            .take(1_000)
            .map(|m| ActiveModel {
                user_id: Set(m.user_id),
                balance_ms: Set(m.balance_ms),
                updated_ms: Set(m.updated_ms),
            })
            .collect();
        Entity::insert_many(chunk)
            .on_conflict(
                OnConflict::column(Column::UserId)
                    .update_columns([Column::BalanceMs, Column::UpdatedMs])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

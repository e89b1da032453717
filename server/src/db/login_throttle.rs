//! Failed-login counters, kept in the database so that every app node sees
//! the same counts (the rules over them are `domain::accounts::throttle`).

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseTransaction, QuerySelect, Set};

/// Failures counted for one key (`account:<mobile>` or `address:<ip>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counter {
    pub failures: u32,
    /// Unix seconds when the current counting window began.
    pub window_started_at: i64,
    /// Unix seconds until which logins are refused.
    pub locked_until: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub failures: i32,
    pub window_started_at: i64,
    pub locked_until: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub async fn load(db: &impl ConnectionTrait, key: &str) -> Result<Option<Counter>, DbErr> {
    Ok(Entity::find_by_id(key).one(db).await?.map(|m| Counter {
        failures: u32::try_from(m.failures).unwrap_or(0),
        window_started_at: m.window_started_at,
        locked_until: m.locked_until,
    }))
}

/// The counter of `key`, locked until `txn` ends, so that concurrent
/// attempts on one key are counted one after another and none is lost. A
/// zero row is created first when there is none, so that even the first
/// attempts of a burst queue on a row (on PostgreSQL `FOR UPDATE`; SQLite's
/// write transactions are serial already and it ignores the clause).
pub async fn lock(
    txn: &DatabaseTransaction,
    key: &str,
    now: i64,
) -> Result<Option<Counter>, DbErr> {
    let zero = ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        window_started_at: Set(now),
        locked_until: Set(None),
    };
    Entity::insert(zero)
        .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
        .exec_without_returning(txn)
        .await?;
    Ok(Entity::find_by_id(key)
        .lock_exclusive()
        .one(txn)
        .await?
        .map(|m| Counter {
            failures: u32::try_from(m.failures).unwrap_or(0),
            window_started_at: m.window_started_at,
            locked_until: m.locked_until,
        }))
}

pub async fn store(db: &impl ConnectionTrait, key: &str, counter: &Counter) -> Result<(), DbErr> {
    let row = ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(i32::try_from(counter.failures).unwrap_or(i32::MAX)),
        window_started_at: Set(counter.window_started_at),
        locked_until: Set(counter.locked_until),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::Key)
                .update_columns([
                    Column::Failures,
                    Column::WindowStartedAt,
                    Column::LockedUntil,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    Entity::delete_by_id(key).exec(db).await?;
    Ok(())
}

/// The counters of several keys at once (one session's trainees), by key.
pub async fn load_many(
    db: &impl ConnectionTrait,
    keys: Vec<String>,
) -> Result<std::collections::HashMap<String, Counter>, DbErr> {
    if keys.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(Entity::find()
        .filter(Column::Key.is_in(keys))
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let counter = Counter {
                failures: u32::try_from(m.failures).unwrap_or(0),
                window_started_at: m.window_started_at,
                locked_until: m.locked_until,
            };
            (m.key, counter)
        })
        .collect())
}

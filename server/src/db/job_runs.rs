//! Runs of scheduled jobs, one row per job and day: the node whose insert
//! succeeds runs the job; the others see the row and skip.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::Set;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub started_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Claims `job`'s run for `day`: true if this call inserted the row, false
/// if a run was already recorded. On PostgreSQL a concurrent claim waits
/// for this transaction and then fails on the key, so at most one commits.
pub async fn claim(
    db: &impl ConnectionTrait,
    job: &str,
    day: NaiveDate,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if Entity::find_by_id((job.to_owned(), day))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let inserted = ActiveModel {
        job: Set(job.to_owned()),
        day: Set(day),
        started_at: Set(at),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(err)
            if matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Ok(false)
        }
        Err(err) => Err(err),
    }
}

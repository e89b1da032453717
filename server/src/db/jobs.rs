//! The job table: background work any node can run (see `domain::jobs`).
//!
//! A node claims the oldest job that is due (queued and past its backoff) or
//! whose lease ran out (its node stopped renewing it), and holds it under a
//! lease it renews while it works. On PostgreSQL the claim skips rows
//! another node is claiming at that moment (`FOR UPDATE SKIP LOCKED`); on
//! SQLite writers take turns (`BEGIN IMMEDIATE`), which has the same effect.
//! Every change after the claim names the node, so a node whose lease was
//! taken over can no longer change the job.

use chrono::{DateTime, Utc};
use cultivator_shared::{JobKind, JobState};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{Condition, DatabaseConnection, DbBackend, QueryOrder, QuerySelect, Set};

use super::corrupt;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    /// What the job needs to run, as JSON (its kind's own shape).
    pub payload: String,
    pub state: String,
    /// Runs started so far, the current one included.
    pub attempts: i32,
    pub max_attempts: i32,
    /// Not claimed before this moment (a retry's backoff).
    pub run_after: DateTimeUtc,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn kind(&self) -> Result<JobKind, DbErr> {
        JobKind::parse(&self.kind).ok_or_else(|| corrupt("jobs", "kind", &self.kind))
    }

    pub fn state(&self) -> Result<JobState, DbErr> {
        JobState::parse(&self.state).ok_or_else(|| corrupt("jobs", "state", &self.state))
    }
}

/// Queues a job, due at once; in the caller's transaction, so that the job
/// exists exactly when what it works on does.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: JobKind,
    payload: String,
    max_attempts: u32,
    now: DateTime<Utc>,
) -> Result<Model, DbErr> {
    ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        payload: Set(payload),
        state: Set(JobState::Queued.as_str().to_owned()),
        attempts: Set(0),
        max_attempts: Set(i32::try_from(max_attempts).unwrap_or(i32::MAX)),
        run_after: Set(now),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Claims the oldest job that is due or whose lease ran out, for `node`
/// until `lease_until`, counting the attempt. `None` when there is none.
pub async fn claim(
    db: &DatabaseConnection,
    node: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    let due = Condition::any()
        .add(
            Condition::all()
                .add(Column::State.eq(JobState::Queued.as_str()))
                .add(Column::RunAfter.lte(now)),
        )
        .add(
            Condition::all()
                .add(Column::State.eq(JobState::Running.as_str()))
                .add(Column::LeaseUntil.lt(now)),
        );
    // Looked for first without a write transaction: an idle node asks
    // twice a second, and on SQLite a write transaction locks out writers.
    let waiting = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(due.clone())
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?;
    if waiting.is_none() {
        return Ok(None);
    }
    let txn = super::begin_write(db).await?;
    let mut next = Entity::find().filter(due).order_by_asc(Column::Id).limit(1);
    if txn.get_database_backend() == DbBackend::Postgres {
        next = next.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let Some(job) = next.one(&txn).await? else {
        txn.commit().await?;
        return Ok(None);
    };
    let mut claimed: ActiveModel = job.into();
    claimed.state = Set(JobState::Running.as_str().to_owned());
    claimed.lease_owner = Set(Some(node.to_owned()));
    claimed.lease_until = Set(Some(lease_until));
    claimed.attempts = Set(claimed.attempts.as_ref().saturating_add(1));
    claimed.updated_at = Set(now);
    let claimed = claimed.update(&txn).await?;
    txn.commit().await?;
    Ok(Some(claimed))
}

/// Updates `job` only while `node` holds it; true if it did.
async fn while_held(
    db: &impl ConnectionTrait,
    job: i64,
    node: &str,
    update: sea_orm::UpdateMany<Entity>,
) -> Result<bool, DbErr> {
    let done = update
        .filter(Column::Id.eq(job))
        .filter(Column::State.eq(JobState::Running.as_str()))
        .filter(Column::LeaseOwner.eq(node))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Renews `node`'s lease on `job`; false if the job is no longer its own.
pub async fn heartbeat(
    db: &impl ConnectionTrait,
    job: i64,
    node: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let update = Entity::update_many()
        .col_expr(Column::LeaseUntil, Expr::value(Some(lease_until)))
        .col_expr(Column::UpdatedAt, Expr::value(now));
    while_held(db, job, node, update).await
}

/// Records `job` as done.
pub async fn succeed(
    db: &impl ConnectionTrait,
    job: i64,
    node: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let update = Entity::update_many()
        .col_expr(Column::State, Expr::value(JobState::Succeeded.as_str()))
        .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(Column::LeaseUntil, Expr::value(Option::<DateTimeUtc>::None))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::FinishedAt, Expr::value(Some(now)));
    while_held(db, job, node, update).await
}

/// Puts a failed `job` back in the queue, not to run before `run_after`.
pub async fn retry_later(
    db: &impl ConnectionTrait,
    job: i64,
    node: &str,
    error: &str,
    now: DateTime<Utc>,
    run_after: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let update = Entity::update_many()
        .col_expr(Column::State, Expr::value(JobState::Queued.as_str()))
        .col_expr(Column::RunAfter, Expr::value(run_after))
        .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(Column::LeaseUntil, Expr::value(Option::<DateTimeUtc>::None))
        .col_expr(Column::LastError, Expr::value(Some(error.to_owned())))
        .col_expr(Column::UpdatedAt, Expr::value(now));
    while_held(db, job, node, update).await
}

/// Gives `job` up after its last attempt: it stays, dead, for staff to read.
pub async fn bury(
    db: &impl ConnectionTrait,
    job: i64,
    node: &str,
    error: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let update = Entity::update_many()
        .col_expr(Column::State, Expr::value(JobState::Dead.as_str()))
        .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(Column::LeaseUntil, Expr::value(Option::<DateTimeUtc>::None))
        .col_expr(Column::LastError, Expr::value(Some(error.to_owned())))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::FinishedAt, Expr::value(Some(now)));
    while_held(db, job, node, update).await
}

pub async fn find(db: &impl ConnectionTrait, job: i64) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(job).one(db).await
}

/// The latest `limit` jobs, newest first, in `state` if given.
pub async fn latest(
    db: &impl ConnectionTrait,
    state: Option<JobState>,
    limit: u64,
) -> Result<Vec<Model>, DbErr> {
    let mut query = Entity::find().order_by_desc(Column::Id).limit(limit);
    if let Some(state) = state {
        query = query.filter(Column::State.eq(state.as_str()));
    }
    query.all(db).await
}

/// How many jobs are in each state, for the metrics.
pub async fn count_by_state(db: &impl ConnectionTrait) -> Result<Vec<(String, i64)>, DbErr> {
    super::state_counts::per_state::<Entity>(db, Column::State).await
}

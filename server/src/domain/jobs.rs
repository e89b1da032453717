//! Background jobs that survive the node running them: each is a row of
//! the job table (`db::jobs`), claimed by whichever node is free, held
//! under a lease the node renews while it works, and claimed again by
//! another node when the lease runs out (its node died or hung). A job that
//! fails waits out a growing backoff and runs again; after its last attempt
//! it is given up (a dead letter, listed by `cultivator jobs`) and what it
//! worked on is told so.
//!
//! Running a job twice must be harmless: a job's work commits in one
//! transaction and checks, inside it, that it was not done already (a
//! roster import re-reads its state with the class locked).
//!
//! Hand-written rather than a job-queue crate: the maintained ones (apalis
//! and its SQL storages) bring their own schema and migrations, one storage
//! per database with its own sqlx pool, where this is one table in our own
//! migrations and transactions, on both databases, in about 200 lines.

use std::time::Duration;

use chrono::{DateTime, Utc};
use cultivator_shared::JobKind;
use sea_orm::{DatabaseConnection, DbErr};

use crate::db::jobs;
use crate::domain::classes::roster_import::{self, ImportJob, RosterImportError};

/// Runs of a job before it is given up.
pub const MAX_ATTEMPTS: u32 = 5;

/// A node's hold on the jobs it claims.
#[derive(Debug, Clone)]
pub struct Lease {
    /// This node among all nodes (process id and a random suffix).
    pub node: String,
    /// How long a claim lasts unrenewed; renewed every third of it.
    pub length: Duration,
}

impl Lease {
    pub fn new(length: Duration) -> Lease {
        let suffix: u32 = rand::random();
        Lease {
            node: format!("{}-{suffix:08x}", std::process::id()),
            length,
        }
    }

    fn until(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + chrono::Duration::from_std(self.length).unwrap_or(chrono::Duration::seconds(30))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("the job's payload does not read: {0}")]
    Payload(#[from] serde_json::Error),
    #[error(transparent)]
    RosterImport(#[from] RosterImportError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What happens to a job whose `attempts`-th run failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(DateTime<Utc>),
    GiveUp,
}

/// Waits 10 s after the first failure, doubling each time, at most an hour.
pub fn backoff(attempts: u32) -> chrono::Duration {
    let doublings = attempts.saturating_sub(1).min(9);
    chrono::Duration::seconds((10_i64 << doublings).min(3_600))
}

pub fn after_failure(attempts: u32, max_attempts: u32, now: DateTime<Utc>) -> AfterFailure {
    if attempts >= max_attempts {
        AfterFailure::GiveUp
    } else {
        AfterFailure::RetryAt(now + backoff(attempts))
    }
}

/// How a claimed job ended on this node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    Succeeded,
    Retrying,
    GivenUp,
}

/// Claims the next due job, if any, and runs it to its end on this node.
pub async fn run_next(db: &DatabaseConnection, lease: &Lease) -> Result<Option<Ran>, DbErr> {
    let now = Utc::now();
    let Some(job) = jobs::claim(db, &lease.node, now, lease.until(now)).await? else {
        return Ok(None);
    };
    let attempts = u32::try_from(job.attempts).unwrap_or(u32::MAX);
    let max_attempts = u32::try_from(job.max_attempts).unwrap_or(0);
    // A job whose nodes died on every attempt is not tried again.
    let result = if attempts > max_attempts {
        Err("its node stopped on every attempt".to_owned())
    } else {
        let work = perform(db, &job);
        tokio::pin!(work);
        let mut renew = tokio::time::interval(lease.length / 3);
        renew.tick().await;
        loop {
            tokio::select! {
                done = &mut work => break done.map_err(|e| e.to_string()),
                _ = renew.tick() => {
                    let now = Utc::now();
                    match jobs::heartbeat(db, job.id, &lease.node, now, lease.until(now)).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(job = job.id, "another node took this job over"),
                        Err(err) => tracing::warn!(job = job.id, error = %err, "could not renew the lease"),
                    }
                }
            }
        }
    };
    let now = Utc::now();
    let Err(error) = result else {
        jobs::succeed(db, job.id, &lease.node, now).await?;
        return Ok(Some(Ran::Succeeded));
    };
    tracing::warn!(job = job.id, kind = %job.kind, attempts, %error, "job failed");
    metrics::counter!("cultivator_job_failures_total", "kind" => job.kind.clone()).increment(1);
    match after_failure(attempts, max_attempts, now) {
        AfterFailure::RetryAt(at) => {
            jobs::retry_later(db, job.id, &lease.node, &error, now, at).await?;
            Ok(Some(Ran::Retrying))
        }
        AfterFailure::GiveUp => {
            if jobs::bury(db, job.id, &lease.node, &error, now).await? {
                give_up(db, &job, now).await?;
            }
            Ok(Some(Ran::GivenUp))
        }
    }
}

async fn perform(db: &DatabaseConnection, job: &jobs::Model) -> Result<(), JobError> {
    match job.kind()? {
        JobKind::RosterImport => {
            let import: ImportJob = serde_json::from_str(&job.payload)?;
            roster_import::perform(db, &import).await?;
        }
    }
    Ok(())
}

/// Tells what a job worked on that it was given up.
async fn give_up(
    db: &DatabaseConnection,
    job: &jobs::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    match job.kind()? {
        JobKind::RosterImport => match serde_json::from_str::<ImportJob>(&job.payload) {
            Ok(import) => roster_import::give_up(db, &import, now).await,
            Err(err) => {
                tracing::error!(job = job.id, error = %err, "a dead job's payload does not read");
                Ok(())
            }
        },
    }
}

/// This node's share of the work: runs jobs while there are any, and looks
/// again every `idle` when there are none. Never returns.
pub async fn work(db: DatabaseConnection, lease: Lease, idle: Duration) {
    loop {
        match run_next(&db, &lease).await {
            Ok(Some(_)) => continue,
            Ok(None) => {}
            Err(err) => tracing::warn!(error = %err, "could not run the next job"),
        }
        tokio::time::sleep(idle).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_ten_seconds_up_to_an_hour() {
        let waits: Vec<i64> = (1..=12).map(|n| backoff(n).num_seconds()).collect();
        assert_eq!(
            waits,
            [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600, 3600]
        );
    }

    #[test]
    fn a_job_is_retried_until_its_last_attempt_then_given_up() {
        let now = Utc::now();
        assert_eq!(
            after_failure(1, 5, now),
            AfterFailure::RetryAt(now + chrono::Duration::seconds(10))
        );
        assert_eq!(
            after_failure(4, 5, now),
            AfterFailure::RetryAt(now + chrono::Duration::seconds(80))
        );
        assert_eq!(after_failure(5, 5, now), AfterFailure::GiveUp);
        assert_eq!(after_failure(6, 5, now), AfterFailure::GiveUp);
    }
}

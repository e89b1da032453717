//! The job table, as several nodes use it: a job is held by one node at a
//! time, passes to another when its node stops renewing the lease, waits
//! out its backoff after a failure, and is given up after its last attempt
//! with what it worked on told so. No server runs here: the test is every
//! node, calling what a node's worker calls with the times it needs.

use std::collections::HashSet;
use std::time::Duration;

use chrono::Utc;
use cultivator_server::DbConfig;
use cultivator_server::db::{jobs, roster_imports};
use cultivator_server::domain::classes::roster_import::ImportJob;
use cultivator_server::domain::jobs::{Lease, MAX_ATTEMPTS, Ran, run_next};
use cultivator_shared::api::rosters::{RawRosterRow, RosterImportState};
use cultivator_shared::{ClassId, JobKind, JobState, RosterImportId, UserId};
use cultivator_tests::{Backend, TestDb, on_both_databases};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tokio::task::JoinSet;

on_both_databases!(
    a_job_is_held_by_one_node_until_its_lease_runs_out,
    nodes_claiming_at_once_each_get_a_different_job,
    an_import_failing_every_attempt_is_given_up_and_reported,
);

async fn database(backend: Backend) -> anyhow::Result<(TestDb, DatabaseConnection)> {
    let test_db = TestDb::create(backend).await?;
    let db = cultivator_server::db::connect(&DbConfig::at(test_db.url.clone())).await?;
    Ok((test_db, db))
}

fn state(job: &jobs::Model) -> anyhow::Result<JobState> {
    Ok(job.state()?)
}

async fn a_job_is_held_by_one_node_until_its_lease_runs_out(
    backend: Backend,
) -> anyhow::Result<()> {
    let (_test_db, db) = database(backend).await?;
    let now = Utc::now();
    let secs = chrono::Duration::seconds;
    let first = jobs::enqueue(&db, JobKind::RosterImport, "{}".into(), 3, now).await?;
    let second = jobs::enqueue(&db, JobKind::RosterImport, "{}".into(), 3, now).await?;

    // Oldest first, one node each; a third node finds nothing.
    let a = jobs::claim(&db, "a", now, now + secs(30)).await?;
    let b = jobs::claim(&db, "b", now, now + secs(30)).await?;
    assert_eq!(a.as_ref().map(|j| (j.id, j.attempts)), Some((first.id, 1)));
    assert_eq!(b.as_ref().map(|j| (j.id, j.attempts)), Some((second.id, 1)));
    assert!(jobs::claim(&db, "c", now, now + secs(30)).await?.is_none());

    // Only the holder renews its lease.
    assert!(!jobs::heartbeat(&db, first.id, "b", now, now + secs(60)).await?);
    assert!(jobs::heartbeat(&db, first.id, "a", now + secs(20), now + secs(50)).await?);

    // B stops renewing: its job passes to C once its lease has run out,
    // and B can no longer finish it. A's renewed lease still holds.
    assert!(
        jobs::claim(&db, "c", now + secs(31), now + secs(61))
            .await?
            .is_some_and(|j| j.id == second.id
                && j.attempts == 2
                && j.lease_owner.as_deref() == Some("c"))
    );
    assert!(!jobs::succeed(&db, second.id, "b", now + secs(32)).await?);
    assert!(
        jobs::claim(&db, "d", now + secs(40), now + secs(70))
            .await?
            .is_none()
    );
    assert!(jobs::succeed(&db, first.id, "a", now + secs(41)).await?);

    // C's run fails: back in the queue, not due before its backoff.
    let later = now + secs(100);
    assert!(jobs::retry_later(&db, second.id, "c", "disk full", now + secs(42), later).await?);
    assert!(
        jobs::claim(&db, "d", now + secs(99), now + secs(129))
            .await?
            .is_none()
    );
    let retried = jobs::claim(&db, "d", later, later + secs(30)).await?;
    assert_eq!(retried.map(|j| j.attempts), Some(3));
    assert!(jobs::bury(&db, second.id, "d", "disk full again", later).await?);

    let done = jobs::find(&db, first.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("gone"))?;
    assert_eq!(state(&done)?, JobState::Succeeded);
    assert!(done.finished_at.is_some() && done.lease_owner.is_none());
    let dead = jobs::find(&db, second.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("gone"))?;
    assert_eq!(state(&dead)?, JobState::Dead);
    assert_eq!(dead.last_error.as_deref(), Some("disk full again"));
    let listed = jobs::latest(&db, Some(JobState::Dead), 10).await?;
    assert_eq!(listed.iter().map(|j| j.id).collect::<Vec<_>>(), [second.id]);
    Ok(())
}

async fn nodes_claiming_at_once_each_get_a_different_job(backend: Backend) -> anyhow::Result<()> {
    const JOBS: usize = 20;
    let (_test_db, db) = database(backend).await?;
    let now = Utc::now();
    for _ in 0..JOBS {
        jobs::enqueue(&db, JobKind::RosterImport, "{}".into(), 3, now).await?;
    }
    let mut claims = JoinSet::new();
    for node in 0..JOBS + 5 {
        let db = db.clone();
        claims.spawn(async move {
            let now = Utc::now();
            let lease = now + chrono::Duration::seconds(30);
            jobs::claim(&db, &format!("node{node}"), now, lease).await
        });
    }
    let mut claimed = Vec::new();
    while let Some(joined) = claims.join_next().await {
        claimed.extend(joined??.map(|job| job.id));
    }
    assert_eq!(claimed.len(), JOBS, "{claimed:?}");
    assert_eq!(
        claimed.iter().collect::<HashSet<_>>().len(),
        JOBS,
        "a job claimed twice"
    );
    Ok(())
}

async fn an_import_failing_every_attempt_is_given_up_and_reported(
    backend: Backend,
) -> anyhow::Result<()> {
    let (_test_db, db) = database(backend).await?;
    cultivator_server::domain::seed::demo::load(&db).await?;
    let id_of = |sql: &'static str| {
        let db = &db;
        async move {
            let row = db
                .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                .await?
                .ok_or_else(|| anyhow::anyhow!("no row"))?;
            anyhow::Ok(row.try_get_by_index::<i64>(0)?)
        }
    };
    let class = id_of("SELECT MIN(id) FROM classes").await?;
    let by = id_of("SELECT id FROM users WHERE mobile = '13800000005'").await?;
    let import = roster_imports::start(&db, ClassId(class), UserId(by), 1, Utc::now()).await?;
    // A row that no longer checks (as if the rules changed under it): every
    // run fails.
    let payload = ImportJob {
        import: import.id,
        class,
        rows: vec![RawRosterRow {
            row: 2,
            name: "张秀英".into(),
            mobile: "not a number".into(),
            region_code: "510121".into(),
            category: String::new(),
        }],
    };
    let job = jobs::enqueue(
        &db,
        JobKind::RosterImport,
        serde_json::to_string(&payload)?,
        MAX_ATTEMPTS,
        Utc::now(),
    )
    .await?;

    let lease = Lease::new(Duration::from_secs(30));
    let mut outcomes = Vec::new();
    for _ in 0..MAX_ATTEMPTS {
        outcomes.push(run_next(&db, &lease).await?);
        let job = jobs::find(&db, job.id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("gone"))?;
        if state(&job)? == JobState::Queued {
            // Not due before its backoff; nothing else runs meanwhile.
            assert!(job.run_after > Utc::now());
            assert!(run_next(&db, &lease).await?.is_none());
            db.execute_raw(Statement::from_string(
                db.get_database_backend(),
                format!(
                    "UPDATE jobs SET run_after = created_at WHERE id = {}",
                    job.id
                ),
            ))
            .await?;
        }
    }
    let mut expected = vec![Some(Ran::Retrying); MAX_ATTEMPTS as usize - 1];
    expected.push(Some(Ran::GivenUp));
    assert_eq!(outcomes, expected);

    let dead = jobs::find(&db, job.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("gone"))?;
    assert_eq!(state(&dead)?, JobState::Dead);
    assert!(
        dead.last_error
            .as_deref()
            .is_some_and(|e| e.contains("roster row")),
        "{dead:?}"
    );
    let told = roster_imports::find(&db, RosterImportId(import.id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("gone"))?
        .view()?;
    assert_eq!(told.state, RosterImportState::Failed);
    assert!(told.error.is_some_and(|e| e.contains("every attempt")));
    assert!(run_next(&db, &lease).await?.is_none());
    Ok(())
}

//! Nodes that start together on one fresh PostgreSQL database migrate it
//! once: each node is a process of its own (this test binary, running only
//! `child_node`), and they open the database at the same moment.

use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cultivator_migrations::{Migrator, MigratorTrait};
use cultivator_server::DbConfig;
use cultivator_tests::{Backend, TestDb};
use sea_orm::{ConnectionTrait, Database, Statement};

/// Where a child finds its database, and the moment (ms since the epoch)
/// it opens it.
const CHILD_DB: &str = "CULTIVATOR_TEST_MIGRATING_DATABASE_URL";
const CHILD_START_MS: &str = "CULTIVATOR_TEST_MIGRATING_AT_MS";
const NODES: usize = 3;

/// Not a test: one node starting, run by `nodes_starting_together_migrate_once`.
#[test]
#[ignore = "run by nodes_starting_together_migrate_once in a child process"]
fn child_node() -> anyhow::Result<()> {
    let (Ok(url), Ok(at)) = (std::env::var(CHILD_DB), std::env::var(CHILD_START_MS)) else {
        return Ok(());
    };
    let wait = at.parse::<u128>()?.saturating_sub(now_ms()?);
    std::thread::sleep(Duration::from_millis(u64::try_from(wait)?));
    tokio::runtime::Runtime::new()?.block_on(async move {
        let db = cultivator_server::db::connect(&DbConfig::at(url)).await?;
        db.close().await?;
        anyhow::Ok(())
    })
}

fn now_ms() -> anyhow::Result<u128> {
    Ok(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())
}

#[tokio::test]
async fn nodes_starting_together_migrate_once() -> anyhow::Result<()> {
    let test_db = TestDb::create(Backend::Postgres).await?;
    // Late enough for every process to be waiting when it comes.
    let at = now_ms()? + 2_000;
    let children = (0..NODES)
        .map(|_| {
            Command::new(std::env::current_exe()?)
                .args(["--exact", "child_node", "--ignored", "--nocapture"])
                .env(CHILD_DB, &test_db.url)
                .env(CHILD_START_MS, at.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(anyhow::Error::from)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    for child in children {
        let output = tokio::task::spawn_blocking(move || child.wait_with_output()).await??;
        assert!(
            output.status.success(),
            "a node failed to start: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let db = Database::connect(&test_db.url).await?;
    let backend = db.get_database_backend();
    let count = |sql: &str| {
        let statement = Statement::from_string(backend, sql.to_owned());
        let db = &db;
        async move {
            db.query_one_raw(statement)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no row"))?
                .try_get_by_index::<i64>(0)
                .map_err(anyhow::Error::from)
        }
    };
    let known = i64::try_from(Migrator::migrations().len())?;
    assert_eq!(count("SELECT COUNT(*) FROM seaql_migrations").await?, known);
    assert_eq!(
        count("SELECT COUNT(DISTINCT version) FROM seaql_migrations").await?,
        known
    );
    assert!(Migrator::get_pending_migrations(&db).await?.is_empty());
    db.close().await?;
    Ok(())
}

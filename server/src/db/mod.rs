//! Persistence: sea-orm entities and the named queries over them. A module
//! holds a table's entity and its queries (`users`, `classes`, `courses`, ...)
//! or the queries of one job that spans tables (`enrollment_queue`,
//! `course_views`, `roster_accounts`; `counters` writes the dashboard's
//! counters and `dashboard_reads` reads them). Every query takes
//! `&impl ConnectionTrait`, so the same function runs on the pool or inside a
//! transaction. Nothing here imports the domain or the routes.
//!
//! Enumerations (`Role`, `Track`, statuses) are stored as their stable
//! `as_str()` names and parsed back at this edge: `shared` must not depend on
//! sea-orm, and a column holding an unknown name is reported as corrupt data.

pub mod attendance;
pub mod audit_records;
pub mod auth_sessions;
pub mod backup;
pub mod certificate_batches;
pub mod certificate_keys;
pub mod certificate_templates;
pub mod certificates;
pub mod class_courses;
pub mod class_progress;
pub mod class_rates;
pub mod class_sessions;
pub mod classes;
pub mod counters;
pub mod course_enrollments;
pub mod course_views;
pub mod courses;
pub mod credit_entries;
pub mod dashboard_reads;
pub mod enrollment_queue;
pub mod epochs;
pub mod integrity_flags;
pub mod job_runs;
pub mod jobs;
pub mod lesson_progress;
pub mod login_throttle;
pub mod notifications;
pub mod password_reset_codes;
pub mod personal_data;
pub mod platform_counts;
pub mod platform_items;
pub mod platform_logos;
pub mod platforms;
pub mod programmes;
pub mod quizzes;
pub mod regions;
pub mod roster_accounts;
pub mod roster_imports;
pub mod roster_pages;
pub mod schema;
pub mod stage_selections;
pub mod state_counts;
pub mod study_clocks;
pub mod targets;
pub mod users;

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::config::{DbConfig, SqliteDurability};

/// Opens the pool and brings the schema up to date.
pub async fn connect(config: &DbConfig) -> anyhow::Result<DatabaseConnection> {
    let url = &config.database_url;
    let is_sqlite = url.starts_with("sqlite:");
    if is_sqlite {
        create_sqlite_parent_dir(url)?;
    }
    let synchronous = match config.sqlite_synchronous {
        SqliteDurability::Normal => SqliteSynchronous::Normal,
        SqliteDurability::Full => SqliteSynchronous::Full,
    };
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(config.db_pool.unwrap_or(if is_sqlite { 8 } else { 16 }))
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // NORMAL is durable in WAL mode against process crashes; only an
                // OS crash or power loss can lose the last commits. FULL
                // (by setting) also survives those.
                .synchronous(synchronous)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    let db = Database::connect(options).await?;
    schema::migrate(&db, url).await?;
    Ok(db)
}

fn create_sqlite_parent_dir(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(':') {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    Ok(())
}

/// Starts a transaction that will write. On SQLite it takes the write lock at
/// `BEGIN` (IMMEDIATE): a deferred transaction that reads first and writes
/// later can fail with SQLITE_BUSY when another writer got in between, and the
/// busy timeout cannot help it. PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

pub fn is_sqlite(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Sqlite
}

/// The id after the largest in `table`, for bulk inserts that write their
/// own ids (the demo at scale, the benchmarks).
pub async fn next_id(db: &impl ConnectionTrait, table: &str) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(counters::stmt(
            db.get_database_backend(),
            &format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}"),
            vec![],
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "m"))
        .transpose()?
        .unwrap_or(0)
        + 1)
}

/// PostgreSQL's sequences do not see explicit ids; after such a bulk insert,
/// move `table`'s sequence past its rows.
pub async fn bump_sequence(db: &impl ConnectionTrait, table: &str) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))
        .await?;
    }
    Ok(())
}

/// A column held a value this version does not know.
pub fn corrupt(table: &str, column: &str, value: &str) -> DbErr {
    DbErr::Custom(format!("{table}.{column} holds unknown value {value:?}"))
}

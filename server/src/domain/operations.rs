//! What an operator's scrape reads at that moment: the database pool, the
//! progress writer's queue and the roster imports by state.

use sea_orm::{DatabaseConnection, DbBackend, DbErr};

use crate::db::roster_imports;
use crate::domain::learning::progress::ProgressWriter;

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Open connections in the pool, and how many of them are idle.
    pub pool_connections: u32,
    pub pool_idle: usize,
    /// Progress reports waiting for the writer.
    pub progress_waiting: usize,
    /// Roster imports by state (`running`, `succeeded`, `failed`).
    pub roster_imports: Vec<(String, i64)>,
}

pub async fn snapshot(
    db: &DatabaseConnection,
    progress: &ProgressWriter,
) -> Result<Snapshot, DbErr> {
    // The pool accessors panic on the other backend: ask which it is first.
    let (pool_connections, pool_idle) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    };
    Ok(Snapshot {
        pool_connections,
        pool_idle,
        progress_waiting: progress.waiting(),
        roster_imports: roster_imports::count_by_state(db).await?,
    })
}

//! What an operator's scrape reads at that moment: the database pool, the
//! progress writer's queue, the roster imports and the job table by state.

use cultivator_shared::JobState;
use cultivator_shared::api::rosters::RosterImportState;
use sea_orm::{DatabaseConnection, DbBackend, DbErr};

use crate::db::{jobs, roster_imports};
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
    /// Background jobs by state (`queued`, `running`, `succeeded`, `dead`).
    pub jobs: Vec<(String, i64)>,
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
        roster_imports: every_state(
            RosterImportState::ALL.iter().map(|s| s.as_str()),
            roster_imports::count_by_state(db).await?,
        ),
        jobs: every_state(
            JobState::ALL.iter().map(|s| s.as_str()),
            jobs::count_by_state(db).await?,
        ),
    })
}

/// A count for every state, 0 where the database has none: a state left out
/// would keep its last scraped value in Prometheus (a finished import would
/// look as if it were still running).
fn every_state<'a>(
    states: impl Iterator<Item = &'a str>,
    counted: Vec<(String, i64)>,
) -> Vec<(String, i64)> {
    states
        .map(|state| {
            let count = counted
                .iter()
                .find(|(name, _)| name == state)
                .map_or(0, |(_, n)| *n);
            (state.to_owned(), count)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_import_state_is_counted_even_when_none_is_in_it() {
        let states = RosterImportState::ALL.iter().map(|s| s.as_str());
        let counted = every_state(states, vec![("failed".into(), 2)]);
        assert_eq!(
            counted,
            vec![
                ("running".to_owned(), 0),
                ("succeeded".to_owned(), 0),
                ("failed".to_owned(), 2)
            ]
        );
    }
}

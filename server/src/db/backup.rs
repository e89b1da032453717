//! A consistent copy of a SQLite database while the server runs: SQLite's
//! `VACUUM INTO` writes a compacted snapshot to a new file, readers and the
//! writer carrying on meanwhile (it is one read transaction). Restoring is
//! putting that file in place of the database with the server stopped
//! (docs/deploy.md). PostgreSQL has its own tools (`pg_dump`, base
//! backups with WAL archiving), which this does not replace.

use std::path::Path;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backups of PostgreSQL are made with pg_dump or pg_basebackup (see docs/deploy.md)")]
    NotSqlite,
    #[error("{0} exists already: a backup never overwrites a file")]
    TargetExists(String),
    #[error("the backup's path is not valid UTF-8")]
    PathNotUtf8,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Writes a snapshot of the SQLite database `db` to `to`, a file that must
/// not exist yet.
pub async fn sqlite_snapshot(db: &DatabaseConnection, to: &Path) -> Result<(), BackupError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if to.exists() {
        return Err(BackupError::TargetExists(to.display().to_string()));
    }
    let path = to.to_str().ok_or(BackupError::PathNotUtf8)?;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [path.into()],
    ))
    .await?;
    Ok(())
}

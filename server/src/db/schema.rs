//! The schema's migrations: applied at start-up by one node at a time, and
//! whether any are still to apply (the readiness check).

use cultivator_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

/// The PostgreSQL advisory lock nodes take to migrate: any fixed number
/// that no other program on the database uses ("cultivate" in ASCII).
const MIGRATION_LOCK: i64 = 0x63_75_6c_74_69_76_61_74;

/// Applies the pending migrations. On PostgreSQL the nodes that start
/// together on one database take turns under an advisory lock, so the
/// first applies the migrations and the others then find none left (each
/// migration runs in its own transaction, but without the lock two nodes
/// would both try the same one and one would fail to start). The lock is
/// held on a connection of its own: PostgreSQL releases it when that
/// connection ends, even if this process dies while migrating. SQLite is
/// for one node (a county on one binary) and needs no lock.
pub async fn migrate(db: &DatabaseConnection, url: &str) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    let lock = Database::connect(options).await?;
    lock.execute_unprepared(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
        .await?;
    let migrated = Migrator::up(db, None).await;
    let unlocked = lock
        .execute_unprepared(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
        .await;
    let closed = lock.close().await;
    migrated?;
    unlocked?;
    closed
}

/// How many migrations this build knows that the database has not had:
/// a node should take no traffic until it is 0 (another node may still be
/// migrating, or this build is newer than the schema).
pub async fn pending(db: &DatabaseConnection) -> Result<usize, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.len())
}

//! Change counters that app nodes read to know whether a cached result is
//! still current: a one-row table `{name}_epoch` that triggers bump on every
//! change to the tables the cached results are computed from. Triggers, not
//! application code, so no writer (a request, an import, a manual fix in
//! SQL) can forget to.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

const EVENTS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

/// Creates `{name}_epoch` at 0 and the triggers that bump it on `watched`.
pub(crate) async fn create(
    manager: &SchemaManager<'_>,
    name: &str,
    watched: &[&str],
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    db.execute_unprepared(&format!(
        "CREATE TABLE {name}_epoch (id INTEGER PRIMARY KEY, epoch BIGINT NOT NULL)"
    ))
    .await?;
    db.execute_unprepared(&format!(
        "INSERT INTO {name}_epoch (id, epoch) VALUES (1, 0)"
    ))
    .await?;
    match manager.get_database_backend() {
        DbBackend::Postgres => {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION bump_{name}_epoch() RETURNS trigger AS $$ \
                 BEGIN UPDATE {name}_epoch SET epoch = epoch + 1 WHERE id = 1; \
                 RETURN NULL; END; $$ LANGUAGE plpgsql"
            ))
            .await?;
            for table in watched {
                // Once per statement: a bulk insert bumps it once.
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_{name}_epoch \
                     AFTER INSERT OR UPDATE OR DELETE ON {table} \
                     FOR EACH STATEMENT EXECUTE FUNCTION bump_{name}_epoch()"
                ))
                .await?;
            }
        }
        _ => {
            // SQLite has row triggers only.
            for table in watched {
                for event in EVENTS {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_{name}_epoch_{} \
                         AFTER {event} ON {table} BEGIN \
                         UPDATE {name}_epoch SET epoch = epoch + 1 WHERE id = 1; END",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
    }
    Ok(())
}

/// Drops what [`create`] made.
pub(crate) async fn drop(
    manager: &SchemaManager<'_>,
    name: &str,
    watched: &[&str],
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DbBackend::Postgres => {
            for table in watched {
                db.execute_unprepared(&format!("DROP TRIGGER {table}_{name}_epoch ON {table}"))
                    .await?;
            }
            db.execute_unprepared(&format!("DROP FUNCTION bump_{name}_epoch()"))
                .await?;
        }
        _ => {
            for table in watched {
                for event in EVENTS {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER {table}_{name}_epoch_{}",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
    }
    crate::drop_tables(manager, &[&format!("{name}_epoch")]).await
}

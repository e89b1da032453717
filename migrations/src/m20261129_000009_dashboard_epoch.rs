//! A change counter for everything the coordinator dashboard shows.
//!
//! Each app node caches computed dashboards; before serving one it reads
//! `dashboard_epoch.epoch` and recomputes when it moved. Triggers bump it on
//! every change to the counters, targets, regions and programmes, so no
//! writer (a completion, a recount, an import, a manual fix in SQL) can
//! forget to, and every node sees the change on its next request.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows the dashboard reads.
const WATCHED: [&str; 4] = ["trained_counts", "targets", "regions", "programmes"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE dashboard_epoch (id INTEGER PRIMARY KEY, epoch BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO dashboard_epoch (id, epoch) VALUES (1, 0)")
            .await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION bump_dashboard_epoch() RETURNS trigger AS $$ \
                     BEGIN UPDATE dashboard_epoch SET epoch = epoch + 1 WHERE id = 1; \
                     RETURN NULL; END; $$ LANGUAGE plpgsql",
                )
                .await?;
                for table in WATCHED {
                    // Once per statement: a bulk insert bumps it once.
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_dashboard_epoch \
                         AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_epoch()"
                    ))
                    .await?;
                }
            }
            _ => {
                // SQLite has row triggers only.
                for table in WATCHED {
                    for event in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_dashboard_epoch_{} \
                             AFTER {event} ON {table} BEGIN \
                             UPDATE dashboard_epoch SET epoch = epoch + 1 WHERE id = 1; END",
                            event.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for table in WATCHED {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER {table}_dashboard_epoch ON {table}"
                    ))
                    .await?;
                }
                db.execute_unprepared("DROP FUNCTION bump_dashboard_epoch()")
                    .await?;
            }
            _ => {
                for table in WATCHED {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER {table}_dashboard_epoch_{event}"
                        ))
                        .await?;
                    }
                }
            }
        }
        crate::drop_tables(manager, &["dashboard_epoch"]).await
    }
}

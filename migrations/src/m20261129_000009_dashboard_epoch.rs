//! A change counter for everything the coordinator dashboard shows.
//!
//! Each app node caches computed dashboards; before serving one it reads
//! `dashboard_epoch.epoch` and recomputes when it moved. Triggers bump it on
//! every change to the counters, targets, regions and programmes, so no
//! writer (a completion, a recount, an import, a manual fix in SQL) can
//! forget to, and every node sees the change on its next request.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows the dashboard reads.
const WATCHED: [&str; 4] = ["trained_counts", "targets", "regions", "programmes"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::epoch::create(manager, "dashboard", &WATCHED).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::epoch::drop(manager, "dashboard", &WATCHED).await
    }
}

//! When a batch of certificates last moved: the node printing it writes
//! this with each chunk, so a batch whose node stopped (a restart, a
//! deploy) is seen as failed once it has been still for a while, instead
//! of "printing" until it expires. `NULL` for batches made before.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CertificateBatches {
    Table,
    ProgressedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CertificateBatches::Table)
                    .add_column(timestamp_with_time_zone_null(
                        CertificateBatches::ProgressedAt,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CertificateBatches::Table)
                    .drop_column(CertificateBatches::ProgressedAt)
                    .to_owned(),
            )
            .await
    }
}

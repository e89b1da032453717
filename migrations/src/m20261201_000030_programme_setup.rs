//! Programmes set up by staff rather than by the demo seed.
//!
//! A programme gains a `code` (the key the command line's set-up file names
//! it by, so applying a file twice changes nothing) and an owning region
//! (empty: national). A stage gains the coordinator level that selects
//! candidates for it (county by default: the county picks who goes on) and
//! `retired_at`: a stage in use is never deleted, only retired, which keeps
//! its classes and history but offers it for no new class.

use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Code,
    OwnerRegion,
}

#[derive(DeriveIden)]
enum Stages {
    Table,
    SelectedBy,
    RetiredAt,
}

const UNIQUE_CODE: &str = "uq_programmes_code";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            (
                Programmes::Table.into_iden(),
                ColumnDef::new(Programmes::Code).string().null().to_owned(),
            ),
            (
                Programmes::Table.into_iden(),
                ColumnDef::new(Programmes::OwnerRegion)
                    .string()
                    .null()
                    .to_owned(),
            ),
            (
                Stages::Table.into_iden(),
                ColumnDef::new(Stages::SelectedBy)
                    .string()
                    .not_null()
                    .default("county")
                    .to_owned(),
            ),
            (
                Stages::Table.into_iden(),
                ColumnDef::new(Stages::RetiredAt)
                    .timestamp_with_time_zone()
                    .null()
                    .to_owned(),
            ),
        ];
        for (table, mut column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // Programmes made before codes existed get one from their id.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE programmes SET code = 'programme-' || CAST(id AS TEXT) WHERE code IS NULL",
            )
            .await?;
        let mut unique = index(Programmes::Table, UNIQUE_CODE, &["code"]);
        manager.create_index(unique.unique().to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(UNIQUE_CODE)
                    .table(Programmes::Table)
                    .to_owned(),
            )
            .await?;
        for (table, column) in [
            (Stages::Table.into_iden(), Stages::RetiredAt.into_iden()),
            (Stages::Table.into_iden(), Stages::SelectedBy.into_iden()),
            (
                Programmes::Table.into_iden(),
                Programmes::OwnerRegion.into_iden(),
            ),
            (Programmes::Table.into_iden(), Programmes::Code.into_iden()),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

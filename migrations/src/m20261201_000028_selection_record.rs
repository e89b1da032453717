//! A selection for a gated stage is a record, not a row that comes and
//! goes: withdrawing one keeps the row and notes who withdrew it and when
//! (`unselected_by`, `unselected_at`). A person is selected while
//! `unselected_at` is empty; selecting them again clears it and records the
//! new selector.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StageSelections {
    Table,
    UnselectedBy,
    UnselectedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StageSelections::Table)
                    .add_column(
                        ColumnDef::new(StageSelections::UnselectedBy)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(StageSelections::Table)
                    .add_column(
                        ColumnDef::new(StageSelections::UnselectedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [StageSelections::UnselectedAt, StageSelections::UnselectedBy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(StageSelections::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

//! Pre-aggregated completion counters for the coordinator dashboard.
//!
//! `trained_people` holds one row per person trained on a (programme, track):
//! the month of their first completion and the home region they were counted
//! in, so that "distinct people" stays exact when a second class completes or
//! a completion is withdrawn. `trained_counts` holds, per region prefix
//! (`""` is the whole country) × programme × track × month, how many people
//! were first trained that month. Both are maintained by the transaction that
//! records a completion and can be rebuilt by `cultivator recount`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrainedPeople {
    Table,
    ProgrammeId,
    Track,
    UserId,
    RegionCode,
    /// Year × 100 + month of the first completion, Beijing time.
    FirstMonth,
}

#[derive(DeriveIden)]
enum TrainedCounts {
    Table,
    RegionPrefix,
    ProgrammeId,
    Track,
    Month,
    People,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TrainedPeople::Table)
                    .col(big_integer(TrainedPeople::ProgrammeId))
                    .col(string_len(TrainedPeople::Track, 16))
                    .col(big_integer(TrainedPeople::UserId))
                    .col(string_len(TrainedPeople::RegionCode, 12))
                    .col(integer(TrainedPeople::FirstMonth))
                    .primary_key(
                        Index::create()
                            .col(TrainedPeople::ProgrammeId)
                            .col(TrainedPeople::Track)
                            .col(TrainedPeople::UserId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrainedCounts::Table)
                    .col(string_len(TrainedCounts::RegionPrefix, 12))
                    .col(big_integer(TrainedCounts::ProgrammeId))
                    .col(string_len(TrainedCounts::Track, 16))
                    .col(integer(TrainedCounts::Month))
                    .col(big_integer(TrainedCounts::People))
                    .primary_key(
                        Index::create()
                            .col(TrainedCounts::RegionPrefix)
                            .col(TrainedCounts::ProgrammeId)
                            .col(TrainedCounts::Track)
                            .col(TrainedCounts::Month),
                    )
                    .to_owned(),
            )
            .await?;
        // The dashboard's children query: every row of one programme at one
        // prefix length under a parent, read by prefix range.
        manager
            .create_index(index(
                TrainedCounts::Table,
                "idx_trained_counts_programme_prefix",
                &["programme_id", "region_prefix"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["trained_counts", "trained_people"]).await
    }
}

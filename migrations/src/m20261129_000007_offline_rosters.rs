//! The offline track, second part: background roster imports (their progress
//! lives here so any app node can answer the polling), a trainee's category,
//! and selections for the gated stages of a programme's pathway.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RosterImports {
    Table,
    Id,
    ClassId,
    CreatedBy,
    /// `running`, `succeeded` or `failed`.
    State,
    TotalRows,
    ProcessedRows,
    CreatedAccounts,
    MatchedAccounts,
    Enrolled,
    Waitlisted,
    Unchanged,
    Error,
    /// The one-time password sheet (CSV) until it is downloaded once.
    PasswordSheet,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum TraineeCategories {
    Table,
    UserId,
    Category,
}

#[derive(DeriveIden)]
enum StageSelections {
    Table,
    Id,
    StageId,
    UserId,
    SelectedBy,
    SelectedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Classes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Stages {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RosterImports::Table)
                    .col(big_pk_auto(RosterImports::Id))
                    .col(big_integer(RosterImports::ClassId))
                    .col(big_integer(RosterImports::CreatedBy))
                    .col(string_len(RosterImports::State, 16))
                    .col(integer(RosterImports::TotalRows))
                    .col(integer(RosterImports::ProcessedRows))
                    .col(integer(RosterImports::CreatedAccounts))
                    .col(integer(RosterImports::MatchedAccounts))
                    .col(integer(RosterImports::Enrolled))
                    .col(integer(RosterImports::Waitlisted))
                    .col(integer(RosterImports::Unchanged))
                    .col(text_null(RosterImports::Error))
                    .col(text_null(RosterImports::PasswordSheet))
                    .col(timestamp_with_time_zone(RosterImports::CreatedAt))
                    .col(timestamp_with_time_zone(RosterImports::UpdatedAt))
                    .col(timestamp_with_time_zone_null(RosterImports::FinishedAt))
                    .foreign_key(&mut crate::cascade(
                        (RosterImports::Table, RosterImports::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .foreign_key(&mut crate::restrict(
                        (RosterImports::Table, RosterImports::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TraineeCategories::Table)
                    .col(big_integer(TraineeCategories::UserId).primary_key())
                    .col(string_len(TraineeCategories::Category, 32))
                    .foreign_key(&mut crate::cascade(
                        (TraineeCategories::Table, TraineeCategories::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StageSelections::Table)
                    .col(big_pk_auto(StageSelections::Id))
                    .col(big_integer(StageSelections::StageId))
                    .col(big_integer(StageSelections::UserId))
                    .col(big_integer(StageSelections::SelectedBy))
                    .col(timestamp_with_time_zone(StageSelections::SelectedAt))
                    .foreign_key(&mut crate::cascade(
                        (StageSelections::Table, StageSelections::StageId),
                        (Stages::Table, Stages::Id),
                    ))
                    .foreign_key(&mut crate::cascade(
                        (StageSelections::Table, StageSelections::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut crate::restrict(
                        (StageSelections::Table, StageSelections::SelectedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                RosterImports::Table,
                "idx_roster_imports_class",
                &["class_id", "created_at"],
            ))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_stage_selections_stage_user")
                    .table(StageSelections::Table)
                    .col(StageSelections::StageId)
                    .col(StageSelections::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            &["stage_selections", "trainee_categories", "roster_imports"],
        )
        .await
    }
}

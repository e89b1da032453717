//! Verified study time is judged per person, not per lesson: `study_clocks`
//! holds each trainee's one clock (a token bucket of wall-clock time, see
//! `domain::learning::study_clock`). And the credit-hour ledger can book a
//! thing once only: a unique index on (user, source, source id), after
//! removing any duplicate an earlier version could have booked.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer;

use crate::cascade;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StudyClocks {
    Table,
    UserId,
    BalanceMs,
    UpdatedMs,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CreditEntries {
    Table,
}

const UNIQUE_CREDIT: &str = "uq_credit_entries_source";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StudyClocks::Table)
                    .col(
                        ColumnDef::new(StudyClocks::UserId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(big_integer(StudyClocks::BalanceMs))
                    .col(big_integer(StudyClocks::UpdatedMs))
                    .foreign_key(&mut cascade(
                        (StudyClocks::Table, StudyClocks::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "DELETE FROM credit_entries WHERE id NOT IN \
                 (SELECT MIN(id) FROM credit_entries GROUP BY user_id, source, source_id)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(UNIQUE_CREDIT)
                    .table(CreditEntries::Table)
                    .col("user_id")
                    .col("source")
                    .col("source_id")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(UNIQUE_CREDIT)
                    .table(CreditEntries::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(StudyClocks::Table).to_owned())
            .await
    }
}

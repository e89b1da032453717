//! Classes and sessions can be cancelled (a status with a reason, never a
//! delete); notifications carry the session they are about and what the
//! trainee needs to know at the time (a new time and place, a reason), and
//! are claimed once for delivery by SMS; a daily job records each day's run
//! so that only one node sends it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Classes {
    Table,
    CancelledAt,
    CancelReason,
}

#[derive(DeriveIden)]
enum ClassSessions {
    Table,
    CancelledAt,
    CancelReason,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    SessionId,
    /// JSON of the notice's particulars (`NotificationDetail`).
    Detail,
    /// When a node claimed the notice for delivery by SMS (once only).
    SmsClaimedAt,
}

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Job,
    /// The day (in the programme's time zone) the run is for.
    Day,
    StartedAt,
}

/// SQLite alters one column per statement.
async fn add(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(column).to_owned())
        .await
}

async fn drop_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(
            manager,
            Classes::Table,
            timestamp_with_time_zone_null(Classes::CancelledAt),
        )
        .await?;
        add(
            manager,
            Classes::Table,
            string_len_null(Classes::CancelReason, 500),
        )
        .await?;
        add(
            manager,
            ClassSessions::Table,
            timestamp_with_time_zone_null(ClassSessions::CancelledAt),
        )
        .await?;
        add(
            manager,
            ClassSessions::Table,
            string_len_null(ClassSessions::CancelReason, 500),
        )
        .await?;
        add(
            manager,
            Notifications::Table,
            big_integer_null(Notifications::SessionId),
        )
        .await?;
        add(
            manager,
            Notifications::Table,
            text_null(Notifications::Detail),
        )
        .await?;
        add(
            manager,
            Notifications::Table,
            timestamp_with_time_zone_null(Notifications::SmsClaimedAt),
        )
        .await?;
        // The SMS sender looks for recent notices not yet claimed.
        manager
            .create_index(index(
                Notifications::Table,
                "idx_notifications_created",
                &["created_at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobRuns::Table)
                    .col(string_len(JobRuns::Job, 64))
                    .col(date(JobRuns::Day))
                    .col(timestamp_with_time_zone(JobRuns::StartedAt))
                    .primary_key(Index::create().col(JobRuns::Job).col(JobRuns::Day))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["job_runs"]).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_notifications_created")
                    .table(Notifications::Table)
                    .to_owned(),
            )
            .await?;
        drop_column(manager, Notifications::Table, Notifications::SmsClaimedAt).await?;
        drop_column(manager, Notifications::Table, Notifications::Detail).await?;
        drop_column(manager, Notifications::Table, Notifications::SessionId).await?;
        drop_column(manager, ClassSessions::Table, ClassSessions::CancelReason).await?;
        drop_column(manager, ClassSessions::Table, ClassSessions::CancelledAt).await?;
        drop_column(manager, Classes::Table, Classes::CancelReason).await?;
        drop_column(manager, Classes::Table, Classes::CancelledAt).await
    }
}

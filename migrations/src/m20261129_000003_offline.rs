//! The offline track: in-app notifications (e.g. promotion from a waitlist)
//! and the audit of attendance corrections made by hand.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ClassId,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum AttendanceCorrections {
    Table,
    Id,
    SessionId,
    UserId,
    /// None when the trainee had no attendance record before.
    FromState,
    ToState,
    CorrectedBy,
    CorrectedAt,
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
enum ClassSessions {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(big_pk_auto(Notifications::Id))
                    .col(big_integer(Notifications::UserId))
                    .col(string_len(Notifications::Kind, 32))
                    .col(big_integer_null(Notifications::ClassId))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(&mut crate::cascade(
                        (Notifications::Table, Notifications::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut crate::cascade(
                        (Notifications::Table, Notifications::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AttendanceCorrections::Table)
                    .col(big_pk_auto(AttendanceCorrections::Id))
                    .col(big_integer(AttendanceCorrections::SessionId))
                    .col(big_integer(AttendanceCorrections::UserId))
                    .col(string_len_null(AttendanceCorrections::FromState, 16))
                    .col(string_len(AttendanceCorrections::ToState, 16))
                    .col(big_integer(AttendanceCorrections::CorrectedBy))
                    .col(timestamp_with_time_zone(AttendanceCorrections::CorrectedAt))
                    .foreign_key(&mut crate::cascade(
                        (
                            AttendanceCorrections::Table,
                            AttendanceCorrections::SessionId,
                        ),
                        (ClassSessions::Table, ClassSessions::Id),
                    ))
                    .foreign_key(&mut crate::restrict(
                        (AttendanceCorrections::Table, AttendanceCorrections::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut crate::restrict(
                        (
                            AttendanceCorrections::Table,
                            AttendanceCorrections::CorrectedBy,
                        ),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                Notifications::Table,
                "idx_notifications_user",
                &["user_id", "created_at"],
            ))
            .await?;
        manager
            .create_index(index(
                AttendanceCorrections::Table,
                "idx_attendance_corrections_session",
                &["session_id", "user_id"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["attendance_corrections", "notifications"]).await
    }
}

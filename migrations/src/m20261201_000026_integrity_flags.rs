//! The integrity report's flags: what looked manufactured, one row per
//! (trainee, kind, subject) however often it happened. A script sending
//! thousands of refused reports bumps one row's count; it cannot grow the
//! table. The subject is the course of a fast completion, the session of a
//! check-in lockout or of wrong codes, and 0 where there is none.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{cascade, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IntegrityFlags {
    Table,
    Id,
    UserId,
    /// `fast_completion`, `rejected_reports`, `checkin_lockout`, `wrong_checkin_codes`.
    Kind,
    SubjectId,
    Count,
    FirstAt,
    LastAt,
    /// Fast completions: the time measured and the time expected, and which
    /// clock measured it (`verified` play or `elapsed` since enrolment).
    MeasuredMs,
    ExpectedMs,
    Basis,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const UNIQUE_FLAG: &str = "uq_integrity_flags_user_kind_subject";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IntegrityFlags::Table)
                    .col(big_pk_auto(IntegrityFlags::Id))
                    .col(big_integer(IntegrityFlags::UserId))
                    .col(string(IntegrityFlags::Kind))
                    .col(big_integer(IntegrityFlags::SubjectId))
                    .col(big_integer(IntegrityFlags::Count))
                    .col(timestamp_with_time_zone(IntegrityFlags::FirstAt))
                    .col(timestamp_with_time_zone(IntegrityFlags::LastAt))
                    .col(big_integer_null(IntegrityFlags::MeasuredMs))
                    .col(big_integer_null(IntegrityFlags::ExpectedMs))
                    .col(string_null(IntegrityFlags::Basis))
                    .foreign_key(&mut cascade(
                        (IntegrityFlags::Table, IntegrityFlags::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(UNIQUE_FLAG)
                    .table(IntegrityFlags::Table)
                    .col(IntegrityFlags::UserId)
                    .col(IntegrityFlags::Kind)
                    .col(IntegrityFlags::SubjectId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The report lists the newest first; the live check-in list reads one
        // session's wrong codes.
        manager
            .create_index(index(
                IntegrityFlags::Table,
                "idx_integrity_flags_last_at",
                &["last_at"],
            ))
            .await?;
        manager
            .create_index(index(
                IntegrityFlags::Table,
                "idx_integrity_flags_subject",
                &["kind", "subject_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["integrity_flags"]).await
    }
}

//! The audit trail: one row per privileged action, written in the same
//! transaction as the change. Rows are never updated or deleted, so the
//! table has no foreign keys: a record outlives whatever it names (an
//! anonymised account, a deleted stage). `region_code` is the region the
//! object belongs to (its class's, its person's home, a target's), by which
//! coordinators see only their own region's records.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditRecords {
    Table,
    Id,
    At,
    /// Empty for the system itself (scheduled jobs).
    ActorId,
    /// The actor's role grants when acting, e.g. `coordinator:510121`.
    ActorRoles,
    Action,
    ObjectKind,
    ObjectId,
    RegionCode,
    /// JSON of the relevant fields before and after the change.
    Before,
    After,
    Address,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditRecords::Table)
                    .col(big_pk_auto(AuditRecords::Id))
                    .col(timestamp_with_time_zone(AuditRecords::At))
                    .col(big_integer_null(AuditRecords::ActorId))
                    .col(string(AuditRecords::ActorRoles))
                    .col(string(AuditRecords::Action))
                    .col(string(AuditRecords::ObjectKind))
                    .col(big_integer(AuditRecords::ObjectId))
                    .col(string_null(AuditRecords::RegionCode))
                    .col(text_null(AuditRecords::Before))
                    .col(text_null(AuditRecords::After))
                    .col(string_null(AuditRecords::Address))
                    .to_owned(),
            )
            .await?;
        // Listed newest first, filtered by region, actor or object.
        for (name, columns) in [
            ("idx_audit_records_at", &["at"][..]),
            ("idx_audit_records_region", &["region_code", "at"][..]),
            ("idx_audit_records_actor", &["actor_id", "at"][..]),
            (
                "idx_audit_records_object",
                &["object_kind", "object_id"][..],
            ),
        ] {
            manager
                .create_index(index(AuditRecords::Table, name, columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["audit_records"]).await
    }
}

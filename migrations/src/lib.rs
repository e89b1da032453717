//! Cultivator's database schema, one dated migration per change, runnable on
//! SQLite and PostgreSQL alike (all DDL goes through sea-query's builder).

pub use sea_orm_migration::prelude::*;

mod epoch;

mod m20261129_000001_accounts;
mod m20261129_000002_training;
mod m20261129_000003_offline;
mod m20261129_000004_online;
mod m20261129_000005_coordinators;
mod m20261129_000006_online_media_classes;
mod m20261129_000007_offline_rosters;
mod m20261129_000009_dashboard_epoch;
// session owner column
mod m20261129_000020_session_owner;
mod m20261201_000021_study_clock;
mod m20261201_000022_removed_enrollments;
mod m20261201_000023_quiz_answers_shown;
mod m20261201_000024_planned_sessions;
mod m20261201_000025_reading_and_attention;
mod m20261201_000026_integrity_flags;
mod m20261201_000027_instructor_regions;
mod m20261201_000028_selection_record;
mod m20261201_000029_audit_records;
mod m20261201_000030_programme_setup;
mod m20261201_000031_account_self_service;
mod m20261201_000035_class_changes_and_notices;
mod m20261206_000036_certificates;
mod m20261206_000040_platforms;
mod m20261206_000041_certificate_templates;
mod m20261206_000045_platform_reach;
mod m20261206_000046_batch_heartbeat;
mod m20261207_000047_jobs;
mod m20261207_000048_catalogue_epoch;
mod provinces;

pub use provinces::PROVINCES;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_accounts::Migration),
            Box::new(m20261129_000002_training::Migration),
            Box::new(m20261129_000003_offline::Migration),
            Box::new(m20261129_000004_online::Migration),
            Box::new(m20261129_000005_coordinators::Migration),
            Box::new(m20261129_000006_online_media_classes::Migration),
            Box::new(m20261129_000009_dashboard_epoch::Migration),
            Box::new(m20261129_000007_offline_rosters::Migration),
            // session owner column
            Box::new(m20261129_000020_session_owner::Migration),
            Box::new(m20261201_000021_study_clock::Migration),
            Box::new(m20261201_000022_removed_enrollments::Migration),
            Box::new(m20261201_000023_quiz_answers_shown::Migration),
            Box::new(m20261201_000024_planned_sessions::Migration),
            Box::new(m20261201_000025_reading_and_attention::Migration),
            Box::new(m20261201_000026_integrity_flags::Migration),
            Box::new(m20261201_000027_instructor_regions::Migration),
            Box::new(m20261201_000028_selection_record::Migration),
            Box::new(m20261201_000029_audit_records::Migration),
            Box::new(m20261201_000030_programme_setup::Migration),
            Box::new(m20261201_000031_account_self_service::Migration),
            Box::new(m20261201_000035_class_changes_and_notices::Migration),
            Box::new(m20261206_000036_certificates::Migration),
            Box::new(m20261206_000040_platforms::Migration),
            Box::new(m20261206_000041_certificate_templates::Migration),
            Box::new(m20261206_000045_platform_reach::Migration),
            Box::new(m20261206_000046_batch_heartbeat::Migration),
            Box::new(m20261207_000047_jobs::Migration),
            Box::new(m20261207_000048_catalogue_epoch::Migration),
        ]
    }
}

/// A foreign key from `from` to `to`, removing the child rows with the parent.
pub(crate) fn cascade(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// A foreign key that refuses to delete a parent row still referenced.
pub(crate) fn restrict(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

pub(crate) fn index(
    table: impl IntoIden,
    name: &str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

/// Drops `tables` in the order given (children before parents), for `down()`.
pub(crate) async fn drop_tables(manager: &SchemaManager<'_>, tables: &[&str]) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(Alias::new(*table)).to_owned())
            .await?;
    }
    Ok(())
}

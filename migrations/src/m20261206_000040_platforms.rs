//! Provincial platforms: branded sites over the one national data set.
//!
//! `platforms` holds each platform's code (also its `/p/{code}/` prefix),
//! the host name it answers on, its home region (empty: national) and its
//! branding. The national platform is a row like the others, so the branding of
//! unknown hosts is edited the same way.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Platforms {
    Table,
    Id,
    Code,
    Host,
    HomeRegion,
    NameZh,
    NameEn,
    ShortZh,
    ShortEn,
    PrimaryColour,
    AccentColour,
    WelcomeMarkdown,
    Issuer,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Platforms::Table)
                    .col(big_pk_auto(Platforms::Id))
                    .col(string(Platforms::Code))
                    .col(string_null(Platforms::Host))
                    .col(string_null(Platforms::HomeRegion))
                    .col(string(Platforms::NameZh))
                    .col(string(Platforms::NameEn))
                    .col(string(Platforms::ShortZh))
                    .col(string(Platforms::ShortEn))
                    .col(string(Platforms::PrimaryColour))
                    .col(string(Platforms::AccentColour))
                    .col(text(Platforms::WelcomeMarkdown))
                    .col(string(Platforms::Issuer))
                    .col(timestamp_with_time_zone(Platforms::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [("uq_platforms_code", "code"), ("uq_platforms_host", "host")] {
            let mut unique = index(Platforms::Table, name, &[column]);
            manager.create_index(unique.unique().to_owned()).await?;
        }
        // The national platform: what every unknown host shows.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO platforms (code, host, home_region, name_zh, name_en, short_zh, \
                 short_en, primary_colour, accent_colour, welcome_markdown, issuer, updated_at) \
                 VALUES ('national', NULL, NULL, 'Cultivator 乡村人才培训', \
                 'Cultivator rural talent training', '乡村人才培训', 'Cultivator', '#2f7d32', \
                 '#f9a825', '', '', CURRENT_TIMESTAMP)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["platforms"]).await
    }
}

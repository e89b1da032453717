//! What a platform reaches beyond its look: the courses and classes it
//! owns (shown only on it; `NULL` is shared nationally), the people who
//! registered through it (for the national office's per-platform counts),
//! its logo, and the courses and classes it features on its home page.
//!
//! The logo's bytes live in their own table so that resolving a platform on
//! every page load reads only `logo_type`, which says whether it has one.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{cascade, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Platforms {
    Table,
    Id,
    LogoType,
}

#[derive(DeriveIden)]
enum PlatformLogos {
    Table,
    PlatformId,
    Bytes,
}

#[derive(DeriveIden)]
enum PlatformFeatured {
    Table,
    PlatformId,
    Kind,
    ItemId,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for table in ["users", "courses", "classes"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(big_integer_null(Alias::new("platform_id")))
                        .to_owned(),
                )
                .await?;
            let name = format!("idx_{table}_platform");
            manager
                .create_index(index(Alias::new(table), &name, &["platform_id"]))
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Platforms::Table)
                    .add_column(string_len_null(Platforms::LogoType, 32))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlatformLogos::Table)
                    .col(big_integer(PlatformLogos::PlatformId).primary_key())
                    .col(blob(PlatformLogos::Bytes))
                    .foreign_key(&mut cascade(
                        (PlatformLogos::Table, PlatformLogos::PlatformId),
                        (Platforms::Table, Platforms::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlatformFeatured::Table)
                    .col(big_integer(PlatformFeatured::PlatformId))
                    .col(string_len(PlatformFeatured::Kind, 16))
                    .col(big_integer(PlatformFeatured::ItemId))
                    .col(integer(PlatformFeatured::Position))
                    .primary_key(
                        Index::create()
                            .col(PlatformFeatured::PlatformId)
                            .col(PlatformFeatured::Kind)
                            .col(PlatformFeatured::ItemId),
                    )
                    .foreign_key(&mut cascade(
                        (PlatformFeatured::Table, PlatformFeatured::PlatformId),
                        (Platforms::Table, Platforms::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["platform_featured", "platform_logos"]).await?;
        for (table, column) in [
            ("platforms", "logo_type"),
            ("classes", "platform_id"),
            ("courses", "platform_id"),
            ("users", "platform_id"),
        ] {
            if column == "platform_id" {
                manager
                    .drop_index(
                        Index::drop()
                            .name(format!("idx_{table}_platform"))
                            .table(Alias::new(table))
                            .to_owned(),
                    )
                    .await?;
            }
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

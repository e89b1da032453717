//! A programme's certificate design, and batches of a class's certificates
//! printed in the background.
//!
//! The design's pictures (a logo and a seal, at most 512 kB each) are kept
//! in the database, so every node prints them without a shared disk. A
//! batch's files are kept there too, for any node to hand out, and deleted
//! a day after they were asked for (`expires_at`).

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Classes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CertificateTemplates {
    Table,
    /// One design per programme.
    ProgrammeId,
    IssuerZh,
    IssuerEn,
    Heading,
    Closing,
    SignatoryName,
    SignatoryTitle,
    Logo,
    /// `image/png` or `image/jpeg`, checked from the bytes.
    LogoType,
    Seal,
    SealType,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CertificateBatches {
    Table,
    Id,
    ClassId,
    RequestedBy,
    /// `running`, `ready` or `failed`.
    State,
    Done,
    Total,
    /// Every valid certificate, a page each, in one PDF.
    Pdf,
    /// One PDF per certificate.
    Zip,
    CreatedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CertificateTemplates::Table)
                    .col(
                        big_integer(CertificateTemplates::ProgrammeId)
                            .primary_key()
                            .to_owned(),
                    )
                    .col(string_len(CertificateTemplates::IssuerZh, 300))
                    .col(string_len(CertificateTemplates::IssuerEn, 300))
                    .col(string_len(CertificateTemplates::Heading, 100))
                    .col(string_len(CertificateTemplates::Closing, 300))
                    .col(string_len(CertificateTemplates::SignatoryName, 100))
                    .col(string_len(CertificateTemplates::SignatoryTitle, 300))
                    .col(blob_null(CertificateTemplates::Logo))
                    .col(string_len_null(CertificateTemplates::LogoType, 16))
                    .col(blob_null(CertificateTemplates::Seal))
                    .col(string_len_null(CertificateTemplates::SealType, 16))
                    .col(timestamp_with_time_zone(CertificateTemplates::UpdatedAt))
                    .foreign_key(&mut crate::cascade(
                        (
                            CertificateTemplates::Table,
                            CertificateTemplates::ProgrammeId,
                        ),
                        (Programmes::Table, Programmes::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CertificateBatches::Table)
                    .col(big_pk_auto(CertificateBatches::Id))
                    .col(big_integer(CertificateBatches::ClassId))
                    .col(big_integer(CertificateBatches::RequestedBy))
                    .col(string_len(CertificateBatches::State, 16))
                    .col(integer(CertificateBatches::Done))
                    .col(integer(CertificateBatches::Total))
                    .col(blob_null(CertificateBatches::Pdf))
                    .col(blob_null(CertificateBatches::Zip))
                    .col(timestamp_with_time_zone(CertificateBatches::CreatedAt))
                    .col(timestamp_with_time_zone(CertificateBatches::ExpiresAt))
                    .foreign_key(&mut crate::cascade(
                        (CertificateBatches::Table, CertificateBatches::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_certificate_batches_class", &["class_id"][..]),
            ("idx_certificate_batches_expiry", &["expires_at"][..]),
        ] {
            manager
                .create_index(index(CertificateBatches::Table, name, columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["certificate_batches", "certificate_templates"]).await
    }
}

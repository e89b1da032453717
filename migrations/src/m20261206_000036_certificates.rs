//! Certificates (结业证书) and the keys that sign them.
//!
//! A certificate is a snapshot: the holder's name, what was completed, its
//! hours and dates are copied when it is issued, because what was printed
//! and signed must not change when a course is renamed or a person edits
//! their profile. It is never deleted: withdrawing the completion revokes it
//! (`revoked_at`, `revoke_reason`). `live_key` (kind, subject, holder) is set
//! while the certificate is valid and cleared on revocation; being unique it
//! keeps exactly one valid certificate per person and thing certified, on
//! both engines (both treat NULLs as distinct), without partial indexes.
//!
//! Signing keys are Ed25519, made at first start; the newest not retired
//! signs, and retired keys are kept so old certificates still verify.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CertificateKeys {
    Table,
    Id,
    /// The 32-byte public key, base64url without padding.
    PublicKey,
    /// The 32-byte secret seed, base64url without padding.
    SecretKey,
    CreatedAt,
    /// Set when a newer key took over signing; the key still verifies.
    RetiredAt,
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    /// The public, typo-resistant number, e.g. `2026-51-K7Q3M-9XDWA-H`.
    Number,
    UserId,
    /// `course`, `class` or `programme` (graduation).
    Kind,
    /// The course, class or programme certified.
    SubjectId,
    ProgrammeId,
    HolderName,
    Title,
    CreditTenths,
    CompletedAt,
    IssuedAt,
    Issuer,
    KeyId,
    /// Base64url of the Ed25519 signature over the canonical fields.
    Signature,
    LiveKey,
    RevokedAt,
    RevokeReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CertificateKeys::Table)
                    .col(big_pk_auto(CertificateKeys::Id))
                    .col(string_len(CertificateKeys::PublicKey, 64))
                    .col(string_len(CertificateKeys::SecretKey, 64))
                    .col(timestamp_with_time_zone(CertificateKeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(CertificateKeys::RetiredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Certificates::Table)
                    .col(big_pk_auto(Certificates::Id))
                    .col(string_len_uniq(Certificates::Number, 32))
                    .col(big_integer(Certificates::UserId))
                    .col(string_len(Certificates::Kind, 16))
                    .col(big_integer(Certificates::SubjectId))
                    .col(big_integer_null(Certificates::ProgrammeId))
                    .col(string_len(Certificates::HolderName, 200))
                    .col(string_len(Certificates::Title, 500))
                    .col(integer(Certificates::CreditTenths))
                    .col(timestamp_with_time_zone(Certificates::CompletedAt))
                    .col(timestamp_with_time_zone(Certificates::IssuedAt))
                    .col(string_len(Certificates::Issuer, 300))
                    .col(big_integer(Certificates::KeyId))
                    .col(string_len(Certificates::Signature, 128))
                    .col(string_len_null(Certificates::LiveKey, 80))
                    .col(timestamp_with_time_zone_null(Certificates::RevokedAt))
                    .col(string_len_null(Certificates::RevokeReason, 500))
                    .foreign_key(&mut crate::restrict(
                        (Certificates::Table, Certificates::KeyId),
                        (CertificateKeys::Table, CertificateKeys::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(Certificates::Table, "idx_certificates_live", &["live_key"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A person's certificates; a class's or programme's.
        for (name, columns) in [
            ("idx_certificates_user", &["user_id"][..]),
            ("idx_certificates_subject", &["kind", "subject_id"][..]),
        ] {
            manager
                .create_index(index(Certificates::Table, name, columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["certificates", "certificate_keys"]).await
    }
}

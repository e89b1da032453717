//! Accounts run by their owners: a flag for accounts that must set a
//! password of their own at first sign-in (made by an administrator or a
//! roster import), when an account was deleted (its personal data erased,
//! its training kept as anonymous numbers), and password reset codes.
//!
//! A reset code is stored only as a SHA-256 digest; it expires, is used at
//! most once, and issuing a new one for the same person withdraws theirs.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{cascade, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    MustChangePassword,
    DeletedAt,
}

#[derive(DeriveIden)]
enum PasswordResetCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    IssuedBy,
    IssuedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(boolean(Users::MustChangePassword).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(timestamp_with_time_zone_null(Users::DeletedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PasswordResetCodes::Table)
                    .col(big_pk_auto(PasswordResetCodes::Id))
                    .col(big_integer(PasswordResetCodes::UserId))
                    .col(string_len(PasswordResetCodes::CodeHash, 64))
                    .col(big_integer_null(PasswordResetCodes::IssuedBy))
                    .col(timestamp_with_time_zone(PasswordResetCodes::IssuedAt))
                    .col(timestamp_with_time_zone(PasswordResetCodes::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordResetCodes::UsedAt))
                    .foreign_key(&mut cascade(
                        (PasswordResetCodes::Table, PasswordResetCodes::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                PasswordResetCodes::Table,
                "idx_password_reset_codes_user",
                &["user_id"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, &["password_reset_codes"]).await?;
        for column in [Users::DeletedAt, Users::MustChangePassword] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

//! Regions, accounts, roles, login sessions and login throttling.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{PROVINCES, cascade, index, restrict};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Regions {
    Table,
    Code,
    ParentCode,
    Level,
    NameZh,
    NameEn,
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Name,
    Mobile,
    PasswordHash,
    RegionCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserRoles {
    Table,
    Id,
    UserId,
    Role,
    ScopeRegion,
}

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Regions::Table)
                    .col(string_len(Regions::Code, 12).primary_key())
                    .col(string_len_null(Regions::ParentCode, 12))
                    .col(string_len(Regions::Level, 16))
                    .col(string_len(Regions::NameZh, 64))
                    .col(string_len(Regions::NameEn, 128))
                    .foreign_key(&mut restrict(
                        (Regions::Table, Regions::ParentCode),
                        (Regions::Table, Regions::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                Regions::Table,
                "idx_regions_parent",
                &["parent_code"],
            ))
            .await?;

        let mut seed = Query::insert();
        seed.into_table(Regions::Table).columns([
            Regions::Code,
            Regions::Level,
            Regions::NameZh,
            Regions::NameEn,
        ]);
        for (code, zh, en) in PROVINCES {
            seed.values_panic([code.into(), "province".into(), zh.into(), en.into()]);
        }
        manager.exec_stmt(seed).await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(big_pk_auto(Users::Id))
                    .col(string_len(Users::Name, 64))
                    .col(string_len_uniq(Users::Mobile, 20))
                    .col(string_len(Users::PasswordHash, 128))
                    .col(string_len(Users::RegionCode, 12))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .foreign_key(&mut restrict(
                        (Users::Table, Users::RegionCode),
                        (Regions::Table, Regions::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Users::Table, "idx_users_region", &["region_code"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserRoles::Table)
                    .col(big_pk_auto(UserRoles::Id))
                    .col(big_integer(UserRoles::UserId))
                    .col(string_len(UserRoles::Role, 16))
                    .col(string_len_null(UserRoles::ScopeRegion, 12))
                    .foreign_key(&mut cascade(
                        (UserRoles::Table, UserRoles::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut restrict(
                        (UserRoles::Table, UserRoles::ScopeRegion),
                        (Regions::Table, Regions::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(UserRoles::Table, "idx_user_roles_user", &["user_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuthSessions::Table)
                    .col(string_len(AuthSessions::Id, 64).primary_key())
                    .col(text(AuthSessions::Data))
                    .col(big_integer(AuthSessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                AuthSessions::Table,
                "idx_auth_sessions_expiry",
                &["expires_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(string_len(LoginThrottle::Key, 96).primary_key())
                    .col(integer(LoginThrottle::Failures))
                    .col(big_integer(LoginThrottle::WindowStartedAt))
                    .col(big_integer_null(LoginThrottle::LockedUntil))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            &[
                "login_throttle",
                "auth_sessions",
                "user_roles",
                "users",
                "regions",
            ],
        )
        .await
    }
}

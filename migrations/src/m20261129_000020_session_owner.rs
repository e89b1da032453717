//! `auth_sessions.user_id` names the session's owner in a column, so that
//! one query joins a request's session to its account and roles instead of
//! loading the session and then the account.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    UserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuthSessions::Table)
                    .add_column(ColumnDef::new(AuthSessions::UserId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        // Sessions signed in before this migration keep working.
        let backfill = match manager.get_database_backend() {
            DbBackend::Postgres => {
                "UPDATE auth_sessions SET user_id = (data::json->>'user_id')::bigint"
            }
            _ => "UPDATE auth_sessions SET user_id = json_extract(data, '$.user_id')",
        };
        manager
            .get_connection()
            .execute_unprepared(backfill)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuthSessions::Table)
                    .drop_column(AuthSessions::UserId)
                    .to_owned(),
            )
            .await
    }
}

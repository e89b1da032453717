//! A quiz decides when trainees see the right answers: `quizzes.show_answers`
//! is `after_each_attempt`, `after_last_attempt` or `never`. Quizzes with
//! unlimited attempts get `never`, the new default for them, because shown
//! after each attempt their answers are found by retrying; limited quizzes
//! keep showing answers after each attempt, as before.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Quizzes {
    Table,
    ShowAnswers,
    MaxAttempts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Quizzes::Table)
                    .add_column(
                        ColumnDef::new(Quizzes::ShowAnswers)
                            .string_len(20)
                            .not_null()
                            .default("after_each_attempt"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Quizzes::Table)
                    .value(Quizzes::ShowAnswers, "never")
                    .and_where(Expr::col(Quizzes::MaxAttempts).is_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Quizzes::Table)
                    .drop_column(Quizzes::ShowAnswers)
                    .to_owned(),
            )
            .await
    }
}

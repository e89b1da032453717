//! Verified reading time and attention checkpoints.
//!
//! - Articles and documents earn completion by reading time paid from the
//!   trainee's study clock, like video: `lessons.duration_secs` now also holds
//!   an article's required reading time (computed from its text when saved)
//!   and a document's declared one. Existing articles get theirs here, from
//!   their length at 600 characters a minute (the server's rule for Chinese
//!   text), between 5 s and 30 min.
//! - `lesson_progress.reached_end`: the reader scrolled an article to its end.
//! - A course may ask for attention checkpoints every so many minutes of
//!   playback; each trainee's next one (hidden from the client) and the one
//!   waiting for an answer are kept on their progress row.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Courses {
    Table,
    AttentionEveryMinutes,
}

#[derive(DeriveIden)]
enum LessonProgress {
    Table,
    ReachedEnd,
    AttentionNextMs,
    AttentionCode,
    AttentionIssuedMs,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let columns = [
            (
                Alias::new("courses"),
                ColumnDef::new(Courses::AttentionEveryMinutes)
                    .integer()
                    .null()
                    .to_owned(),
            ),
            (
                Alias::new("lesson_progress"),
                ColumnDef::new(LessonProgress::ReachedEnd)
                    .boolean()
                    .not_null()
                    .default(false)
                    .to_owned(),
            ),
            (
                Alias::new("lesson_progress"),
                ColumnDef::new(LessonProgress::AttentionNextMs)
                    .big_integer()
                    .null()
                    .to_owned(),
            ),
            (
                Alias::new("lesson_progress"),
                ColumnDef::new(LessonProgress::AttentionCode)
                    .integer()
                    .null()
                    .to_owned(),
            ),
            (
                Alias::new("lesson_progress"),
                ColumnDef::new(LessonProgress::AttentionIssuedMs)
                    .big_integer()
                    .null()
                    .to_owned(),
            ),
        ];
        for (table, mut column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE lessons SET duration_secs = CASE \
                   WHEN length(coalesce(body, '')) / 10 < 5 THEN 5 \
                   WHEN length(coalesce(body, '')) / 10 > 1800 THEN 1800 \
                   ELSE length(coalesce(body, '')) / 10 END \
                 WHERE kind = 'article'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::AttentionEveryMinutes)
                    .to_owned(),
            )
            .await?;
        for column in [
            LessonProgress::ReachedEnd,
            LessonProgress::AttentionNextMs,
            LessonProgress::AttentionCode,
            LessonProgress::AttentionIssuedMs,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(LessonProgress::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

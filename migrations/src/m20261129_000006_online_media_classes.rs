//! The online track, continued: an optional audio-only rendition of a video
//! lesson for slow networks, and finding the online classes that follow a
//! course when a trainee completes it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Lessons {
    Table,
    /// Storage key of the audio-only rendition, if one was uploaded.
    AudioPath,
}

#[derive(DeriveIden)]
enum ClassCourses {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Lessons::Table)
                    .add_column(string_len_null(Lessons::AudioPath, 255))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                ClassCourses::Table,
                "idx_class_courses_course",
                &["course_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_class_courses_course")
                    .table(ClassCourses::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Lessons::Table)
                    .drop_column(Lessons::AudioPath)
                    .to_owned(),
            )
            .await
    }
}

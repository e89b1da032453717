//! The online track: trainees' course enrollments and their per-lesson
//! progress (verified watch time, resume position, completion).

use sea_orm_migration::{prelude::*, schema::*};

use crate::{cascade, index, restrict};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Lessons {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CourseEnrollments {
    Table,
    Id,
    CourseId,
    UserId,
    EnrolledAt,
    /// Set once, in the transaction of the event that completed the course.
    CompletedAt,
}

#[derive(DeriveIden)]
enum LessonProgress {
    Table,
    Id,
    UserId,
    LessonId,
    /// Merged played intervals as JSON `[[from_ms, to_ms], ...]`.
    Played,
    PlayedMs,
    PositionMs,
    /// Wall-clock time of the last accepted report, Unix ms: the watch-time budget starts here.
    LastReportMs,
    CompletedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CourseEnrollments::Table)
                    .col(big_pk_auto(CourseEnrollments::Id))
                    .col(big_integer(CourseEnrollments::CourseId))
                    .col(big_integer(CourseEnrollments::UserId))
                    .col(timestamp_with_time_zone(CourseEnrollments::EnrolledAt))
                    .col(timestamp_with_time_zone_null(
                        CourseEnrollments::CompletedAt,
                    ))
                    .foreign_key(&mut cascade(
                        (CourseEnrollments::Table, CourseEnrollments::CourseId),
                        (Courses::Table, Courses::Id),
                    ))
                    .foreign_key(&mut restrict(
                        (CourseEnrollments::Table, CourseEnrollments::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LessonProgress::Table)
                    .col(big_pk_auto(LessonProgress::Id))
                    .col(big_integer(LessonProgress::UserId))
                    .col(big_integer(LessonProgress::LessonId))
                    .col(text(LessonProgress::Played))
                    .col(big_integer(LessonProgress::PlayedMs))
                    .col(big_integer(LessonProgress::PositionMs))
                    .col(big_integer_null(LessonProgress::LastReportMs))
                    .col(timestamp_with_time_zone_null(LessonProgress::CompletedAt))
                    .col(timestamp_with_time_zone(LessonProgress::UpdatedAt))
                    .foreign_key(&mut cascade(
                        (LessonProgress::Table, LessonProgress::LessonId),
                        (Lessons::Table, Lessons::Id),
                    ))
                    .foreign_key(&mut restrict(
                        (LessonProgress::Table, LessonProgress::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for stmt in [
            Index::create()
                .name("uq_course_enrollments_course_user")
                .table(CourseEnrollments::Table)
                .col(CourseEnrollments::CourseId)
                .col(CourseEnrollments::UserId)
                .unique()
                .to_owned(),
            index(
                CourseEnrollments::Table,
                "idx_course_enrollments_user",
                &["user_id"],
            ),
            Index::create()
                .name("uq_lesson_progress_user_lesson")
                .table(LessonProgress::Table)
                .col(LessonProgress::UserId)
                .col(LessonProgress::LessonId)
                .unique()
                .to_owned(),
        ] {
            manager.create_index(stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["lesson_progress", "course_enrollments"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

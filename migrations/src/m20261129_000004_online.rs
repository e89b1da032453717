//! The online track: trainees' course enrollments and their per-lesson
//! progress (verified watch time, resume position, completion); quizzes with
//! a question bank per course, and trainees' attempts.

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

#[derive(DeriveIden)]
enum QuizQuestions {
    Table,
    Id,
    CourseId,
    Kind,
    Prompt,
    /// JSON array of option texts.
    Options,
    /// JSON array of the indexes of the correct options. Never sent before submission.
    Correct,
    Explanation,
}

#[derive(DeriveIden)]
enum Quizzes {
    Table,
    Id,
    CourseId,
    Title,
    QuestionCount,
    Shuffle,
    PassPct,
    MaxAttempts,
    TimeLimitSecs,
    Required,
    /// `best` or `last`: which attempt decides whether the quiz is passed.
    Scoring,
}

#[derive(DeriveIden)]
enum QuizAttempts {
    Table,
    Id,
    QuizId,
    UserId,
    /// JSON array of the question ids drawn, in the order shown.
    QuestionIds,
    StartedAt,
    DeadlineAt,
    SubmittedAt,
    /// JSON object question id -> chosen option indexes.
    Answers,
    ScorePct,
    Passed,
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
        for table in [
            Table::create()
                .table(QuizQuestions::Table)
                .col(big_pk_auto(QuizQuestions::Id))
                .col(big_integer(QuizQuestions::CourseId))
                .col(string_len(QuizQuestions::Kind, 16))
                .col(text(QuizQuestions::Prompt))
                .col(text(QuizQuestions::Options))
                .col(text(QuizQuestions::Correct))
                .col(text(QuizQuestions::Explanation))
                .foreign_key(&mut cascade(
                    (QuizQuestions::Table, QuizQuestions::CourseId),
                    (Courses::Table, Courses::Id),
                ))
                .to_owned(),
            Table::create()
                .table(Quizzes::Table)
                .col(big_pk_auto(Quizzes::Id))
                .col(big_integer(Quizzes::CourseId))
                .col(string_len(Quizzes::Title, 200))
                .col(integer(Quizzes::QuestionCount))
                .col(boolean(Quizzes::Shuffle))
                .col(integer(Quizzes::PassPct))
                .col(integer_null(Quizzes::MaxAttempts))
                .col(integer_null(Quizzes::TimeLimitSecs))
                .col(boolean(Quizzes::Required))
                .col(string_len(Quizzes::Scoring, 8))
                .foreign_key(&mut cascade(
                    (Quizzes::Table, Quizzes::CourseId),
                    (Courses::Table, Courses::Id),
                ))
                .to_owned(),
            Table::create()
                .table(QuizAttempts::Table)
                .col(big_pk_auto(QuizAttempts::Id))
                .col(big_integer(QuizAttempts::QuizId))
                .col(big_integer(QuizAttempts::UserId))
                .col(text(QuizAttempts::QuestionIds))
                .col(timestamp_with_time_zone(QuizAttempts::StartedAt))
                .col(timestamp_with_time_zone_null(QuizAttempts::DeadlineAt))
                .col(timestamp_with_time_zone_null(QuizAttempts::SubmittedAt))
                .col(text_null(QuizAttempts::Answers))
                .col(integer_null(QuizAttempts::ScorePct))
                .col(boolean_null(QuizAttempts::Passed))
                .foreign_key(&mut cascade(
                    (QuizAttempts::Table, QuizAttempts::QuizId),
                    (Quizzes::Table, Quizzes::Id),
                ))
                .foreign_key(&mut restrict(
                    (QuizAttempts::Table, QuizAttempts::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        ] {
            manager.create_table(table).await?;
        }
        for stmt in [
            index(
                QuizQuestions::Table,
                "idx_quiz_questions_course",
                &["course_id"],
            ),
            index(Quizzes::Table, "idx_quizzes_course", &["course_id"]),
            index(
                QuizAttempts::Table,
                "idx_quiz_attempts_quiz_user",
                &["quiz_id", "user_id"],
            ),
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
        crate::drop_tables(
            manager,
            &[
                "quiz_attempts",
                "quizzes",
                "quiz_questions",
                "lesson_progress",
                "course_enrollments",
            ],
        )
        .await
    }
}

//! Self-enrolment in a published course, and the errors of online learning
//! outside quizzes.

use chrono::{DateTime, Utc};
use cultivator_shared::api::learning::CourseEnrollmentView;
use cultivator_shared::{CourseId, PublishState, UserId};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};

use crate::db::{self, course_enrollments, courses};

#[derive(Debug, thiserror::Error)]
pub enum LearningError {
    #[error("no such published course")]
    CourseNotFound,
    #[error("not enrolled in this course")]
    NotEnrolled,
    #[error("lesson not found")]
    LessonNotFound,
    /// The account no longer holds the trainee role.
    #[error("only trainees learn online")]
    NotATrainee,
    /// The session that sent a report was signed out or expired meanwhile.
    #[error("the session has ended")]
    SessionEnded,
    #[error(transparent)]
    Implausible(#[from] crate::domain::learning::watch::WatchError),
    #[error(transparent)]
    ReadingTooFast(#[from] crate::domain::learning::study_clock::TooFast),
    /// An attention check was answered where none is waiting.
    #[error("no attention check is waiting in this lesson")]
    NoAttentionCheck,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Enrols `user` in a published course; enrolling twice is harmless.
pub async fn enroll(
    db: &DatabaseConnection,
    course: CourseId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<CourseEnrollmentView, LearningError> {
    let published = courses::Entity::find_by_id(course.0)
        .one(db)
        .await?
        .is_some_and(|c| c.state == PublishState::Published.as_str());
    if !published {
        return Err(LearningError::CourseNotFound);
    }
    let txn = db::begin_write(db).await?;
    let enrollment = course_enrollments::enroll(&txn, course, user, at).await?;
    txn.commit().await?;
    Ok(enrollment.into())
}

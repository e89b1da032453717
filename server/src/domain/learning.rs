//! Online learning outside the hot path: self-enrolment, course completion
//! (exactly once, with its credit hours) and the credit-hour ledger.

use chrono::{DateTime, Utc};
use cultivator_shared::api::learning::CourseEnrollmentView;
use cultivator_shared::{CourseId, CreditHours, PublishState, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};

use crate::db::{self, course_enrollments, courses, credit_entries, lesson_progress};

#[derive(Debug, thiserror::Error)]
pub enum LearningError {
    #[error("no such published course")]
    CourseNotFound,
    #[error("not enrolled in this course")]
    NotEnrolled,
    #[error("lesson not found")]
    LessonNotFound,
    /// The session that sent a report was signed out or expired meanwhile.
    #[error("the session has ended")]
    SessionEnded,
    #[error(transparent)]
    Implausible(#[from] super::watch::WatchError),
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

/// Completes the course for `user` if every requirement is now met, inside
/// the caller's transaction. The first completion adds the course's credit
/// hours to the ledger; later calls change nothing. Returns whether the
/// course is complete (now or before).
pub async fn complete_course_if_done(
    txn: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
    credit: CreditHours,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if !lesson_progress::all_required_lessons_complete(txn, course, user).await?
        || !super::quizzes::required_quizzes_passed(txn, course, user).await?
    {
        return Ok(false);
    }
    if course_enrollments::mark_completed(txn, course, user, at).await? {
        credit_entries::insert(
            txn,
            user,
            credit_entries::SOURCE_COURSE,
            course.0,
            credit,
            at,
        )
        .await?;
        // Counted for a programme through the online classes that follow it.
        super::online_classes::complete_classes_following(txn, course, user, at).await?;
    }
    Ok(true)
}

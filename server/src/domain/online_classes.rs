//! Online classes and what coordinators count.
//!
//! The dashboard counts *trained people* per programme × track × home region
//! prefix × month, from completed class enrollments (`counting.rs`). A course
//! on its own belongs to no programme: anyone may self-enrol in a published
//! course, and its completion earns credit hours (the ledger) but is not, by
//! itself, training *in a programme*. It counts for a programme through an
//! online class, which belongs to one programme and follows courses
//! (`class_courses`): a trainee enrolled in an online class completes the
//! class (their enrollment becomes `Completed`) in the very transaction in
//! which they complete the last course it follows — by a progress report or
//! a quiz submission — through `completion::complete_enrollment`, which also
//! updates the counters. Courses completed before the trainee joined the
//! class count too: the transaction that enrols them in the class
//! joining (applying to an open class, approval, promotion from the
//! waitlist) completes the class at once if its courses are all done.
//! `cultivator recount` reads the same completed class enrollments, so it
//! agrees with the incremental counters by construction.
//!
//! Joining an online class enrols the trainee in every course it follows, and
//! a course added to a class enrols the class's trainees, so a cohort finds
//! its courses under "continue learning" without enrolling course by course.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use cultivator_shared::{
    ClassId, CourseId, EnrollmentId, FieldError, PublishState, Track, UserId, ValidationError,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};

use super::completion;
use crate::db::{self, class_courses, classes, course_enrollments, courses};

#[derive(Debug, thiserror::Error)]
pub enum OnlineClassError {
    #[error("only an online class follows courses")]
    NotOnline,
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Sets the published courses an online class follows, in order. Completions
/// already recorded stay; members who have completed every course of the new
/// list complete the class now, later ones are judged by the new list.
pub async fn set_courses(
    db: &DatabaseConnection,
    class: &classes::Model,
    list: &[CourseId],
) -> Result<(), OnlineClassError> {
    if class.track != Track::Online.as_str() {
        return Err(OnlineClassError::NotOnline);
    }
    let unique: HashSet<CourseId> = list.iter().copied().collect();
    let mut invalid = unique.len() != list.len();
    for course in &unique {
        let published = courses::Entity::find_by_id(course.0)
            .one(db)
            .await?
            .is_some_and(|c| c.state == PublishState::Published.as_str());
        invalid |= !published;
    }
    if invalid {
        return Err(OnlineClassError::Invalid(vec![FieldError::new(
            "courses",
            // Each entry must name a published course, once.
            ValidationError::Required,
        )]));
    }
    let txn = db::begin_write(db).await?;
    class_courses::replace(&txn, ClassId(class.id), list).await?;
    members_follow_courses(&txn, ClassId(class.id), Utc::now()).await?;
    txn.commit().await?;
    Ok(())
}

/// Inside the transaction that just completed `course` for `user`: completes
/// each online class the user is enrolled in that follows the course and
/// whose courses are now all completed, counting the person as trained for
/// the class's programme. Returns how many classes were completed.
pub async fn complete_classes_following(
    txn: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let mut completed = 0;
    for (enrollment, class) in class_courses::enrolled_classes_following(txn, user, course).await? {
        if class_courses::all_courses_completed(txn, class, user).await?
            && completion::complete_enrollment(txn, EnrollmentId(enrollment), at).await?
        {
            completed += 1;
        }
    }
    Ok(completed)
}

/// Inside a transaction that changed an online class's courses or enrolled
/// several trainees at once: enrols every `Enrolled` member in the class's
/// courses, and completes (and counts) the class for those who have already
/// completed them all, since no later course completion would.
pub async fn members_follow_courses(
    txn: &impl ConnectionTrait,
    class: ClassId,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    course_enrollments::enroll_in_class_courses(txn, class, None, at).await?;
    for enrollment in class_courses::enrolled_with_all_courses_completed(txn, class).await? {
        completion::complete_enrollment(txn, EnrollmentId(enrollment), at).await?;
    }
    Ok(())
}

/// Inside the transaction that just made `enrollment` `Enrolled` in `class`:
/// in an online class, enrols the trainee in its courses, and completes the
/// class at once (and counts it) when they have all been completed already.
/// Offline classes are left alone.
pub async fn on_joining(
    txn: &impl ConnectionTrait,
    class: &classes::Model,
    enrollment: EnrollmentId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if class.track != Track::Online.as_str() {
        return Ok(false);
    }
    course_enrollments::enroll_in_class_courses(txn, ClassId(class.id), Some(user), at).await?;
    if !class_courses::all_courses_completed(txn, ClassId(class.id), user).await? {
        return Ok(false);
    }
    completion::complete_enrollment(txn, enrollment, at).await
}

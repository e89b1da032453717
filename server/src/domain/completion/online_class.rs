//! Completion of an online class: a trainee enrolled in it completes it once
//! every course it follows is complete.
//!
//! The dashboard counts *trained people* per programme × track × home region
//! prefix × month, from completed class enrollments ([`super::trained_people`]). A
//! course on its own belongs to no programme: anyone may self-enrol in a
//! published course, and its completion earns credit hours (the ledger) but
//! is not, by itself, training *in a programme*. It counts for a programme
//! through an online class, which belongs to one programme and follows
//! courses (`class_courses`). A class is completed in the very transaction
//! that makes it so:
//! - completing the last course it follows, by a progress report or a quiz
//!   submission ([`complete_classes_following`]);
//! - joining it with every course already complete: applying to an open
//!   class, approval, promotion from the waitlist ([`complete_if_done`]);
//! - a change of its course list, or a roster import that enrols many at
//!   once ([`complete_members_done`]).
//!
//! `cultivator recount` reads the same completed class enrollments, so it
//! agrees with the incremental counters by construction.

use chrono::{DateTime, Utc};
use cultivator_shared::{ClassId, CourseId, EnrollmentId, UserId};
use sea_orm::{ConnectionTrait, DbErr};

use super::complete_enrollment;
use crate::db::class_courses;

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
            && complete_enrollment(txn, EnrollmentId(enrollment), at).await?
        {
            completed += 1;
        }
    }
    Ok(completed)
}

/// Inside the transaction that just made `enrollment` of `user` `Enrolled` in
/// the online `class`: completes it at once (and counts it) when every course
/// the class follows is already complete. Returns whether it completed.
pub async fn complete_if_done(
    txn: &impl ConnectionTrait,
    class: ClassId,
    enrollment: EnrollmentId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if !class_courses::all_courses_completed(txn, class, user).await? {
        return Ok(false);
    }
    complete_enrollment(txn, enrollment, at).await
}

/// Inside a transaction that changed an online class's courses or enrolled
/// several trainees at once: completes (and counts) the class for every
/// `Enrolled` member who has completed all its courses, since no later
/// course completion would.
pub async fn complete_members_done(
    txn: &impl ConnectionTrait,
    class: ClassId,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    for enrollment in class_courses::enrolled_with_all_courses_completed(txn, class).await? {
        complete_enrollment(txn, EnrollmentId(enrollment), at).await?;
    }
    Ok(())
}

//! Completion of an online course: every required lesson complete and every
//! required quiz passed (by its best or its last attempt). The first completion books the course's credit
//! hours, issues the course certificate, completes the online classes that follow the course, and flags
//! the completion for the integrity report if it came implausibly fast.

use chrono::{DateTime, Utc};
use cultivator_shared::{CourseId, CreditHours, UserId};
use sea_orm::{ConnectionTrait, DbErr};

use super::online_class;
use crate::db::{course_enrollments, credit_entries, lesson_progress, quizzes};
use crate::domain::certificates::issue as certificates;
use crate::domain::integrity;

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
        || !required_quizzes_passed(txn, course, user).await?
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
        integrity::record::completion(txn, course, user, credit, at).await?;
        certificates::after_course_completion(txn, course, user, at).await?;
        // Counted for a programme through the online classes that follow it.
        online_class::complete_classes_following(txn, course, user, at).await?;
    }
    Ok(true)
}

/// Whether `user` passed every required quiz of `course` (by each quiz's rule).
pub async fn required_quizzes_passed(
    db: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
) -> Result<bool, DbErr> {
    for quiz in quizzes::required_of(db, course).await? {
        let history: Vec<bool> = quizzes::attempts_of(db, quiz.id, user)
            .await?
            .iter()
            .filter(|a| a.submitted_at.is_some())
            .map(|a| a.passed.unwrap_or(false))
            .collect();
        if !quiz_passed(&history, quiz.scoring != "last") {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether a quiz counts as passed given the pass flags of its submitted
/// attempts, oldest first: by the best attempt (any passed) or the last.
pub fn quiz_passed(submitted: &[bool], by_best: bool) -> bool {
    if by_best {
        submitted.iter().any(|p| *p)
    } else {
        submitted.last().copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_or_last_attempt_decides() {
        assert!(quiz_passed(&[false, true, false], true));
        assert!(!quiz_passed(&[false, true, false], false));
        assert!(quiz_passed(&[false, true], false));
        assert!(!quiz_passed(&[], true));
    }
}

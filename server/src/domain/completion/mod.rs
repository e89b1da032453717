//! Every completion decision (结业), and the counters completions move.
//!
//! - [`course`]: an online course is complete once its required lessons are
//!   done and its required quizzes passed; the first completion books its
//!   credit hours.
//! - [`online_class`]: an online class is complete once every course it
//!   follows is complete.
//! - [`offline_class`]: an offline class is complete once the trainee attended
//!   the class's threshold share of its sessions; attended sessions earn
//!   credit hours.
//! - [`complete_enrollment`] and [`withdraw_completion`]: the one way a class
//!   enrolment becomes `Completed` (or stops being so), always inside the
//!   transaction of the event that caused it, so that the trained-people
//!   counters ([`trained_people`]) move in that same transaction, exactly once,
//!   and the certificate is issued or revoked there too
//!   (`domain::certificates::issue`).

pub mod course;
pub mod offline_class;
pub mod online_class;
pub mod trained_people;

use chrono::{DateTime, Utc};
use cultivator_shared::EnrollmentId;
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::classes;
use crate::domain::certificates::issue as certificates;

/// Marks an enrolled trainee's enrollment completed, counts the person as
/// trained and issues their certificate(s). Returns `false` (and changes nothing) when it was not in the
/// `Enrolled` state, e.g. already completed: a second completion event must
/// not count twice.
pub async fn complete_enrollment(
    txn: &impl ConnectionTrait,
    enrollment: EnrollmentId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if !classes::mark_completed(txn, enrollment, at).await? {
        return Ok(false);
    }
    trained_people::count_completion(txn, enrollment.0, at).await?;
    certificates::after_class_completion(txn, enrollment, at).await?;
    Ok(true)
}

/// Withdraws a completion (the enrollment returns to `Enrolled`), updates
/// the counters and revokes the certificate(s) it earned. Returns `false`
/// when the enrollment was not completed.
pub async fn withdraw_completion(
    txn: &impl ConnectionTrait,
    enrollment: EnrollmentId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if !trained_people::withdraw_completion(txn, enrollment.0).await? {
        return Ok(false);
    }
    certificates::after_class_withdrawal(txn, enrollment, at).await?;
    Ok(true)
}

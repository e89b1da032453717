//! Recording completions (结业). Every track completes an enrollment through
//! [`complete_enrollment`], inside the transaction of the event that caused
//! it, so that the coordinator dashboard's counters are updated in that same
//! transaction, exactly once. [`withdraw_completion`] undoes one.

use chrono::{DateTime, Utc};
use cultivator_shared::EnrollmentId;
use sea_orm::{ConnectionTrait, DbErr};

use super::counting;
use crate::db::classes;

/// Marks an enrolled trainee's enrollment completed and counts the person as
/// trained. Returns `false` (and changes nothing) when it was not in the
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
    counting::count_completion(txn, enrollment.0, at).await?;
    Ok(true)
}

/// Withdraws a completion (the enrollment returns to `Enrolled`) and updates
/// the counters. Returns `false` when the enrollment was not completed.
pub async fn withdraw_completion(
    txn: &impl ConnectionTrait,
    enrollment: EnrollmentId,
) -> Result<bool, DbErr> {
    counting::withdraw_completion(txn, enrollment.0).await
}

//! Recording completions (结业). Every track completes an enrollment through
//! [`complete_enrollment`], inside the transaction of the event that caused
//! it, so that whatever counts completions (the coordinator dashboard's
//! counters) is updated in that same transaction, exactly once.

use chrono::{DateTime, Utc};
use cultivator_shared::EnrollmentId;
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::classes;

/// Marks an enrolled trainee's enrollment completed. Returns `false` (and
/// changes nothing) when it was not in the `Enrolled` state, e.g. already
/// completed: a second completion event must not count twice.
pub async fn complete_enrollment(
    txn: &impl ConnectionTrait,
    enrollment: EnrollmentId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    classes::mark_completed(txn, enrollment, at).await
}

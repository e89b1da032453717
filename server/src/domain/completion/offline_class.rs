//! Completion of offline classes and the credit hours attended sessions earn.
//!
//! A trainee present at a session earns its length in credit hours (tenths,
//! rounded down) on the ledger; a correction away from present takes that
//! credit back. An offline enrollment completes, through
//! [`completion::complete_enrollment`] in the transaction of the attendance
//! change, once the trainee was present at no less than the class's
//! threshold share of its sessions, and a later correction below the
//! threshold withdraws that completion again, in the same way; an
//! instructor's finalise completes every eligible trainee of the class in
//! one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::checkin::AttendanceState;
use cultivator_shared::api::classes::Finalised;
use cultivator_shared::{ClassId, EnrollmentId, EnrollmentStatus, RegionCode, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::db::classes::{self, enrollments};
use crate::db::{self, attendance, class_sessions, credit_entries, enrollment_queue};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::completion;

/// Whether `attended` of `total` sessions meets a threshold of `pct` percent.
pub fn meets_threshold(attended: u32, total: u32, pct: u8) -> bool {
    total > 0 && u64::from(attended) * 100 >= u64::from(pct) * u64::from(total)
}

/// The sessions attendance is measured against while a class runs: the
/// sessions it plans, or those added if more; without a plan, those added so
/// far.
pub fn sessions_counted(planned: Option<u32>, added: u32) -> u32 {
    planned.map_or(added, |planned| planned.max(added))
}

/// Credit for attending a session of this length, in tenths of an hour.
pub fn session_credit_tenths(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> i32 {
    let minutes = (ends_at - starts_at).num_minutes().max(0);
    i32::try_from(minutes / 6).unwrap_or(i32::MAX)
}

#[derive(Debug, thiserror::Error)]
pub enum FinaliseError {
    #[error("class not found")]
    NotFound,
    #[error("only offline classes with an attendance threshold can be finalised")]
    NoThreshold,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// How many sessions of the class were added (those starting by `held_by`
/// only, when given), and how many of them each trainee was present at.
async fn presence(
    db: &impl ConnectionTrait,
    class: ClassId,
    held_by: Option<DateTime<Utc>>,
) -> Result<(u32, HashMap<i64, u32>), DbErr> {
    let mut sessions = class_sessions::of_class(db, class).await?;
    if let Some(now) = held_by {
        sessions.retain(|s| s.starts_at <= now);
    }
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let mut counts: HashMap<i64, u32> = HashMap::new();
    for row in attendance::Entity::find()
        .filter(attendance::Column::SessionId.is_in(ids))
        .filter(attendance::Column::State.eq(AttendanceState::Present.as_str()))
        .all(db)
        .await?
    {
        *counts.entry(row.user_id).or_default() += 1;
    }
    Ok((u32::try_from(sessions.len()).unwrap_or(u32::MAX), counts))
}

fn planned(class: &classes::Model) -> Option<u32> {
    class.planned_sessions.and_then(|n| u32::try_from(n).ok())
}

fn threshold(class: &classes::Model) -> Option<u8> {
    class
        .attendance_threshold_pct
        .and_then(|p| u8::try_from(p).ok())
}

/// After a trainee's attendance at `session` changed to `state`: books or
/// takes back the session's credit, and makes the enrollment's completion
/// follow the facts: completed once the threshold is met, and the completion
/// withdrawn (with its counters) when a correction takes it below again.
/// Runs inside the transaction of the change.
pub async fn after_attendance(
    txn: &impl ConnectionTrait,
    session: &class_sessions::Model,
    user: UserId,
    state: AttendanceState,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    if state == AttendanceState::Present {
        credit_entries::credit_once(
            txn,
            user,
            credit_entries::SOURCE_SESSION,
            session.id,
            session_credit_tenths(session.starts_at, session.ends_at),
            at,
        )
        .await?;
    } else {
        credit_entries::revoke(txn, user, credit_entries::SOURCE_SESSION, session.id).await?;
    }
    let class_id = ClassId(session.class_id);
    let Some(class) = classes::Entity::find_by_id(class_id.0).one(txn).await? else {
        return Ok(());
    };
    let Some(pct) = threshold(&class) else {
        return Ok(());
    };
    let Some(enrollment) = enrollment_queue::find_for(txn, class_id, user).await? else {
        return Ok(());
    };
    let status = enrollment_queue::status_of(&enrollment)?;
    if !status.holds_seat() {
        return Ok(());
    }
    let (added, counts) = presence(txn, class_id, None).await?;
    let total = sessions_counted(planned(&class), added);
    let meets = meets_threshold(counts.get(&user.0).copied().unwrap_or(0), total, pct);
    let id = EnrollmentId(enrollment.id);
    match (status, meets) {
        (EnrollmentStatus::Enrolled, true) => {
            completion::complete_enrollment(txn, id, at).await?;
        }
        (EnrollmentStatus::Completed, false) => {
            completion::withdraw_completion(txn, id, at).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Completes every enrolled trainee of the class who meets its attendance
/// threshold, in one transaction.
pub async fn finalise(
    db: &DatabaseConnection,
    actor: &Actor,
    class_id: ClassId,
    at: DateTime<Utc>,
) -> Result<Finalised, FinaliseError> {
    let txn = db::begin_write(db).await?;
    let class = enrollment_queue::lock_class(&txn, class_id)
        .await?
        .ok_or(FinaliseError::NotFound)?;
    let pct = threshold(&class).ok_or(FinaliseError::NoThreshold)?;
    // The class is over: measured against the sessions that were held.
    let (total, counts) = presence(&txn, class_id, Some(at)).await?;
    let enrolled = enrollments::Entity::find()
        .filter(enrollments::Column::ClassId.eq(class_id.0))
        .filter(enrollments::Column::Status.eq(EnrollmentStatus::Enrolled.as_str()))
        .all(&txn)
        .await?;
    let mut outcome = Finalised {
        completed: 0,
        not_eligible: 0,
    };
    for enrollment in enrolled {
        let attended = counts.get(&enrollment.user_id).copied().unwrap_or(0);
        if meets_threshold(attended, total, pct)
            && completion::complete_enrollment(&txn, EnrollmentId(enrollment.id), at).await?
        {
            outcome.completed += 1;
        } else {
            outcome.not_eligible += 1;
        }
    }
    let entry = Entry::new(
        AuditAction::ClassCompletionDecided,
        AuditObject::Class,
        class_id.0,
    )
    .in_region(RegionCode::parse(&class.region_code).ok().as_ref())
    .after(&serde_json::json!({
        "completed": outcome.completed,
        "not_eligible": outcome.not_eligible,
    }));
    audit::record(&txn, actor, entry, at).await?;
    txn.commit().await?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn completion_needs_the_threshold_share_of_sessions() {
        assert!(meets_threshold(4, 5, 80));
        assert!(!meets_threshold(3, 5, 80));
        assert!(meets_threshold(5, 5, 100));
        assert!(!meets_threshold(0, 0, 80));
        assert!(meets_threshold(1, 1, 80));
    }

    #[test]
    fn attendance_counts_against_the_planned_sessions_or_more() {
        assert_eq!(sessions_counted(Some(5), 1), 5);
        assert_eq!(sessions_counted(Some(5), 6), 6);
        assert_eq!(sessions_counted(None, 1), 1);
        // One of five planned is not 80%, whatever was added so far.
        assert!(!meets_threshold(1, sessions_counted(Some(5), 1), 80));
    }

    #[test]
    fn a_session_earns_its_length_in_tenths_of_an_hour() {
        let start = Utc::now();
        assert_eq!(
            session_credit_tenths(start, start + Duration::minutes(90)),
            15
        );
        assert_eq!(
            session_credit_tenths(start, start + Duration::minutes(125)),
            20
        );
        assert_eq!(
            session_credit_tenths(start, start - Duration::minutes(5)),
            0
        );
    }
}

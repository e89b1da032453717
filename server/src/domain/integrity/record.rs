//! Writing flags, each inside the transaction of the event that raises it,
//! so a flag exists exactly when its event was stored. Repeats add to one
//! row per (trainee, kind, subject): the table grows with the people
//! flagged, never with the number of attempts.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cultivator_shared::api::integrity::IntegrityKind;
use cultivator_shared::{ClassSessionId, CourseId, CreditHours, UserId};
use sea_orm::{ConnectionTrait, DbErr};

use super::rules::{self, CompletionTime};
use crate::db::integrity_flags::{self, Bump, FastCompletion};
use crate::db::login_throttle::Counter;
use crate::domain::learning::reading;

/// Progress reports refused as too fast, as (trainee, received at): one
/// bump per trainee with the count and the latest time.
pub fn rejections_by_trainee(refused: impl Iterator<Item = (UserId, DateTime<Utc>)>) -> Vec<Bump> {
    // Ordered by trainee: rows are locked in the same order by every writer.
    let mut by_user: BTreeMap<i64, Bump> = BTreeMap::new();
    for (user, at) in refused {
        let bump = by_user.entry(user.0).or_insert(Bump {
            user,
            kind: IntegrityKind::RejectedReports,
            subject: 0,
            count: 0,
            at,
        });
        bump.count = bump.count.saturating_add(1);
        bump.at = bump.at.max(at);
    }
    by_user.into_values().collect()
}

/// Counts a batch's too-fast reports (see [`rejections_by_trainee`]).
pub async fn rejected_reports(
    txn: &impl ConnectionTrait,
    refused: impl Iterator<Item = (UserId, DateTime<Utc>)>,
) -> Result<(), DbErr> {
    integrity_flags::bump_many(txn, &rejections_by_trainee(refused)).await
}

/// Judges a course just completed by `user` and flags it if too fast.
pub async fn completion(
    txn: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
    declared: CreditHours,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let document_default = i64::try_from(reading::DOCUMENT_DEFAULT_SECS).unwrap_or(60);
    let time = integrity_flags::course_time(txn, course, user, document_default).await?;
    let elapsed_ms = time
        .enrolled_at
        .map_or(0, |since| (at - since).num_milliseconds());
    let judged = rules::fast_completion(CompletionTime {
        declared,
        required_timed_ms: u64::try_from(time.required_timed_secs)
            .unwrap_or(0)
            .saturating_mul(1000),
        verified_ms: u64::try_from(time.verified_ms).unwrap_or(0),
        elapsed_ms: u64::try_from(elapsed_ms).unwrap_or(0),
    });
    let Some(too_fast) = judged else {
        return Ok(());
    };
    integrity_flags::insert_fast_completion(
        txn,
        FastCompletion {
            user,
            course,
            at,
            measured_ms: too_fast.measured_ms,
            expected_ms: too_fast.expected_ms,
            basis: too_fast.basis.as_str(),
        },
    )
    .await
}

/// A wrong check-in code: counted for the session's instructor, and a
/// lockout for the report when this code is the one that locked entry.
pub async fn wrong_checkin_code(
    txn: &impl ConnectionTrait,
    session: ClassSessionId,
    user: UserId,
    before: Option<&Counter>,
    after: &Counter,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let bump = |kind| Bump {
        user,
        kind,
        subject: session.0,
        count: 1,
        at,
    };
    integrity_flags::bump_many(txn, &[bump(IntegrityKind::WrongCheckinCodes)]).await?;
    if rules::lock_started(before, after) {
        integrity_flags::bump_many(txn, &[bump(IntegrityKind::CheckinLockout)]).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn a_burst_of_refusals_is_one_bump_per_trainee() {
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        let refused = (0..1_000).map(|n| (UserId(7 - (n % 2)), t0 + Duration::seconds(n)));
        let bumps = rejections_by_trainee(refused);
        assert_eq!(bumps.len(), 2);
        assert_eq!(bumps.iter().map(|b| b.user.0).collect::<Vec<_>>(), [6, 7]);
        assert!(bumps.iter().all(|b| b.count == 500));
        assert_eq!(bumps[1].at, t0 + Duration::seconds(998));
        assert!(rejections_by_trainee(std::iter::empty()).is_empty());
    }
}

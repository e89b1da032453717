//! The daily session reminders: once a day (at a configured time, China
//! time) every node's scheduler calls [`run`]; the first to insert the day's
//! row into `job_runs` sends the reminders in the same transaction, the
//! others find the row and do nothing. If the sending transaction fails, its
//! claim rolls back with it and the next attempt (on any node) sends.

use chrono::{DateTime, NaiveTime, Utc};
use cultivator_shared::api::notifications::{NotificationDetail, NotificationKind};
use cultivator_shared::{ClassId, ClassSessionId, EnrollmentStatus};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};

use super::{Notice, china_day, china_time, notify};
use crate::db::{self, class_sessions, classes, job_runs};

/// The job's name in `job_runs`.
pub const JOB: &str = "session_reminders";

/// What one call did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Another call (on this node or another) already ran today's.
    AlreadyRun,
    Sent {
        sessions: usize,
        notices: usize,
    },
}

/// Reminds everyone enrolled in a class of its sessions that start on the
/// day after `now`'s day (China time), unless today's reminders were
/// already sent. Cancelled sessions and sessions of cancelled classes are
/// left out.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Outcome, DbErr> {
    let today = china_day(now);
    let tomorrow = today + chrono::Duration::days(1);
    let start_of = |day: chrono::NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(china_time()).single())
            .map(|t| t.with_timezone(&Utc))
    };
    let (Some(from), Some(until)) = (
        start_of(tomorrow),
        start_of(tomorrow + chrono::Duration::days(1)),
    ) else {
        return Ok(Outcome::Sent {
            sessions: 0,
            notices: 0,
        });
    };
    let txn = db::begin_write(db).await?;
    if !job_runs::claim(&txn, JOB, today, now).await? {
        return Ok(Outcome::AlreadyRun);
    }
    let sessions = class_sessions::starting_between(&txn, from, until).await?;
    let mut notices = Vec::new();
    let mut reminded = 0;
    for session in &sessions {
        let class = classes::Entity::find_by_id(session.class_id)
            .one(&txn)
            .await?;
        if class.is_none_or(|c| c.is_cancelled()) {
            continue;
        }
        reminded += 1;
        let detail = NotificationDetail {
            starts_at: Some(session.starts_at),
            ends_at: Some(session.ends_at),
            venue: Some(session.venue.clone()),
            ..NotificationDetail::default()
        };
        let class_id = ClassId(session.class_id);
        for user in classes::people_in(&txn, class_id, &[EnrollmentStatus::Enrolled]).await? {
            notices.push(Notice {
                user,
                kind: NotificationKind::SessionReminder,
                class: Some(class_id),
                session: Some(ClassSessionId(session.id)),
                detail: detail.clone(),
            });
        }
    }
    notify(&txn, &notices, now).await?;
    txn.commit().await?;
    Ok(Outcome::Sent {
        sessions: reminded,
        notices: notices.len(),
    })
}

/// Whether a scheduler that last sent on `last_sent` (China days) should
/// call [`run`] at `now`, for reminders due at `at` (China time).
pub fn due(now: DateTime<Utc>, at: NaiveTime, last_sent: Option<chrono::NaiveDate>) -> bool {
    let local = now.with_timezone(&china_time());
    local.time() >= at && last_sent != Some(local.date_naive())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn reminders_are_due_once_a_day_from_their_time_in_china() {
        let six_pm = NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default();
        // 09:59 UTC is 17:59 in China: not yet.
        let before = Utc
            .with_ymd_and_hms(2026, 12, 1, 9, 59, 0)
            .single()
            .unwrap_or_default();
        let after = Utc
            .with_ymd_and_hms(2026, 12, 1, 10, 0, 0)
            .single()
            .unwrap_or_default();
        assert!(!due(before, six_pm, None));
        assert!(due(after, six_pm, None));
        assert!(!due(after, six_pm, Some(china_day(after))));
        // 16:30 UTC is already the 2nd in China, before six.
        let next_night = Utc
            .with_ymd_and_hms(2026, 12, 1, 16, 30, 0)
            .single()
            .unwrap_or_default();
        assert!(!due(next_night, six_pm, Some(china_day(after))));
    }
}

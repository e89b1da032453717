//! Progress made with no network: a trainee plays a saved lesson on the
//! phone, the reports wait on the device with the device's time, and arrive
//! in one batch when the network returns.
//!
//! They are judged by the same rules as reports sent online, on the same
//! study clock, as if each had arrived at the moment it claims:
//! - each moment is bounded as every device time is
//!   ([`crate::domain::device_time`]): not ahead of the server's clock, not
//!   older than the sync window;
//! - the reports are applied oldest first, so the clock refills only by the
//!   time that passed between them, never by more than the wall-clock time
//!   between the last report the server counted and the batch's arrival. An
//!   hour offline earns at most an hour, and reports squeezed together are
//!   refused as too fast, exactly as online;
//! - the clock never runs backwards: a moment before the last counted report
//!   (the trainee studied online meanwhile, on another device) refills
//!   nothing, and a report no later than its lesson's last counted one was
//!   already counted (the device resent a batch whose answer it never got)
//!   and earns nothing.
//!
//! The whole batch is judged and stored in one transaction.

use chrono::{DateTime, Duration, Utc};
use cultivator_shared::UserId;
use cultivator_shared::api::learning::{LessonProgressView, OfflineReport};
use sea_orm::{DatabaseConnection, DbErr};

use super::enrolment::LearningError;
use super::progress::{self, ProgressJob};
use crate::domain::device_time::{self, TimeRefused};

/// Why one report of a batch was not counted.
#[derive(Debug, thiserror::Error)]
pub enum OfflineRefusal {
    #[error("the report's device time is out of bounds: {0:?}")]
    Time(TimeRefused),
    #[error(transparent)]
    Learning(LearningError),
}

/// What became of a batch.
#[derive(Debug)]
pub struct Applied {
    /// Each report's outcome, in the batch's order.
    pub outcomes: Vec<Result<LessonProgressView, OfflineRefusal>>,
    /// Each lesson's progress after its last counted report.
    pub lessons: Vec<LessonProgressView>,
}

/// The order a batch's reports are judged in.
#[derive(Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The indices of the reports whose moment is within bounds, oldest
    /// moment first (a tie keeps the batch's order), each with its moment.
    pub judged: Vec<(usize, DateTime<Utc>)>,
    /// The others, and why.
    pub refused: Vec<(usize, TimeRefused)>,
}

/// Bounds each report's moment and orders those within bounds.
pub fn schedule(reports: &[OfflineReport], now: DateTime<Utc>, sync_window: Duration) -> Schedule {
    let mut judged = Vec::with_capacity(reports.len());
    let mut refused = Vec::new();
    for (index, report) in reports.iter().enumerate() {
        match device_time::moment(Some(report.at), now, sync_window) {
            Ok(at) => judged.push((index, at)),
            Err(why) => refused.push((index, why)),
        }
    }
    judged.sort_by_key(|(_, at)| *at);
    Schedule { judged, refused }
}

/// Judges and stores `user`'s offline `reports`, received at `now` from
/// `session`, in one transaction.
pub async fn apply(
    db: &DatabaseConnection,
    user: UserId,
    session: &str,
    reports: &[OfflineReport],
    now: DateTime<Utc>,
    sync_window: Duration,
) -> Result<Applied, DbErr> {
    let Schedule { judged, refused } = schedule(reports, now, sync_window);
    let jobs: Vec<ProgressJob> = judged
        .iter()
        .map(|&(index, at)| ProgressJob {
            user,
            session: session.to_owned(),
            lesson: reports[index].lesson_id,
            report: reports[index].report,
            at,
            sent_later: true,
        })
        .collect();
    let results = progress::apply_batch(db, &jobs).await?;
    let mut lessons: Vec<LessonProgressView> = Vec::new();
    let mut outcomes: Vec<Option<Result<LessonProgressView, OfflineRefusal>>> =
        (0..reports.len()).map(|_| None).collect();
    for ((index, _), result) in judged.iter().zip(results) {
        if let Ok(view) = &result {
            lessons.retain(|l| l.lesson_id != view.lesson_id);
            lessons.push(*view);
        }
        outcomes[*index] = Some(result.map_err(OfflineRefusal::Learning));
    }
    for (index, why) in refused {
        outcomes[index] = Some(Err(OfflineRefusal::Time(why)));
    }
    Ok(Applied {
        // Every index was either judged or refused: none is left empty.
        outcomes: outcomes.into_iter().flatten().collect(),
        lessons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use cultivator_shared::LessonId;
    use cultivator_shared::api::learning::ProgressReport;

    fn report(at: DateTime<Utc>) -> OfflineReport {
        OfflineReport {
            lesson_id: LessonId(1),
            at,
            report: ProgressReport::default(),
        }
    }

    #[test]
    fn reports_are_judged_oldest_first_and_out_of_bounds_ones_refused() {
        let now = Utc
            .with_ymd_and_hms(2026, 12, 7, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let minutes = |m: i64| now - Duration::minutes(m);
        let reports = [
            report(minutes(10)),
            report(minutes(30)),
            report(now + Duration::minutes(5)),
            report(minutes(20)),
            report(now - Duration::hours(80)),
            report(minutes(30)),
            report(now + Duration::seconds(30)),
        ];
        let Schedule { judged, refused } = schedule(&reports, now, Duration::hours(72));
        assert_eq!(
            judged,
            vec![
                (1, minutes(30)),
                (5, minutes(30)),
                (3, minutes(20)),
                (0, minutes(10)),
                (6, now)
            ]
        );
        assert_eq!(
            refused,
            vec![(2, TimeRefused::Ahead), (4, TimeRefused::TooLate)]
        );
    }
}

//! What the integrity report calls suspicious, as pure functions.
//!
//! ## A completion far faster than the course's hours
//! A course declares credit hours (学时). The server verifies study time for
//! every lesson kind (`docs/verified-time.md`): video play, and reading time
//! for articles and documents, all paid from the trainee's one study clock.
//! `lesson_progress.played_ms`, summed over the course's lessons, is that
//! verified time. The hours expected of a trainee are the part of the
//! declared hours the lessons can show: the declared hours, but at most the
//! verifiable length of the required lessons (videos' running time, reading
//! lessons' required reading time). A completion is flagged when the
//! verified time is below [`PLAUSIBLE_SHARE_PCT`] of that.
//!
//! A course whose required lessons have no known length has no verifiable
//! time: for those the measure is the wall-clock time from enrolment to
//! completion instead, against the declared hours: nobody studies a 2-hour
//! course in the first few minutes after enrolling. A course that declares
//! no hours is never flagged. Completions are judged once, as they happen
//! (in the completing transaction); those from before this rule are not.

use cultivator_shared::CreditHours;
use cultivator_shared::api::integrity::TimeBasis;

use crate::db::login_throttle::Counter;

/// A completion is flagged below this share (percent) of the expected time.
pub const PLAUSIBLE_SHARE_PCT: u64 = 50;

/// One tenth of a credit hour, in milliseconds.
const MS_PER_TENTH: u64 = 360_000;

/// What is known of one completed course's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletionTime {
    pub declared: CreditHours,
    /// The verifiable length of the course's required lessons.
    pub required_timed_ms: u64,
    /// Play the server verified, over all the course's lessons.
    pub verified_ms: u64,
    /// Wall-clock time from enrolment to completion.
    pub elapsed_ms: u64,
}

/// Why a completion looks too fast: what was measured against what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooFast {
    pub basis: TimeBasis,
    pub measured_ms: u64,
    pub expected_ms: u64,
}

/// Whether a completion is implausibly fast (see the module documentation).
pub fn fast_completion(time: CompletionTime) -> Option<TooFast> {
    let declared_ms = u64::from(time.declared.tenths()) * MS_PER_TENTH;
    let (basis, measured_ms, expected_ms) = if time.required_timed_ms > 0 {
        let expected = declared_ms.min(time.required_timed_ms);
        (TimeBasis::Verified, time.verified_ms, expected)
    } else {
        (TimeBasis::Elapsed, time.elapsed_ms, declared_ms)
    };
    let too_fast = expected_ms > 0
        && measured_ms.saturating_mul(100) < expected_ms.saturating_mul(PLAUSIBLE_SHARE_PCT);
    too_fast.then_some(TooFast {
        basis,
        measured_ms,
        expected_ms,
    })
}

/// Whether this failure is the one that locked code entry (it was not
/// locked before, and is now).
pub fn lock_started(before: Option<&Counter>, after: &Counter) -> bool {
    after.locked_until.is_some() && before.and_then(|c| c.locked_until) != after.locked_until
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: u64 = 3_600_000;

    fn time(declared_tenths: u32, video: u64, verified: u64, elapsed: u64) -> CompletionTime {
        CompletionTime {
            declared: CreditHours(declared_tenths),
            required_timed_ms: video,
            verified_ms: verified,
            elapsed_ms: elapsed,
        }
    }

    #[test]
    fn a_video_course_is_judged_by_verified_play_against_its_hours() {
        // 1 h declared, 1 h of required video: under 30 min verified is flagged.
        let flagged = fast_completion(time(10, HOUR, HOUR / 2 - 1, 10 * HOUR));
        assert_eq!(
            flagged,
            Some(TooFast {
                basis: TimeBasis::Verified,
                measured_ms: HOUR / 2 - 1,
                expected_ms: HOUR,
            })
        );
        assert_eq!(fast_completion(time(10, HOUR, HOUR / 2, 0)), None);
    }

    #[test]
    fn only_the_hours_the_videos_can_show_are_expected() {
        // 2 h declared, 20 min of required video (the rest is reading):
        // 10 min verified is enough, 9 is not.
        let video = 20 * 60_000;
        assert_eq!(fast_completion(time(20, video, 10 * 60_000, 0)), None);
        let flagged = fast_completion(time(20, video, 9 * 60_000, 0));
        assert_eq!(flagged.map(|f| f.expected_ms), Some(video));
    }

    #[test]
    fn a_course_without_required_video_is_judged_by_time_since_enrolment() {
        // 1.5 h of articles, completed 2 minutes after enrolling.
        let flagged = fast_completion(time(15, 0, 0, 2 * 60_000));
        assert_eq!(
            flagged,
            Some(TooFast {
                basis: TimeBasis::Elapsed,
                measured_ms: 2 * 60_000,
                expected_ms: 90 * 60_000,
            })
        );
        // Read over a day: not flagged, though no time was verified.
        assert_eq!(fast_completion(time(15, 0, 0, 24 * HOUR)), None);
    }

    #[test]
    fn a_course_declaring_no_hours_is_never_flagged() {
        assert_eq!(fast_completion(time(0, HOUR, 0, 0)), None);
        assert_eq!(fast_completion(time(0, 0, 0, 0)), None);
    }

    #[test]
    fn the_lock_is_recorded_once_when_it_starts() {
        let open = Counter {
            failures: 4,
            window_started_at: 0,
            locked_until: None,
        };
        let locked = Counter {
            failures: 5,
            locked_until: Some(600),
            ..open
        };
        assert!(lock_started(Some(&open), &locked));
        assert!(!lock_started(Some(&locked), &locked));
        assert!(!lock_started(None, &open));
    }
}

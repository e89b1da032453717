//! When a check-in or a mark made with no signal counts, and which of two
//! records of one trainee's attendance stands.
//!
//! ## Device time
//! At a rural venue neither phone may have a network. The instructor's
//! device shows codes it computes itself (see `cultivator_shared::checkin_code`);
//! a trainee's phone keeps the code with the moment it was read, and the
//! instructor's device keeps the marks made by hand with theirs, and both
//! send them when the network returns. The moment a record claims is then
//! the device's, and the server bounds it:
//! - within the device-time bounds of [`crate::domain::device_time`]: not
//!   ahead of the server's clock, not older than the sync window, so a code
//!   cannot be kept back for weeks;
//! - and for a check-in, the code must be the one shown at the claimed
//!   moment (or the window before) and the moment inside the session's
//!   check-in window. A trainee can shift the claimed time by a window at
//!   most; a code shared by photo is as good offline as online for those
//!   15–30 s, and arrives marked as sent later on the instructor's list.
//!
//! ## Two records of one trainee
//! Records arrive in any order, so the rule must not depend on arrival:
//! - a second check-in by code is refused (the first arrival stands);
//! - otherwise the record with the later moment stands: a mark made after a
//!   check-in corrects it, a check-in after a mark (the trainee came late
//!   after being marked absent) replaces it, and an older mark arriving
//!   after a newer one is superseded;
//! - at the same moment, the instructor's mark wins.
//!
//! Whenever a check-in and a mark meet, or a record is superseded, the
//! outcome is written to the audit trail.

use chrono::{DateTime, Utc};
use cultivator_shared::api::checkin::AttendanceMethod;

pub use crate::domain::device_time::{DEVICE_CLOCK_AHEAD, TimeRefused, moment};

/// One record of a trainee's attendance: how it was made, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub method: AttendanceMethod,
    pub at: DateTime<Utc>,
}

impl Standing {
    fn by_code(&self) -> bool {
        matches!(
            self.method,
            AttendanceMethod::Code | AttendanceMethod::QueuedCode
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The incoming record replaces what there was (or is the first).
    Apply,
    /// The trainee already checked in by code.
    AlreadyCheckedIn,
    /// A record with a later moment stands.
    Superseded,
}

/// Which record stands when `incoming` meets what is `existing`.
pub fn resolve(existing: Option<Standing>, incoming: Standing) -> Outcome {
    let Some(existing) = existing else {
        return Outcome::Apply;
    };
    if existing.by_code() && incoming.by_code() {
        return Outcome::AlreadyCheckedIn;
    }
    let later = incoming.at > existing.at;
    let tie_to_the_mark = incoming.at == existing.at && !incoming.by_code();
    if later || tie_to_the_mark {
        Outcome::Apply
    } else {
        Outcome::Superseded
    }
}

/// Whether meeting `existing` with `incoming` goes to the audit trail as a
/// conflict: a check-in and a mark met, or the incoming record lost. (A mark
/// replacing a mark or a check-in is an ordinary correction, audited as one.)
pub fn is_conflict(existing: Option<Standing>, incoming: Standing, outcome: Outcome) -> bool {
    match (existing, outcome) {
        (None, _) | (_, Outcome::AlreadyCheckedIn) => false,
        (Some(_), Outcome::Superseded) => true,
        (Some(existing), Outcome::Apply) => incoming.by_code() && !existing.by_code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, minute, 0)
            .single()
            .unwrap_or_default()
    }

    fn code(minute: u32) -> Standing {
        Standing {
            method: AttendanceMethod::QueuedCode,
            at: at(minute),
        }
    }

    fn mark(minute: u32) -> Standing {
        Standing {
            method: AttendanceMethod::Manual,
            at: at(minute),
        }
    }

    #[test]
    fn the_later_record_stands_whatever_order_they_arrive_in() {
        // Marked absent at 9:05, checked in at 9:10: present, either way round.
        assert_eq!(resolve(Some(mark(5)), code(10)), Outcome::Apply);
        assert_eq!(resolve(Some(code(10)), mark(5)), Outcome::Superseded);
        // Checked in at 9:10, corrected by hand at 9:20: the mark, either way round.
        assert_eq!(resolve(Some(code(10)), mark(20)), Outcome::Apply);
        assert_eq!(resolve(Some(mark(20)), code(10)), Outcome::Superseded);
        // Two marks from two devices: the later one.
        assert_eq!(resolve(Some(mark(20)), mark(15)), Outcome::Superseded);
        assert_eq!(resolve(Some(mark(15)), mark(20)), Outcome::Apply);
    }

    #[test]
    fn the_first_check_in_stands_and_a_tie_goes_to_the_mark() {
        assert_eq!(resolve(None, code(10)), Outcome::Apply);
        assert_eq!(resolve(Some(code(10)), code(5)), Outcome::AlreadyCheckedIn);
        assert_eq!(resolve(Some(code(5)), code(10)), Outcome::AlreadyCheckedIn);
        assert_eq!(resolve(Some(code(10)), mark(10)), Outcome::Apply);
        assert_eq!(resolve(Some(mark(10)), code(10)), Outcome::Superseded);
    }

    #[test]
    fn check_ins_meeting_marks_and_lost_records_are_conflicts() {
        let conflict =
            |existing, incoming| is_conflict(existing, incoming, resolve(existing, incoming));
        assert!(conflict(Some(mark(5)), code(10)));
        assert!(conflict(Some(code(10)), mark(5)));
        assert!(conflict(Some(mark(20)), mark(15)));
        assert!(
            !conflict(Some(code(10)), mark(20)),
            "an ordinary correction"
        );
        assert!(
            !conflict(Some(mark(15)), mark(20)),
            "an ordinary correction"
        );
        assert!(!conflict(None, code(10)));
        assert!(!conflict(Some(code(10)), code(12)));
    }
}

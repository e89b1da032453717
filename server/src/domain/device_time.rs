//! The moment a device claims for something it did with no network: a
//! check-in, an attendance mark, a stretch of study. The server bounds it:
//! - not ahead of the server's clock by more than [`DEVICE_CLOCK_AHEAD`]
//!   (a phone's clock a little fast is normal; a claim from the future is not);
//! - not older than the sync window (`CULTIVATOR_CHECKIN_SYNC_HOURS`, 72 h by
//!   default): a record that took longer to arrive is refused.

use chrono::{DateTime, Duration, Utc};

/// How far ahead of the server's clock a device's clock may run.
pub const DEVICE_CLOCK_AHEAD: Duration = Duration::minutes(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeRefused {
    /// The claimed moment is ahead of the server's clock.
    Ahead,
    /// The record arrived after the sync window.
    TooLate,
}

/// The moment a record is for: `now`, or the device's `claimed` moment
/// when it was made with no network, within the bounds above.
pub fn moment(
    claimed: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    sync_window: Duration,
) -> Result<DateTime<Utc>, TimeRefused> {
    let Some(at) = claimed else { return Ok(now) };
    if at > now + DEVICE_CLOCK_AHEAD {
        return Err(TimeRefused::Ahead);
    }
    if now - at > sync_window {
        return Err(TimeRefused::TooLate);
    }
    Ok(at.min(now))
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

    #[test]
    fn a_claimed_moment_is_bounded_by_the_server_clock_and_the_sync_window() {
        let now = at(30);
        let window = Duration::hours(72);
        assert_eq!(moment(None, now, window), Ok(now));
        assert_eq!(moment(Some(at(10)), now, window), Ok(at(10)));
        assert_eq!(
            moment(Some(now + Duration::seconds(90)), now, window),
            Ok(now),
            "a clock slightly fast counts as now"
        );
        assert_eq!(
            moment(Some(now + Duration::minutes(3)), now, window),
            Err(TimeRefused::Ahead)
        );
        assert_eq!(
            moment(Some(now - Duration::hours(73)), now, window),
            Err(TimeRefused::TooLate)
        );
        assert_eq!(
            moment(Some(now - Duration::hours(72)), now, window),
            Ok(now - Duration::hours(72))
        );
    }
}

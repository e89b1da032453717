//! Moments in the browser's own time zone, for the class forms and lists.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

/// Minutes to add to UTC for the browser's local time.
fn local_offset_minutes() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

pub(crate) use crate::device::now;

/// `<input type="datetime-local">` value (browser time) for a moment.
pub(crate) fn to_local_input(at: DateTime<Utc>) -> String {
    (at.naive_utc() + Duration::minutes(local_offset_minutes()))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// The moment a `datetime-local` value names, in the browser's time zone.
pub(crate) fn from_local_input(value: &str) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").ok()?;
    Some((local - Duration::minutes(local_offset_minutes())).and_utc())
}

/// A moment shown in the browser's time zone.
pub(crate) fn local_time(at: DateTime<Utc>) -> String {
    (at.naive_utc() + Duration::minutes(local_offset_minutes()))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

//! Attendance at class sessions: the rotating check-in code an instructor
//! shows, a trainee's check-in with it, and the live list with corrections.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{ClassSessionId, UserId};

/// The code on the instructor's screen right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinCode {
    pub session: ClassSessionId,
    /// Six digits.
    pub code: String,
    /// Seconds until the code rotates.
    pub seconds_left: u32,
    pub period_secs: u32,
    /// What the QR encodes: `<origin>/checkin/<session>?code=<code>`.
    pub url: String,
    /// The QR code of `url`, as an SVG document.
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinRequest {
    pub code: String,
    /// For a check-in made with no signal and sent later: the device's time
    /// when the code was read. The code must be the one shown then, the
    /// moment inside the session, and the request must arrive within the
    /// sync window (72 h by default). Omitted: now.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// What the instructor's device needs to show a session's rotating codes
/// with no network: the session's device key (good for this session's
/// codes only; see `cultivator_shared::checkin_code`), the period, and the
/// server's clock to correct the device's by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinKit {
    pub session: ClassSessionId,
    /// Hexadecimal; the HMAC-SHA256 key of the codes.
    pub device_key: String,
    pub period_secs: u32,
    /// From when until when trainees may check in.
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// The check-in link without its code: the QR encodes `{link}?code={code}`.
    pub link: String,
    /// The server's clock when the kit was made.
    pub server_time: DateTime<Utc>,
}

crate::status::wire_enum!(
    /// A trainee's attendance at one session.
    AttendanceState { Present => "present", Absent => "absent", Excused => "excused" }
);

crate::status::wire_enum!(
    /// How attendance was recorded: by code as it happened, by a code read
    /// with no signal and sent later (`at` on [`CheckinRequest`]), or by hand.
    AttendanceMethod { Code => "code", QueuedCode => "queued_code", Manual => "manual" }
);

/// One trainee on the instructor's live attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceEntry {
    pub user: UserId,
    pub name: String,
    pub mobile: String,
    /// None until checked in or marked.
    pub state: Option<AttendanceState>,
    pub method: Option<AttendanceMethod>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// Wrong codes this trainee entered for the session, kept after a later
    /// check-in (a photo forwarded late shows up here first).
    #[serde(default)]
    pub wrong_codes: u32,
    /// Until when their code entry for the session is locked, if it is now.
    #[serde(default)]
    pub locked_until: Option<DateTime<Utc>>,
}

/// The instructor marks a trainee by hand (or corrects a mark).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkAttendanceRequest {
    pub state: AttendanceState,
    /// For a mark made with no network and sent later: the device's time
    /// when it was made (the later of two records stands). Omitted: now.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// One hand-made change to a trainee's attendance: who, when, from → to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceCorrection {
    pub user: UserId,
    pub from: Option<AttendanceState>,
    pub to: AttendanceState,
    pub corrected_by: UserId,
    pub corrected_at: DateTime<Utc>,
}

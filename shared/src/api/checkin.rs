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
}

crate::status::wire_enum!(
    /// A trainee's attendance at one session.
    AttendanceState { Present => "present", Absent => "absent", Excused => "excused" }
);

crate::status::wire_enum!(
    /// How attendance was recorded.
    AttendanceMethod { Code => "code", Manual => "manual" }
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

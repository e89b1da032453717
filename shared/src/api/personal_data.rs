//! "Download my data": everything the system keeps about the signed-in
//! person (China's Personal Information Protection Law gives them a copy),
//! as JSON; the server also writes it as CSV, one section after another.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{RoleGrant, UserId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalData {
    pub exported_at: DateTime<Utc>,
    pub account: AccountData,
    /// Classes applied to, in order of application.
    pub enrolments: Vec<EnrolmentData>,
    /// Online courses enrolled in.
    pub courses: Vec<CourseData>,
    /// Attendance at class sessions.
    pub attendance: Vec<AttendanceData>,
    /// Progress in lessons.
    pub progress: Vec<ProgressData>,
    /// Credit hours earned, entry by entry.
    pub credits: Vec<CreditData>,
    /// Classes completed (结业), each the ground of a certificate.
    pub certificates: Vec<CertificateData>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountData {
    pub id: UserId,
    pub name: String,
    pub mobile: String,
    pub region_code: String,
    /// The home region's names from province down.
    pub region_names: Vec<String>,
    pub roles: Vec<RoleGrant>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentData {
    pub class_id: i64,
    pub class_title: String,
    pub track: String,
    pub status: String,
    pub applied_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseData {
    pub course_id: i64,
    pub course_title: String,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceData {
    pub session_id: i64,
    pub class_title: String,
    pub session_starts_at: DateTime<Utc>,
    pub state: String,
    pub method: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressData {
    pub lesson_id: i64,
    pub lesson_title: String,
    /// Verified playback, in seconds.
    pub played_secs: i64,
    pub completed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditData {
    /// What earned it: `course` or `session`.
    pub source: String,
    pub source_id: i64,
    /// Credit hours in tenths (15 = 1.5 hours).
    pub credit_tenths: i32,
    pub earned_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateData {
    pub class_id: i64,
    pub class_title: String,
    pub completed_at: DateTime<Utc>,
}

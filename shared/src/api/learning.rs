//! What trainees send and see while learning online: course enrollment,
//! lesson progress reports and the credit-hour ledger.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CourseId, CreditHours, LessonId};

/// Media time played at normal speed, `[from_ms, to_ms)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlayedSpan {
    pub from_ms: u64,
    pub to_ms: u64,
}

/// One progress report. Video: what was played since the last report (none
/// on opening, after a seek or when paused) and where to resume. Article:
/// `read_to_end` once the reader reached the end. Document: any report
/// (sent when it is opened) completes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressReport {
    #[serde(default)]
    pub played: Option<PlayedSpan>,
    #[serde(default)]
    pub position_ms: u64,
    #[serde(default)]
    pub read_to_end: bool,
}

/// A trainee's progress in one lesson, as stored after the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonProgressView {
    pub lesson_id: LessonId,
    /// Where the player resumes.
    pub position_ms: u64,
    /// Verified watch time: the union of played spans.
    pub played_ms: u64,
    pub duration_ms: Option<u64>,
    pub completed: bool,
    /// Media time this report added (0 for a duplicate or a rewatch).
    pub earned_ms: u64,
    /// The whole course is complete (now or earlier).
    pub course_completed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseEnrollmentView {
    pub course_id: CourseId,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// One line of the credit-hour ledger (学时台账).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditEntryView {
    /// What earned it: `course` (online) or a source added by other tracks.
    pub source: String,
    pub source_id: i64,
    pub credit_hours: CreditHours,
    pub earned_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditLedger {
    pub total: CreditHours,
    pub entries: Vec<CreditEntryView>,
}

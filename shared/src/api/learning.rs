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
/// on opening, after a seek or when paused) and where to resume. Article and
/// document: how long the page was visible since the last report, and for an
/// article whether its end was scrolled into view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressReport {
    #[serde(default)]
    pub played: Option<PlayedSpan>,
    #[serde(default)]
    pub position_ms: u64,
    #[serde(default)]
    pub read_to_end: bool,
    /// Milliseconds the reading page was visible since the last report.
    #[serde(default)]
    pub visible_ms: u64,
}

impl ProgressReport {
    /// Positions and spans lie within the longest media there can be, and
    /// one report's visible time within an hour: nothing a player sends is
    /// larger, so anything larger is refused rather than stored.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let max_ms = u64::from(crate::validation::MAX_MEDIA_SECS) * 1000;
        let mut errors = crate::validation::FieldErrors::default();
        let range = |max: u64| crate::ValidationError::OutOfRange {
            min: 0,
            max: i64::try_from(max).unwrap_or(i64::MAX),
        };
        if self.position_ms > max_ms {
            errors.push("position_ms", range(max_ms));
        }
        if let Some(span) = self.played
            && (span.from_ms > max_ms || span.to_ms > max_ms)
        {
            errors.push("played", range(max_ms));
        }
        if self.visible_ms > crate::validation::MAX_VISIBLE_MS {
            errors.push("visible_ms", range(crate::validation::MAX_VISIBLE_MS));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into_vec())
        }
    }
}

/// At most this many reports go in one offline batch: two hours of
/// playback at one report every 15 s. A device holding more sends them in
/// several batches, oldest first.
pub const MAX_OFFLINE_REPORTS: usize = 480;

/// A report made with no network, kept on the device and sent later, with
/// the device's time when it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineReport {
    pub lesson_id: LessonId,
    pub at: DateTime<Utc>,
    pub report: ProgressReport,
}

/// Reports made with no network, sent when it returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineProgress {
    pub reports: Vec<OfflineReport>,
}

impl OfflineProgress {
    /// One to [`MAX_OFFLINE_REPORTS`] reports, each valid on its own.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = crate::validation::FieldErrors::default();
        if self.reports.is_empty() || self.reports.len() > MAX_OFFLINE_REPORTS {
            errors.push(
                "reports",
                crate::ValidationError::OutOfRange {
                    min: 1,
                    max: i64::try_from(MAX_OFFLINE_REPORTS).unwrap_or(i64::MAX),
                },
            );
        }
        let mut all = errors.into_vec();
        if let Some(bad) = self.reports.iter().find_map(|r| r.report.validate().err()) {
            all.extend(bad);
        }
        if all.is_empty() { Ok(()) } else { Err(all) }
    }
}

/// A report of an offline batch that was not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedReport {
    /// Its place in the batch, from 0.
    pub index: u32,
    pub code: crate::ErrorCode,
    pub message: String,
}

/// What became of an offline batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineOutcome {
    /// Reports counted (a resent one is counted once and earns nothing).
    pub accepted: u32,
    pub refused: Vec<RefusedReport>,
    /// Study time the batch added, over all its lessons.
    pub earned_ms: u64,
    /// Each lesson's progress after the batch.
    pub lessons: Vec<LessonProgressView>,
}

/// How many numbers an attention check shows.
pub const ATTENTION_CHOICES: usize = 4;

/// An attention check waiting for the trainee: tap `code` among `choices`
/// within `answer_within_secs` of its issue. Playback earns nothing until it
/// is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttentionPrompt {
    pub code: u8,
    pub choices: [u8; ATTENTION_CHOICES],
    pub answer_within_secs: u32,
}

/// The answer to an attention check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttentionAnswer {
    pub code: u8,
}

/// How an attention check was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttentionResult {
    /// Right and in time: playback earns again.
    Passed,
    /// Not the number shown: a new check replaces it.
    Wrong,
    /// Answered after its time ran out: a new check replaces it.
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttentionOutcome {
    pub result: AttentionResult,
    /// The check that now waits, if the answer did not pass.
    pub next: Option<AttentionPrompt>,
}

/// A trainee's progress in one lesson, as stored after the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonProgressView {
    pub lesson_id: LessonId,
    /// Where the player resumes.
    pub position_ms: u64,
    /// Verified study time: for a video the union of played spans, for an
    /// article or a document the verified reading time.
    pub played_ms: u64,
    pub duration_ms: Option<u64>,
    /// The reading time an article or a document requires.
    #[serde(default)]
    pub required_ms: Option<u64>,
    pub completed: bool,
    /// Study time this report added (0 for a duplicate or a rewatch).
    pub earned_ms: u64,
    /// The whole course is complete (now or earlier).
    pub course_completed: bool,
    /// An attention check is waiting: the player pauses and asks.
    #[serde(default)]
    pub attention: Option<AttentionPrompt>,
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

//! Classes and their sessions, applying for a seat, the waitlist, and the
//! in-app notices that tell a trainee what changed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::catalog::ClassSummary;
pub use super::notifications::{NotificationKind, NotificationView};
use crate::validation::{FieldErrors, parse_region_code};
use crate::{
    ClassSessionId, EnrollmentId, EnrollmentMode, EnrollmentStatus, ProgrammeId, StageId, Track,
    UserId, ValidationError,
};

pub const TITLE_MAX_CHARS: u32 = 200;
pub const VENUE_MAX_CHARS: u32 = 200;
pub const SEAT_LIMIT_MAX: i64 = 10_000;

/// Creates a class; the creator becomes its first instructor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateClassRequest {
    pub title: String,
    pub track: Track,
    pub programme_id: ProgrammeId,
    pub stage_id: Option<StageId>,
    /// The region the class serves.
    pub region_code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: NaiveDate,
    pub seat_limit: u32,
    pub enrollment_mode: EnrollmentMode,
    /// Offline classes only.
    pub venue: Option<String>,
    /// Share of sessions (percent) a trainee must attend to complete an
    /// offline class.
    pub attendance_threshold_pct: Option<u8>,
    /// How many sessions the offline class plans. Attendance is measured
    /// against these (or the sessions added, if more), so attending the
    /// first session of five cannot complete the class.
    #[serde(default)]
    pub planned_sessions: Option<u32>,
}

/// More sessions than a class of a year meeting daily is a typing mistake.
pub const MAX_PLANNED_SESSIONS: u32 = 366;

/// The same rules as every other free text (`validation::text`): trimmed,
/// a length in characters, no control characters.
fn bounded_text(raw: &str, max: u32, required: bool) -> Result<(), ValidationError> {
    crate::validation::text(
        raw,
        crate::validation::TextRule {
            max_chars: max,
            required,
            multiline: false,
        },
    )
}

impl CreateClassRequest {
    /// Every problem at once.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::default();
        errors.check("title", bounded_text(&self.title, TITLE_MAX_CHARS, true));
        errors.check("region_code", parse_region_code(&self.region_code));
        if self
            .planned_sessions
            .is_some_and(|n| n == 0 || n > MAX_PLANNED_SESSIONS)
        {
            errors.push(
                "planned_sessions",
                ValidationError::OutOfRange {
                    min: 1,
                    max: i64::from(MAX_PLANNED_SESSIONS),
                },
            );
        }
        crate::validation::class_dates(self.starts_on, self.ends_on, &mut errors);
        if self.seat_limit == 0 || i64::from(self.seat_limit) > SEAT_LIMIT_MAX {
            errors.push(
                "seat_limit",
                ValidationError::OutOfRange {
                    min: 1,
                    max: SEAT_LIMIT_MAX,
                },
            );
        }
        if self.track == Track::Offline {
            errors.check(
                "venue",
                bounded_text(self.venue.as_deref().unwrap_or(""), VENUE_MAX_CHARS, true),
            );
            match self.attendance_threshold_pct {
                None => errors.push("attendance_threshold_pct", ValidationError::Required),
                Some(pct) if pct == 0 || pct > 100 => errors.push(
                    "attendance_threshold_pct",
                    ValidationError::OutOfRange { min: 1, max: 100 },
                ),
                Some(_) => {}
            }
        } else if let Some(venue) = &self.venue {
            errors.check("venue", bounded_text(venue, VENUE_MAX_CHARS, false));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into_vec())
        }
    }
}

/// Adds a session to an offline class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSessionRequest {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Defaults to the class's venue when empty.
    pub venue: Option<String>,
    pub capacity_note: Option<String>,
}

impl NewSessionRequest {
    /// The session's own rules; with `class_days` (its class's first and
    /// last day), also that it falls on them.
    pub fn validate_for(
        &self,
        class_days: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    ) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::default();
        crate::validation::session_times(self.starts_at, self.ends_at, class_days, &mut errors);
        if let Some(venue) = &self.venue {
            errors.check("venue", bounded_text(venue, VENUE_MAX_CHARS, false));
        }
        if let Some(note) = &self.capacity_note {
            errors.check("capacity_note", bounded_text(note, VENUE_MAX_CHARS, false));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into_vec())
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: ClassSessionId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: String,
    pub capacity_note: Option<String>,
    /// Set once the session is cancelled; it then takes no check-ins.
    #[serde(default)]
    pub cancelled: Option<Cancellation>,
}

/// When and why a class or a session was cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cancellation {
    pub at: DateTime<Utc>,
    pub reason: String,
}

pub const REASON_MAX_CHARS: u32 = 500;

/// Cancels a class or a session; everyone enrolled, waitlisted or awaiting
/// a decision is told, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRequest {
    pub reason: String,
}

impl CancelRequest {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::default();
        errors.check(
            "reason",
            crate::validation::text(
                &self.reason,
                crate::validation::TextRule {
                    max_chars: REASON_MAX_CHARS,
                    required: true,
                    multiline: true,
                },
            ),
        );
        errors.into_result()
    }
}

/// A class's editable settings; its track, programme, stage and region stay
/// as created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateClassRequest {
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: NaiveDate,
    /// Never below the seats already taken.
    pub seat_limit: u32,
    pub enrollment_mode: EnrollmentMode,
    /// Required for offline classes.
    pub venue: Option<String>,
}

impl UpdateClassRequest {
    /// The request's own rules, for a class on `track` (every problem at once).
    pub fn validate(&self, track: Track) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::default();
        errors.check("title", bounded_text(&self.title, TITLE_MAX_CHARS, true));
        crate::validation::class_dates(self.starts_on, self.ends_on, &mut errors);
        if self.seat_limit == 0 || i64::from(self.seat_limit) > SEAT_LIMIT_MAX {
            errors.push(
                "seat_limit",
                ValidationError::OutOfRange {
                    min: 1,
                    max: SEAT_LIMIT_MAX,
                },
            );
        }
        errors.check(
            "venue",
            bounded_text(
                self.venue.as_deref().unwrap_or(""),
                VENUE_MAX_CHARS,
                track == Track::Offline,
            ),
        );
        errors.into_result()
    }
}

/// Someone on a class's staff, or who could be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: UserId,
    pub name: String,
}

/// A class's instructors, and the instructors whose region covers the
/// class's who could be added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassInstructors {
    pub instructors: Vec<StaffMember>,
    pub eligible: Vec<StaffMember>,
}

/// Where the signed-in trainee stands in one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyEnrollment {
    pub id: EnrollmentId,
    pub status: EnrollmentStatus,
    /// 1 for the first in line; only while waitlisted.
    pub waitlist_position: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassDetail {
    pub class: ClassSummary,
    pub attendance_threshold_pct: Option<u8>,
    #[serde(default)]
    pub planned_sessions: Option<u32>,
    pub sessions: Vec<SessionView>,
    pub waitlist_length: u32,
    /// The asking user's own enrollment, if any.
    pub my_enrollment: Option<MyEnrollment>,
    /// Whether the asking user may manage this class (roster, sessions, check-in).
    pub can_manage: bool,
    /// Set once the class is cancelled; it then takes no applications and
    /// no check-ins.
    #[serde(default)]
    pub cancelled: Option<Cancellation>,
}

/// Which page of a class's roster to list, and optionally one status only
/// (`waitlisted` for the waitlist, `applied` for the applications to decide).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RosterQuery {
    /// Only entries of this status.
    pub status: Option<EnrollmentStatus>,
    /// At most this many entries (1–100, default 50).
    #[serde(default, deserialize_with = "super::paging::limit")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// Skip this many entries first.
    #[serde(default, deserialize_with = "super::paging::offset")]
    pub offset: Option<u64>,
}

impl RosterQuery {
    /// Entries per page unless asked otherwise: a screenful on a phone.
    pub const DEFAULT_LIMIT: u64 = 50;

    pub fn limit(&self) -> u64 {
        self.limit
            .unwrap_or(Self::DEFAULT_LIMIT)
            .clamp(1, super::PageQuery::MAX_LIMIT)
    }

    pub fn offset(&self) -> u64 {
        self.offset.unwrap_or(0).min(super::PageQuery::MAX_OFFSET)
    }
}

/// One line of a class roster, as its instructors see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub enrollment: EnrollmentId,
    pub user: UserId,
    pub name: String,
    pub mobile: String,
    pub status: EnrollmentStatus,
    pub waitlist_position: Option<u32>,
    pub applied_at: DateTime<Utc>,
}

/// The outcome of finalising a class: who completed, who did not qualify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finalised {
    pub completed: u32,
    pub not_eligible: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline() -> CreateClassRequest {
        CreateClassRequest {
            title: "农村电商带头人培训班".into(),
            track: Track::Offline,
            programme_id: ProgrammeId(1),
            stage_id: None,
            region_code: "510121".into(),
            starts_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            ends_on: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default(),
            seat_limit: 30,
            enrollment_mode: EnrollmentMode::Open,
            venue: Some("金堂县农业农村局".into()),
            attendance_threshold_pct: Some(80),
            planned_sessions: None,
        }
    }

    #[test]
    fn a_well_formed_offline_class_passes() {
        assert_eq!(offline().validate(), Ok(()));
    }

    #[test]
    fn planned_sessions_are_at_least_one_and_bounded() {
        let planned = |n| CreateClassRequest {
            planned_sessions: Some(n),
            ..offline()
        };
        assert_eq!(planned(5).validate(), Ok(()));
        for n in [0, MAX_PLANNED_SESSIONS + 1] {
            let fields: Vec<String> = planned(n)
                .validate()
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.field)
                .collect();
            assert_eq!(fields, vec!["planned_sessions".to_owned()], "{n}");
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut request = offline();
        request.title = " ".into();
        request.ends_on = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        request.seat_limit = 0;
        request.venue = None;
        request.attendance_threshold_pct = Some(101);
        let fields: Vec<String> = request
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "title",
                "ends_on",
                "seat_limit",
                "venue",
                "attendance_threshold_pct"
            ]
        );
    }
}

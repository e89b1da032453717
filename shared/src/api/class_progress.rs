//! How each member of a class is doing in its online part (the courses the
//! class follows): what its instructors and coordinators see, sorted and a
//! page at a time, or as a spreadsheet.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::status::wire_enum;
use crate::{EnrollmentStatus, UserId};

wire_enum!(
    /// What the list is sorted by.
    ProgressSort {
        Name => "name",
        Percent => "percent",
        VerifiedTime => "verified_time",
        QuizScore => "quiz_score",
        LastActivity => "last_activity",
    }
);

/// Which page, in which order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProgressQuery {
    /// Default: by name.
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<ProgressSort>,
    /// Largest (or latest, or last by name) first.
    #[serde(default)]
    pub desc: bool,
    /// At most this many items (1–100, default 20).
    #[serde(default, deserialize_with = "super::paging::limit")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// Skip this many items first (at most 2^63 − 1).
    #[serde(default, deserialize_with = "super::paging::offset")]
    pub offset: Option<u64>,
}

/// One member's progress over the class's courses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberProgress {
    pub user: UserId,
    pub name: String,
    /// Whole for the class's instructors, masked for others.
    pub mobile: String,
    pub status: EnrollmentStatus,
    /// Required lessons of the class's courses completed.
    pub lessons_completed: u32,
    /// Percent of the required lessons completed (0–100).
    pub percent: u8,
    /// Study time the server verified (video played, reading timed), ms.
    pub verified_ms: u64,
    /// The best submitted score over the courses' quizzes.
    pub best_quiz_pct: Option<u8>,
    /// The last progress recorded in any of the courses.
    pub last_activity: Option<DateTime<Utc>>,
}

/// The class's online part, and one page of its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassProgress {
    /// Courses the class follows.
    pub courses: u32,
    /// Required lessons over those courses.
    pub required_lessons: u32,
    pub members: super::Page<MemberProgress>,
}

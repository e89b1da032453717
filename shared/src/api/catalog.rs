//! What trainees browse: published courses and classes open for application.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::regions::RegionView;
use crate::{ClassId, CourseId, CreditHours, EnrollmentMode, Track};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseSummary {
    pub id: CourseId,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub credit_hours: CreditHours,
    pub lesson_count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassSummary {
    pub id: ClassId,
    pub title: String,
    pub track: Track,
    pub programme: String,
    pub stage: String,
    /// The region the class serves.
    pub region: RegionView,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: NaiveDate,
    pub venue: Option<String>,
    pub seat_limit: u32,
    pub seats_taken: u32,
    pub enrollment_mode: EnrollmentMode,
}

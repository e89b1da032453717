//! Online classes (a cohort following courses with dates): which courses a
//! class follows. A trainee enrolled in the class completes it, and is
//! counted as trained for the class's programme, when they have completed
//! every course it follows.

use serde::{Deserialize, Serialize};

use super::catalog::CourseSummary;
use crate::CourseId;

/// The courses an online class follows, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassCourses {
    pub courses: Vec<CourseId>,
}

/// One course an online class follows, as the signed-in trainee sees it on
/// the class's page: what it is and how far they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassCourseProgress {
    pub course: CourseSummary,
    /// `None` until the trainee enrols in the course.
    pub progress_pct: Option<u32>,
    pub completed: bool,
}

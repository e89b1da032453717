//! Online classes (a cohort following courses with dates): which courses a
//! class follows. A trainee enrolled in the class completes it, and is
//! counted as trained for the class's programme, when they have completed
//! every course it follows.

use serde::{Deserialize, Serialize};

use crate::CourseId;

/// The courses an online class follows, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassCourses {
    pub courses: Vec<CourseId>,
}

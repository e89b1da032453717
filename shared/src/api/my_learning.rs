//! What the learning pages read beyond the course itself: a trainee's own
//! courses and progress, the catalogue's search, and an instructor's own
//! courses and question bank.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::catalog::CourseSummary;
use super::learning::CourseEnrollmentView;
use super::quizzes::NewQuestion;
use crate::{LessonId, PublishState};

/// The catalogue's filter: words in the title or summary, and a category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CourseFilter {
    /// Words that must appear in the title or the summary.
    pub q: Option<String>,
    /// Only courses of exactly this category.
    pub category: Option<String>,
    /// At most this many items (1–100, default 20).
    #[serde(default, deserialize_with = "super::paging::limit")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// Skip this many items first (at most 2^63 − 1).
    #[serde(default, deserialize_with = "super::paging::offset")]
    pub offset: Option<u64>,
}

impl CourseFilter {
    /// The search words, trimmed; `None` when there are none.
    pub fn words(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    pub fn category(&self) -> Option<&str> {
        self.category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    pub fn page(&self) -> super::PageQuery {
        super::PageQuery {
            limit: self.limit,
            offset: self.offset,
        }
    }
}

/// A trainee's state in one lesson, for ticks on the course page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonStatus {
    pub lesson_id: LessonId,
    pub completed: bool,
    /// Where a video resumes.
    pub position_ms: u64,
    /// Verified watch time.
    pub played_ms: u64,
}

/// A trainee's attempts at one quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizStatus {
    pub quiz_id: i64,
    /// Attempts started, submitted or not.
    pub attempts_used: u32,
    /// `None` when the quiz has no attempt limit.
    pub attempts_left: Option<u32>,
    pub best_score_pct: Option<u32>,
    /// Passed by the quiz's rule (best or last attempt).
    pub passed: bool,
}

/// The signed-in user's progress in one course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyCourseProgress {
    /// `None` until enrolled.
    pub enrollment: Option<CourseEnrollmentView>,
    /// Lessons with any progress; the others have none.
    pub lessons: Vec<LessonStatus>,
    pub quizzes: Vec<QuizStatus>,
    /// Required lessons completed and required quizzes passed, in percent
    /// (100 once the course is completed).
    pub progress_pct: u32,
}

/// The lesson to continue with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextLesson {
    pub id: LessonId,
    pub title: String,
}

/// A course the signed-in trainee is enrolled in ("continue learning").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyCourse {
    pub course: CourseSummary,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub progress_pct: u32,
    /// The first lesson not yet completed, in course order.
    pub next_lesson: Option<NextLesson>,
}

/// A course as its author sees it in their list, drafts included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthoredCourse {
    pub course: CourseSummary,
    pub state: PublishState,
}

/// A question of a course's bank with its answer, for the course's editors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankQuestion {
    pub id: i64,
    #[serde(flatten)]
    pub question: NewQuestion,
}

/// Progress as a whole percentage: `done` of `total` (0 of 0 is 0).
pub fn percent(done: usize, total: usize) -> u32 {
    if total == 0 {
        return 0;
    }
    u32::try_from(done.min(total) * 100 / total).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_down_and_never_exceed_a_hundred() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(3, 3), 100);
        assert_eq!(percent(4, 3), 100);
    }

    #[test]
    fn blank_filters_match_everything() {
        let filter = CourseFilter {
            q: Some("  ".into()),
            category: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(filter.words(), None);
        assert_eq!(filter.category(), None);
    }
}

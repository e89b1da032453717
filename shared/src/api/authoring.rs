//! Instructors authoring courses: the course, its modules and lessons, and
//! the outline trainees read.

use serde::{Deserialize, Serialize};

use crate::validation::{self, TextRule};
use crate::{CourseId, CreditHours, FieldError, LessonId, ModuleId, PublishState, ValidationError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LessonKind {
    Video,
    Article,
    Document,
}

impl LessonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LessonKind::Video => "video",
            LessonKind::Article => "article",
            LessonKind::Document => "document",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Video, Self::Article, Self::Document]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Checks `value` against a shared text rule, keyed by `field`.
fn text_errors(field: &str, value: &str, rule: TextRule, errors: &mut Vec<FieldError>) {
    if let Err(error) = validation::text(value, rule) {
        errors.push(FieldError::new(field, error));
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseDraft {
    pub title: String,
    pub summary: String,
    pub category: String,
    pub credit_hours: CreditHours,
    /// Share of a video that must be played to complete it (default 90).
    #[serde(default = "default_threshold")]
    pub completion_threshold_pct: u32,
    /// Attention checks during video playback: one every so many minutes of
    /// playback on average, at moments the server draws; none when unset.
    #[serde(default)]
    pub attention_every_minutes: Option<u32>,
}

fn default_threshold() -> u32 {
    90
}

impl CourseDraft {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        text_errors("title", &self.title, validation::TITLE, &mut errors);
        text_errors(
            "category",
            &self.category,
            validation::CATEGORY,
            &mut errors,
        );
        text_errors("summary", &self.summary, validation::SUMMARY, &mut errors);
        if !(1..=100).contains(&self.completion_threshold_pct) {
            errors.push(FieldError::new(
                "completion_threshold_pct",
                ValidationError::OutOfRange { min: 1, max: 100 },
            ));
        }
        if self
            .attention_every_minutes
            .is_some_and(|m| !(1..=120).contains(&m))
        {
            errors.push(FieldError::new(
                "attention_every_minutes",
                ValidationError::OutOfRange { min: 1, max: 120 },
            ));
        }
        if self.credit_hours.tenths() > 10_000 {
            errors.push(FieldError::new(
                "credit_hours",
                ValidationError::OutOfRange { min: 0, max: 1000 },
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModuleDraft {
    pub title: String,
}

impl ModuleDraft {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        text_errors("title", &self.title, validation::TITLE, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonDraft {
    pub title: String,
    pub kind: LessonKind,
    pub required: bool,
    /// Length of a video in seconds.
    pub duration_secs: Option<u32>,
    /// An article's text, in Markdown.
    pub body_markdown: Option<String>,
}

impl LessonDraft {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        text_errors("title", &self.title, validation::TITLE, &mut errors);
        if self.kind == LessonKind::Video && self.duration_secs.is_none_or(|d| d == 0) {
            errors.push(FieldError::new("duration_secs", ValidationError::Required));
        }
        let body_rule = TextRule {
            required: self.kind == LessonKind::Article,
            ..validation::ARTICLE_BODY
        };
        text_errors(
            "body_markdown",
            self.body_markdown.as_deref().unwrap_or(""),
            body_rule,
            &mut errors,
        );
        if self
            .duration_secs
            .is_some_and(|d| d > validation::MAX_MEDIA_SECS)
        {
            errors.push(FieldError::new(
                "duration_secs",
                ValidationError::OutOfRange {
                    min: 1,
                    max: i64::from(validation::MAX_MEDIA_SECS),
                },
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The id of something just created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Created {
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonOutline {
    pub id: LessonId,
    pub title: String,
    pub kind: LessonKind,
    pub required: bool,
    pub duration_secs: Option<u32>,
    /// An article rendered to sanitised HTML (no scripts, no event handlers).
    pub html: Option<String>,
    /// A video lesson also has an audio-only rendition for slow networks,
    /// streamed from `/lessons/{id}/media/audio`.
    #[serde(default)]
    pub has_audio: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModuleOutline {
    pub id: ModuleId,
    pub title: String,
    pub lessons: Vec<LessonOutline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseOutline {
    pub id: CourseId,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub credit_hours: CreditHours,
    pub state: PublishState,
    pub completion_threshold_pct: u32,
    pub attention_every_minutes: Option<u32>,
    pub modules: Vec<ModuleOutline>,
}

// Reordering and editing.

/// A module's place in a new course order and the lessons it holds, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModuleOrder {
    pub id: ModuleId,
    pub lessons: Vec<LessonId>,
}

/// The whole new order of a course: every module of the course exactly once,
/// and every lesson of the course exactly once in one of them (a lesson may
/// move to another module). Nothing is created or deleted, so trainees'
/// progress, which belongs to lessons, is untouched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseOrder {
    pub modules: Vec<ModuleOrder>,
}

//! Quizzes: the question bank instructors fill, attempts trainees take.
//! Correct answers and explanations appear only in [`AttemptResult`], which
//! exists only after submission, and only when the quiz's [`AnswersShown`]
//! setting allows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::{self, TextRule};
use crate::{FieldError, ValidationError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true_false",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Single, Self::Multiple, Self::TrueFalse]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Which attempt decides whether a quiz is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuizScoring {
    Best,
    Last,
}

impl QuizScoring {
    pub fn as_str(self) -> &'static str {
        match self {
            QuizScoring::Best => "best",
            QuizScoring::Last => "last",
        }
    }
}

/// When a trainee sees the right answers (and explanations) of an attempt.
/// Shown after every attempt of a quiz that can be retried without end, they
/// let anyone pass by retrying, so such quizzes show none by default
/// ([`AnswersShown::default_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnswersShown {
    AfterEachAttempt,
    /// With the result of the submission that uses the last allowed attempt.
    AfterLastAttempt,
    Never,
}

impl AnswersShown {
    pub const ALL: [AnswersShown; 3] = [
        AnswersShown::AfterEachAttempt,
        AnswersShown::AfterLastAttempt,
        AnswersShown::Never,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnswersShown::AfterEachAttempt => "after_each_attempt",
            AnswersShown::AfterLastAttempt => "after_last_attempt",
            AnswersShown::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The setting of a quiz whose author chose none: never with unlimited
    /// attempts (retrying would reveal the answers), after each attempt when
    /// attempts are limited (as quizzes always did).
    pub fn default_for(max_attempts: Option<u32>) -> Self {
        match max_attempts {
            None => AnswersShown::Never,
            Some(_) => AnswersShown::AfterEachAttempt,
        }
    }
}

/// A question for the bank. True/false questions have options ["对", "错"]
/// (or any two) and one correct index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewQuestion {
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
    /// Indexes into `options`.
    pub correct: Vec<u32>,
    #[serde(default)]
    pub explanation: String,
}

impl NewQuestion {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field: &str, value: &str, rule| {
            if let Err(error) = validation::text(value, rule) {
                errors.push(FieldError::new(field, error));
            }
        };
        text("prompt", &self.prompt, validation::QUESTION_TEXT);
        text(
            "explanation",
            &self.explanation,
            TextRule {
                required: false,
                ..validation::QUESTION_TEXT
            },
        );
        for (i, option) in self.options.iter().enumerate() {
            text(&format!("options[{i}]"), option, validation::OPTION_TEXT);
        }
        let (min, max) = match self.kind {
            QuestionKind::TrueFalse => (2, 2),
            _ => (2, 10),
        };
        let n = u32::try_from(self.options.len()).unwrap_or(u32::MAX);
        if n < min {
            errors.push(FieldError::new(
                "options",
                ValidationError::TooShort { min },
            ));
        } else if n > max {
            errors.push(FieldError::new("options", ValidationError::TooLong { max }));
        }
        let mut correct = self.correct.clone();
        correct.sort_unstable();
        correct.dedup();
        if correct.is_empty() {
            errors.push(FieldError::new("correct", ValidationError::Required));
        } else if correct.len() != self.correct.len() || correct.iter().any(|&i| i >= n) {
            errors.push(FieldError::new(
                "correct",
                ValidationError::OutOfRange {
                    min: 0,
                    max: i64::from(n) - 1,
                },
            ));
        } else if self.kind != QuestionKind::Multiple && correct.len() != 1 {
            errors.push(FieldError::new(
                "correct",
                ValidationError::TooLong { max: 1 },
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
pub struct NewQuiz {
    pub title: String,
    /// How many questions each attempt draws from the course's bank.
    pub question_count: u32,
    pub shuffle: bool,
    /// Score (percent) needed to pass.
    pub pass_pct: u32,
    pub max_attempts: Option<u32>,
    pub time_limit_secs: Option<u32>,
    /// Must be passed for the course to complete.
    pub required: bool,
    pub scoring: QuizScoring,
    /// When answers are shown; `None` asks for [`AnswersShown::default_for`]
    /// the attempt limit. A created quiz ([`QuizView`]) always has `Some`.
    #[serde(default)]
    pub show_answers: Option<AnswersShown>,
}

impl NewQuiz {
    /// The setting in force: the one chosen, or the default for the limit.
    pub fn answers_shown(&self) -> AnswersShown {
        self.show_answers
            .unwrap_or_else(|| AnswersShown::default_for(self.max_attempts))
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Err(error) = validation::text(&self.title, validation::TITLE) {
            errors.push(FieldError::new("title", error));
        }
        if self.question_count == 0 || self.question_count > 200 {
            errors.push(FieldError::new(
                "question_count",
                ValidationError::OutOfRange { min: 1, max: 200 },
            ));
        }
        if self.pass_pct > 100 {
            errors.push(FieldError::new(
                "pass_pct",
                ValidationError::OutOfRange { min: 0, max: 100 },
            ));
        }
        if self.max_attempts == Some(0) {
            errors.push(FieldError::new(
                "max_attempts",
                ValidationError::OutOfRange {
                    min: 1,
                    max: i64::from(u32::MAX),
                },
            ));
        }
        if self.time_limit_secs == Some(0) {
            errors.push(FieldError::new(
                "time_limit_secs",
                ValidationError::OutOfRange {
                    min: 1,
                    max: i64::from(u32::MAX),
                },
            ));
        }
        // Without a limit there is no last attempt to wait for.
        if self.show_answers == Some(AnswersShown::AfterLastAttempt) && self.max_attempts.is_none()
        {
            errors.push(FieldError::new(
                "show_answers",
                ValidationError::NeedsAttemptLimit,
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A quiz as created (what instructors and trainees see of its settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizView {
    pub id: i64,
    pub course_id: i64,
    #[serde(flatten)]
    pub settings: NewQuiz,
}

/// A question as a trainee sees it during an attempt: no answer, no explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionView {
    pub id: i64,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptView {
    pub id: i64,
    pub quiz_id: i64,
    pub started_at: DateTime<Utc>,
    pub deadline: Option<DateTime<Utc>>,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub question_id: i64,
    /// Indexes of the chosen options.
    pub chosen: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitAnswers {
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    #[serde(flatten)]
    pub question: QuestionView,
    pub chosen: Vec<u32>,
    pub correct: Vec<u32>,
    pub is_correct: bool,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptResult {
    pub attempt_id: i64,
    pub score_pct: u32,
    pub passed: bool,
    /// Whether the quiz counts as passed, by its scoring rule (best or last attempt).
    pub quiz_passed: bool,
    pub course_completed: bool,
    /// Whether the quiz's setting let this result show the answers.
    pub answers_shown: bool,
    /// Each question with the right answer, explanation and whether it was
    /// answered right; empty when `answers_shown` is false, since even the
    /// right/wrong marks would let a script find the answers by retrying.
    pub questions: Vec<QuestionResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz(max_attempts: Option<u32>, show_answers: Option<AnswersShown>) -> NewQuiz {
        NewQuiz {
            title: "结业测验".into(),
            question_count: 3,
            shuffle: false,
            pass_pct: 60,
            max_attempts,
            time_limit_secs: None,
            required: true,
            scoring: QuizScoring::Best,
            show_answers,
        }
    }

    #[test]
    fn unlimited_quizzes_show_no_answers_by_default() {
        assert_eq!(AnswersShown::default_for(None), AnswersShown::Never);
        assert_eq!(quiz(None, None).answers_shown(), AnswersShown::Never);
    }

    #[test]
    fn limited_quizzes_show_answers_after_each_attempt_by_default() {
        assert_eq!(
            AnswersShown::default_for(Some(3)),
            AnswersShown::AfterEachAttempt
        );
        assert_eq!(
            quiz(Some(1), None).answers_shown(),
            AnswersShown::AfterEachAttempt
        );
    }

    #[test]
    fn a_chosen_setting_wins_over_the_default() {
        let chosen = quiz(None, Some(AnswersShown::AfterEachAttempt));
        assert_eq!(chosen.answers_shown(), AnswersShown::AfterEachAttempt);
        let chosen = quiz(Some(2), Some(AnswersShown::Never));
        assert_eq!(chosen.answers_shown(), AnswersShown::Never);
    }

    #[test]
    fn after_the_last_attempt_needs_an_attempt_limit() {
        let errors = quiz(None, Some(AnswersShown::AfterLastAttempt)).validate();
        assert_eq!(
            errors,
            Err(vec![FieldError::new(
                "show_answers",
                ValidationError::NeedsAttemptLimit
            )])
        );
        assert_eq!(
            quiz(Some(2), Some(AnswersShown::AfterLastAttempt)).validate(),
            Ok(())
        );
    }

    #[test]
    fn the_setting_round_trips_as_snake_case() {
        for shown in AnswersShown::ALL {
            assert_eq!(AnswersShown::parse(shown.as_str()), Some(shown));
            assert_eq!(
                serde_json::to_string(&shown).ok(),
                Some(format!("\"{}\"", shown.as_str()))
            );
        }
        assert_eq!(AnswersShown::parse("sometimes"), None);
    }

    #[test]
    fn a_quiz_without_the_field_gets_the_default() {
        let json = r#"{"title":"t","question_count":1,"shuffle":false,"pass_pct":60,
            "max_attempts":null,"time_limit_secs":null,"required":false,"scoring":"best"}"#;
        let parsed: Result<NewQuiz, _> = serde_json::from_str(json);
        assert_eq!(parsed.ok().map(|q| q.show_answers), Some(None));
    }
}

//! Setting up a programme (培训计划) and the ordered stages of its pathway:
//! what national coordinators and admins create and edit, in the staff app,
//! over the API and from a set-up file on the command line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{self, FieldErrors};
use crate::{FieldError, ProgrammeId, RegionCode, RegionLevel, StageId, Track, ValidationError};

/// A programme's own fields, for creating or editing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeFields {
    /// A short stable key (`rural-leaders-2027`): lower-case letters, digits
    /// and hyphens. Set-up files name the programme by it.
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The region that runs it; `None` for a national programme.
    #[serde(default)]
    pub owner_region: Option<RegionCode>,
}

/// One stage's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageFields {
    pub title: String,
    pub track: Track,
    /// Entry requires completing the stage before it.
    #[serde(default)]
    pub requires_previous: bool,
    /// Entry requires being selected by a coordinator.
    #[serde(default)]
    pub requires_selection: bool,
    /// The coordinator level that selects (that level or above, over the
    /// candidate's home region). County by default: the county picks who
    /// goes on.
    #[serde(default = "county")]
    pub selected_by: RegionLevel,
}

fn county() -> RegionLevel {
    RegionLevel::County
}

/// A new programme and its stages, in pathway order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewProgramme {
    #[serde(flatten)]
    pub programme: ProgrammeFields,
    #[serde(default)]
    pub stages: Vec<StageFields>,
}

/// Changing a stage: its settings, and whether it is retired (offered for
/// no new class; its classes and history stay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageUpdate {
    #[serde(flatten)]
    pub stage: StageFields,
    #[serde(default)]
    pub retired: bool,
}

/// A stage as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageDetail {
    pub id: StageId,
    pub position: i32,
    #[serde(flatten)]
    pub stage: StageFields,
    pub retired: bool,
    /// Classes or selections refer to it: it can be retired, not deleted.
    pub in_use: bool,
}

/// A programme with its stages, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeDetail {
    pub id: ProgrammeId,
    #[serde(flatten)]
    pub programme: ProgrammeFields,
    pub stages: Vec<StageDetail>,
}

/// The most stages a pathway may have.
pub const MAX_STAGES: usize = 20;
/// A programme lasts at most this many years.
pub const MAX_PROGRAMME_YEARS: i64 = 10;
const CODE_MIN: u32 = 2;
const CODE_MAX: u32 = 40;

/// A programme code: 2–40 of `a-z`, `0-9` and `-`, starting with a letter
/// or digit.
pub fn programme_code(raw: &str) -> Result<(), ValidationError> {
    let len = raw.chars().count() as u32;
    if raw.is_empty() {
        return Err(ValidationError::Required);
    }
    if len < CODE_MIN {
        return Err(ValidationError::TooShort { min: CODE_MIN });
    }
    if len > CODE_MAX {
        return Err(ValidationError::TooLong { max: CODE_MAX });
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if !raw.chars().all(allowed) || raw.starts_with('-') {
        return Err(ValidationError::InvalidCharacters);
    }
    Ok(())
}

impl ProgrammeFields {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        self.check(&mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into_vec())
        }
    }

    fn check(&self, errors: &mut FieldErrors) {
        errors.check("code", programme_code(&self.code));
        errors.check("title", validation::text(&self.title, validation::TITLE));
        errors.check(
            "summary",
            validation::text(&self.summary, validation::SUMMARY),
        );
        errors.check("starts_on", validation::date_in_range(self.starts_on));
        errors.check("ends_on", validation::date_in_range(self.ends_on));
        if self.ends_on < self.starts_on {
            errors.push("ends_on", ValidationError::EndsBeforeStart);
        } else if (self.ends_on - self.starts_on).num_days() > MAX_PROGRAMME_YEARS * 366 {
            errors.push(
                "ends_on",
                ValidationError::OutOfRange {
                    min: 0,
                    max: MAX_PROGRAMME_YEARS * 366,
                },
            );
        }
    }
}

impl StageFields {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        self.check("", &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into_vec())
        }
    }

    /// `prefix` names the stage in a list (`stages[2].`), empty alone.
    fn check(&self, prefix: &str, errors: &mut FieldErrors) {
        errors.check(
            &format!("{prefix}title"),
            validation::text(&self.title, validation::TITLE),
        );
        if self.selected_by == RegionLevel::Village {
            errors.push(
                &format!("{prefix}selected_by"),
                ValidationError::OutOfRange { min: 0, max: 0 },
            );
        }
    }
}

impl NewProgramme {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        self.programme.check(&mut errors);
        if self.stages.len() > MAX_STAGES {
            errors.push(
                "stages",
                ValidationError::OutOfRange {
                    min: 0,
                    max: MAX_STAGES as i64,
                },
            );
        }
        for (i, stage) in self.stages.iter().enumerate().take(MAX_STAGES) {
            stage.check(&format!("stages[{i}]."), &mut errors);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into_vec())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn programme() -> ProgrammeFields {
        ProgrammeFields {
            code: "rural-leaders-2027".into(),
            title: "乡村振兴带头人培训（2027）".into(),
            summary: String::new(),
            starts_on: date(2027, 1, 1),
            ends_on: date(2027, 12, 31),
            owner_region: None,
        }
    }

    #[test]
    fn codes_are_short_lower_case_keys() {
        assert_eq!(programme_code("rural-2027"), Ok(()));
        assert_eq!(programme_code(""), Err(ValidationError::Required));
        assert_eq!(
            programme_code("a"),
            Err(ValidationError::TooShort { min: 2 })
        );
        assert_eq!(
            programme_code("Rural"),
            Err(ValidationError::InvalidCharacters)
        );
        assert_eq!(
            programme_code("-x"),
            Err(ValidationError::InvalidCharacters)
        );
        assert_eq!(
            programme_code("乡村"),
            Err(ValidationError::InvalidCharacters)
        );
    }

    #[test]
    fn a_programme_runs_forwards_within_ten_years() {
        assert_eq!(programme().validate(), Ok(()));
        let backwards = ProgrammeFields {
            ends_on: date(2026, 1, 1),
            ..programme()
        };
        assert!(backwards.validate().is_err());
        let endless = ProgrammeFields {
            ends_on: date(2099, 1, 1),
            ..programme()
        };
        assert!(endless.validate().is_err());
    }

    #[test]
    fn stage_fields_default_to_county_selection_and_are_named_in_errors() {
        let json = r#"{"code":"ab","title":"t","starts_on":"2027-01-01","ends_on":"2027-02-01",
            "stages":[{"title":"线上学习","track":"online"},{"title":"","track":"offline"}]}"#;
        let parsed: NewProgramme = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.stages[0].selected_by, RegionLevel::County);
        let errors = parsed.validate().err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "stages[1].title");
    }
}

//! Input rules without I/O. The server parses every request through these;
//! the browser runs the same functions to explain problems before sending.

use crate::{FieldError, RegionCode, ValidationError};

pub const NAME_MAX_CHARS: u32 = 30;
pub const PASSWORD_MIN_CHARS: u32 = 8;
pub const PASSWORD_MAX_CHARS: u32 = 64;

/// A person's display name: trimmed, 1–30 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let name = raw.trim();
        let chars = name.chars().count() as u32;
        if chars == 0 {
            Err(ValidationError::Required)
        } else if chars > NAME_MAX_CHARS {
            Err(ValidationError::TooLong {
                max: NAME_MAX_CHARS,
            })
        } else if name.chars().any(char::is_control) {
            Err(ValidationError::InvalidCharacters)
        } else {
            Ok(PersonName(name.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A mainland China mobile number: 11 digits, `1` then `3`–`9`.
/// Spaces and dashes people type between groups are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mobile(String);

impl Mobile {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err(ValidationError::Required);
        }
        let bytes = digits.as_bytes();
        let well_formed = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if well_formed {
            Ok(Mobile(digits))
        } else {
            Err(ValidationError::InvalidMobile)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A new password: 8–64 characters with at least one letter and one digit.
/// Not trimmed: every character the person typed counts.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(**redacted**)")
    }
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let chars = raw.chars().count() as u32;
        if chars == 0 {
            Err(ValidationError::Required)
        } else if chars < PASSWORD_MIN_CHARS {
            Err(ValidationError::TooShort {
                min: PASSWORD_MIN_CHARS,
            })
        } else if chars > PASSWORD_MAX_CHARS {
            Err(ValidationError::TooLong {
                max: PASSWORD_MAX_CHARS,
            })
        } else if raw.chars().any(char::is_control) {
            Err(ValidationError::InvalidCharacters)
        } else if !(raw.chars().any(char::is_alphabetic) && raw.chars().any(|c| c.is_ascii_digit()))
        {
            Err(ValidationError::WeakPassword)
        } else {
            Ok(Password(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Parses a region code field, reporting an empty one as missing.
pub fn parse_region_code(raw: &str) -> Result<RegionCode, ValidationError> {
    if raw.trim().is_empty() {
        return Err(ValidationError::Required);
    }
    RegionCode::parse(raw).map_err(|_| ValidationError::InvalidRegionCode)
}

/// Collects field errors while parsing a form, so all problems are reported at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn check<T>(&mut self, field: &str, result: Result<T, ValidationError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(FieldError::new(field, error));
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, error: ValidationError) {
        self.0.push(FieldError::new(field, error));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// `Ok` when nothing was wrong, else every problem found.
    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  张三 ").map(PersonName::into_inner),
            Ok("张三".to_owned())
        );
        assert_eq!(PersonName::parse("   "), Err(ValidationError::Required));
        assert_eq!(
            PersonName::parse(&"李".repeat(31)),
            Err(ValidationError::TooLong {
                max: NAME_MAX_CHARS
            })
        );
        assert_eq!(
            PersonName::parse("a\u{0007}b"),
            Err(ValidationError::InvalidCharacters)
        );
    }

    #[test]
    fn mobiles_are_eleven_digits_starting_1_then_3_to_9() {
        assert_eq!(
            Mobile::parse("138 0013 8000").map(Mobile::into_inner),
            Ok("13800138000".to_owned())
        );
        assert_eq!(Mobile::parse(""), Err(ValidationError::Required));
        for bad in [
            "12800138000",
            "1380013800",
            "138001380001",
            "1380013800a",
            "23800138000",
        ] {
            assert_eq!(
                Mobile::parse(bad),
                Err(ValidationError::InvalidMobile),
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_need_length_a_letter_and_a_digit() {
        assert!(Password::parse("farm2024").is_ok());
        assert!(Password::parse("农业合作社2024").is_ok());
        assert_eq!(
            Password::parse("a1"),
            Err(ValidationError::TooShort {
                min: PASSWORD_MIN_CHARS
            })
        );
        assert_eq!(
            Password::parse("abcdefgh"),
            Err(ValidationError::WeakPassword)
        );
        assert_eq!(
            Password::parse("12345678"),
            Err(ValidationError::WeakPassword)
        );
        assert_eq!(
            Password::parse(&"a1".repeat(33)),
            Err(ValidationError::TooLong {
                max: PASSWORD_MAX_CHARS
            })
        );
    }

    #[test]
    fn reset_codes_are_read_as_typed_over_the_phone() {
        assert_eq!(
            ResetCode::parse(" k7m2-x9pq ").map(|c| c.expose().to_owned()),
            Ok("K7M2X9PQ".to_owned())
        );
        assert_eq!(
            ResetCode::parse("K7M2X9P0"),
            Err(ValidationError::InvalidCharacters)
        );
        assert_eq!(
            ResetCode::parse("K7M2"),
            Err(ValidationError::TooShort { min: 8 })
        );
        assert_eq!(ResetCode::parse(" "), Err(ValidationError::Required));
    }

    #[test]
    fn password_debug_output_hides_the_secret() {
        let shown = Password::parse("farm2024")
            .map(|p| format!("{p:?}"))
            .unwrap_or_default();
        assert!(!shown.contains("farm2024"));
    }
}

/// How long a piece of free text may be, and whether it may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    pub max_chars: u32,
    pub required: bool,
    /// Line breaks and tabs allowed (other control characters never are).
    pub multiline: bool,
}

/// Titles of courses, modules, lessons, quizzes and classes.
pub const TITLE: TextRule = TextRule {
    max_chars: 200,
    required: true,
    multiline: false,
};
/// A course's category.
pub const CATEGORY: TextRule = TextRule {
    max_chars: 50,
    required: true,
    multiline: false,
};
/// A course's summary.
pub const SUMMARY: TextRule = TextRule {
    max_chars: 2_000,
    required: false,
    multiline: true,
};
/// An article's Markdown text: a long chapter, not a book.
pub const ARTICLE_BODY: TextRule = TextRule {
    max_chars: 50_000,
    required: true,
    multiline: true,
};
/// A question's prompt or explanation.
pub const QUESTION_TEXT: TextRule = TextRule {
    max_chars: 1_000,
    required: true,
    multiline: true,
};
/// One answer option of a question.
pub const OPTION_TEXT: TextRule = TextRule {
    max_chars: 200,
    required: true,
    multiline: false,
};

/// Checks free text against `rule` (trimmed first): required, length in
/// characters, and no control characters (NUL and the like) — except line
/// breaks and tabs where the rule allows lines.
pub fn text(raw: &str, rule: TextRule) -> Result<(), ValidationError> {
    let text = raw.trim();
    if text.is_empty() {
        return if rule.required {
            Err(ValidationError::Required)
        } else {
            Ok(())
        };
    }
    if text.chars().count() > rule.max_chars as usize {
        return Err(ValidationError::TooLong {
            max: rule.max_chars,
        });
    }
    let allowed = |c: char| rule.multiline && matches!(c, '\n' | '\r' | '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(ValidationError::InvalidCharacters);
    }
    Ok(())
}

/// Why a name was changed (kept in the audit trail).
pub const CHANGE_REASON: TextRule = TextRule {
    max_chars: 200,
    required: true,
    multiline: false,
};

/// The characters of a password reset code: digits and capitals without
/// look-alikes (no 0/O, 1/I/L), so a code read out over the phone is typed
/// right.
pub const RESET_CODE_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const RESET_CODE_CHARS: u32 = 8;

/// A password reset code as typed: spaces and dashes ignored, lower case
/// taken as upper case, then exactly [`RESET_CODE_CHARS`] characters of
/// [`RESET_CODE_ALPHABET`].
#[derive(Clone, PartialEq, Eq)]
pub struct ResetCode(String);

impl std::fmt::Debug for ResetCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResetCode(**redacted**)")
    }
}

impl ResetCode {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let code: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let chars = code.chars().count() as u32;
        if chars == 0 {
            Err(ValidationError::Required)
        } else if !code.chars().all(|c| RESET_CODE_ALPHABET.contains(c)) {
            Err(ValidationError::InvalidCharacters)
        } else if chars < RESET_CODE_CHARS {
            Err(ValidationError::TooShort {
                min: RESET_CODE_CHARS,
            })
        } else if chars > RESET_CODE_CHARS {
            Err(ValidationError::TooLong {
                max: RESET_CODE_CHARS,
            })
        } else {
            Ok(ResetCode(code))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The longest lesson media (and resume position): a day.
pub const MAX_MEDIA_SECS: u32 = 24 * 3600;
/// The most a reading page can report as visible in one report: an hour.
pub const MAX_VISIBLE_MS: u64 = 3_600_000;

/// The years anything in the programme can happen in.
pub const EARLIEST_YEAR: i32 = 2000;
pub const LATEST_YEAR: i32 = 2100;
/// A class runs at most this many days (a programme lasts three years).
pub const MAX_CLASS_DAYS: i64 = 3 * 366;
/// A session lasts at most a day.
pub const MAX_SESSION_HOURS: i64 = 24;

fn year_in_range(year: i32) -> Result<(), ValidationError> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(ValidationError::OutOfRange {
            min: i64::from(EARLIEST_YEAR),
            max: i64::from(LATEST_YEAR),
        })
    }
}

/// A date within the programme's years.
pub fn date_in_range(date: chrono::NaiveDate) -> Result<(), ValidationError> {
    use chrono::Datelike;
    year_in_range(date.year())
}

/// A month as `yyyymm`, within the programme's years.
pub fn year_month(month: i32) -> Result<(), ValidationError> {
    let (year, number) = (month / 100, month % 100);
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&year) && (1..=12).contains(&number) {
        Ok(())
    } else {
        Err(ValidationError::OutOfRange {
            min: i64::from(EARLIEST_YEAR) * 100 + 1,
            max: i64::from(LATEST_YEAR) * 100 + 12,
        })
    }
}

/// A class's dates: within the programme's years, in order, and at most
/// [`MAX_CLASS_DAYS`] long. Problems are keyed by field.
pub fn class_dates(
    starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate,
    errors: &mut FieldErrors,
) {
    use chrono::Datelike;
    errors.check("starts_on", year_in_range(starts_on.year()));
    errors.check("ends_on", year_in_range(ends_on.year()));
    if ends_on < starts_on {
        errors.push("ends_on", ValidationError::EndsBeforeStart);
    } else if (ends_on - starts_on).num_days() > MAX_CLASS_DAYS {
        errors.push(
            "ends_on",
            ValidationError::OutOfRange {
                min: 0,
                max: MAX_CLASS_DAYS,
            },
        );
    }
}

/// Whether an instant falls on a class's days (`first`..=`last`), with the
/// day's slack either side that [`session_times`] explains. The one rule for
/// adding or moving a session and for changing a class's dates.
pub fn on_class_days(
    at: chrono::DateTime<chrono::Utc>,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
) -> bool {
    let slack = chrono::Duration::days(1);
    at.date_naive() >= first - slack && at.date_naive() <= last + slack
}

/// A session's times: in order, at most [`MAX_SESSION_HOURS`] long, and on
/// the class's days. A class's days are calendar dates without a time zone,
/// so a day's slack either side lets any time zone's reading of them pass
/// while a session weeks away does not.
pub fn session_times(
    starts_at: chrono::DateTime<chrono::Utc>,
    ends_at: chrono::DateTime<chrono::Utc>,
    class_days: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    errors: &mut FieldErrors,
) {
    use chrono::Datelike;
    errors.check("starts_at", year_in_range(starts_at.year()));
    errors.check("ends_at", year_in_range(ends_at.year()));
    if ends_at <= starts_at {
        errors.push("ends_at", ValidationError::EndsBeforeStart);
    } else if (ends_at - starts_at).num_hours() >= MAX_SESSION_HOURS {
        errors.push(
            "ends_at",
            ValidationError::OutOfRange {
                min: 0,
                max: MAX_SESSION_HOURS,
            },
        );
    }
    if let Some((first, last)) = class_days {
        let outside = |at| !on_class_days(at, first, last);
        if outside(starts_at) {
            errors.push("starts_at", ValidationError::OutsideClassDates);
        }
        if outside(ends_at) {
            errors.push("ends_at", ValidationError::OutsideClassDates);
        }
    }
}

#[cfg(test)]
mod text_and_date_tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;

    #[test]
    fn text_refuses_control_characters_and_overlong_input() {
        assert_eq!(text("水稻种植", TITLE), Ok(()));
        assert_eq!(text("  ", TITLE), Err(ValidationError::Required));
        assert_eq!(text("", SUMMARY), Ok(()), "optional");
        assert_eq!(text("a\0b", TITLE), Err(ValidationError::InvalidCharacters));
        assert_eq!(text("a\nb", TITLE), Err(ValidationError::InvalidCharacters));
        assert_eq!(text("第一段\n\n第二段\t", SUMMARY), Ok(()));
        assert_eq!(
            text("a\u{7}b", SUMMARY),
            Err(ValidationError::InvalidCharacters)
        );
        assert_eq!(
            text(&"字".repeat(201), TITLE),
            Err(ValidationError::TooLong { max: 200 })
        );
        assert_eq!(
            text(&"字".repeat(200), TITLE),
            Ok(()),
            "characters, not bytes"
        );
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn class_dates_stay_in_the_programme_s_years_and_length() {
        let mut ok = FieldErrors::default();
        class_dates(day(2027, 3, 1), day(2027, 3, 3), &mut ok);
        assert!(ok.is_empty());
        let mut wild = FieldErrors::default();
        class_dates(day(1, 1, 1), day(9999, 12, 31), &mut wild);
        assert_eq!(wild.into_vec().len(), 3, "both years and the length");
        let mut backwards = FieldErrors::default();
        class_dates(day(2027, 3, 3), day(2027, 3, 1), &mut backwards);
        assert_eq!(
            backwards.into_vec(),
            vec![FieldError::new("ends_on", ValidationError::EndsBeforeStart)]
        );
    }

    #[test]
    fn sessions_fall_on_the_class_s_days_and_last_at_most_a_day() {
        let at = |y, mo, d, h| {
            Utc.with_ymd_and_hms(y, mo, d, h, 0, 0)
                .single()
                .unwrap_or_default()
        };
        let days = Some((day(2027, 3, 1), day(2027, 3, 3)));
        let mut ok = FieldErrors::default();
        session_times(at(2027, 3, 1, 1), at(2027, 3, 1, 3), days, &mut ok);
        assert!(ok.is_empty());
        // 08:00 on 1 March in China is still 28 February in UTC.
        let mut early = FieldErrors::default();
        session_times(at(2027, 2, 28, 23), at(2027, 3, 1, 1), days, &mut early);
        assert!(early.is_empty());
        let mut century = FieldErrors::default();
        session_times(at(2027, 3, 1, 1), at(2127, 3, 1, 3), days, &mut century);
        let fields: Vec<String> = century.into_vec().into_iter().map(|e| e.field).collect();
        assert!(fields.contains(&"ends_at".to_owned()), "{fields:?}");
        let mut outside = FieldErrors::default();
        session_times(at(2027, 4, 1, 1), at(2027, 4, 1, 3), days, &mut outside);
        assert_eq!(outside.into_vec().len(), 2);
    }
}

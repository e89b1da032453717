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
    fn password_debug_output_hides_the_secret() {
        let shown = Password::parse("farm2024")
            .map(|p| format!("{p:?}"))
            .unwrap_or_default();
        assert!(!shown.contains("farm2024"));
    }
}

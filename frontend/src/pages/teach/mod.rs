//! Instructors' pages, under `/teach/`: only in the staff bundle.

mod checkin_screen;
mod device_codes;
// Offline classes: creating one with its first session, and managing one.
mod attendance;
mod candidates;
mod class_certificates;
mod class_changes;
mod class_courses;
mod class_manage;
mod class_progress;
mod class_staff;
mod classes;
pub(crate) mod local_time;
mod roster_import;
// Course authoring, under `/teach/courses`.
mod course_editor;
mod course_order;
mod courses;
mod lesson_form;
mod quiz_builder;

pub use checkin_screen::CheckinScreen;
pub use class_manage::TeachClassPage;
pub use classes::TeachClasses;
pub use course_editor::CourseEditor;
pub use courses::TeachCourses;

use local_time::{from_local_input, local_time, now, to_local_input};

use cultivator_shared::{FieldError, ValidationError};

/// "1.5" → 15 tenths of an hour; `None` unless a number with at most one decimal.
pub fn parse_tenths(text: &str) -> Option<u32> {
    let text = text.trim();
    let (whole, tenth) = text.split_once('.').unwrap_or((text, "0"));
    if whole.is_empty() || tenth.len() != 1 {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let tenth: u32 = tenth.parse().ok()?;
    whole.checked_mul(10)?.checked_add(tenth)
}

/// A whole number typed in `field`, or an error for it. Blank is `Ok(None)`.
pub fn parse_number(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldError::new(
                field,
                ValidationError::OutOfRange {
                    min: 0,
                    max: i64::from(u32::MAX),
                },
            ));
            None
        }
    }
}

/// The field errors a failed call carries (none for other failures).
pub fn field_errors(error: &crate::api::ApiError) -> Vec<FieldError> {
    match error {
        crate::api::ApiError::Api { body, .. } => body.fields.clone(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_hours_take_one_decimal_at_most() {
        assert_eq!(parse_tenths("2"), Some(20));
        assert_eq!(parse_tenths(" 1.5 "), Some(15));
        assert_eq!(parse_tenths("1.25"), None);
        assert_eq!(parse_tenths("abc"), None);
        assert_eq!(parse_tenths(""), None);
    }
}

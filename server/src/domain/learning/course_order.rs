//! Reordering a course's modules and lessons, and editing a lesson, also
//! after the course is published. Neither creates nor deletes a lesson, and
//! progress rows belong to lessons by id, so nobody's progress, completion or
//! credit hours change. A trainee who already completed the course stays
//! completed (completion is recorded once); one who has not is judged by the
//! course as it now is.

use std::collections::HashSet;

use cultivator_shared::api::authoring::{CourseOrder, LessonDraft};
use cultivator_shared::{CourseId, LessonId};

use crate::db::{self, courses};
use crate::domain::learning::authoring::AuthoringError;
use crate::domain::learning::reading;

/// Puts the course's modules and lessons in the order given, in one
/// transaction. The order must name every module and every lesson of the
/// course exactly once; anything else (a stale view, another course's lesson)
/// is refused as a conflict and changes nothing.
pub async fn reorder(
    db: &sea_orm::DatabaseConnection,
    course: CourseId,
    order: CourseOrder,
) -> Result<(), AuthoringError> {
    let txn = db::begin_write(db).await?;
    let (modules, lessons) = courses::structure(&txn, course).await?;
    let named_modules: Vec<i64> = order.modules.iter().map(|m| m.id.0).collect();
    let named_lessons: Vec<i64> = order
        .modules
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| l.0))
        .collect();
    if !same_set(&named_modules, &modules) || !same_set(&named_lessons, &lessons) {
        return Err(AuthoringError::OrderMismatch);
    }
    for (module_position, module) in (1..).zip(&order.modules) {
        courses::place_module(&txn, module.id.0, module_position).await?;
        for (position, lesson) in (1..).zip(&module.lessons) {
            courses::place_lesson(&txn, lesson.0, module.id.0, position).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// True when `named` lists each of `actual` exactly once and nothing else.
fn same_set(named: &[i64], actual: &[i64]) -> bool {
    let unique: HashSet<i64> = named.iter().copied().collect();
    unique.len() == named.len()
        && named.len() == actual.len()
        && actual.iter().all(|id| unique.contains(id))
}

/// Edits a lesson's title, whether it is required, a video's length and an
/// article's text. Its kind cannot change: progress already made in a video
/// means nothing for a document.
pub async fn edit_lesson(
    db: &sea_orm::DatabaseConnection,
    lesson: LessonId,
    draft: LessonDraft,
) -> Result<(), AuthoringError> {
    draft.validate().map_err(AuthoringError::Invalid)?;
    let txn = db::begin_write(db).await?;
    let current = courses::lesson(&txn, lesson.0)
        .await?
        .ok_or(AuthoringError::NotFound)?;
    if current.kind != draft.kind.as_str() {
        return Err(AuthoringError::KindChange);
    }
    let length = reading::stored_length_secs(&draft);
    courses::update_lesson(&txn, current, draft, length).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::same_set;

    #[test]
    fn an_order_must_name_everything_exactly_once() {
        assert!(same_set(&[3, 1, 2], &[1, 2, 3]));
        assert!(!same_set(&[1, 2], &[1, 2, 3]), "a lesson left out");
        assert!(!same_set(&[1, 2, 2], &[1, 2, 3]), "a lesson twice");
        assert!(!same_set(&[1, 2, 4], &[1, 2, 3]), "another course's lesson");
        assert!(!same_set(&[1, 2, 3, 4], &[1, 2, 3]));
        assert!(same_set(&[], &[]));
    }
}

//! The one way a route authorises editing a course (and its modules, lessons,
//! media, question bank and quizzes): ask who authors it, then apply
//! `permissions::authorize_course_edit`.

use cultivator_shared::CourseId;

use super::CurrentUser;
use super::permissions::authorize_course_edit;
use crate::domain::learning::authoring;
use crate::{ApiError, AppState};

/// Checks that `user` may edit `course`: 404 if there is no such course, 403
/// unless they author it or are an admin.
pub async fn authorize_course_editor(
    state: &AppState,
    user: &CurrentUser,
    course: CourseId,
) -> Result<(), ApiError> {
    authorize_course_edit(user, authoring::author_of(&state.db, course).await?)
}

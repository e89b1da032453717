//! The one way a route authorises editing a course (and its modules, lessons,
//! media, question bank and quizzes): ask who authors it, then apply
//! `permissions::authorize_course_edit`. And the one way a route decides
//! whether a course is there at all for the asking user.

use cultivator_shared::{CourseId, PublishState};

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

/// Checks that `course` is visible to `user` (`None`: not signed in): a
/// published course to everyone, a draft to those who may edit it. Anything
/// else is 404, the same as a course that does not exist, so drafts are not
/// discovered by trying ids.
pub async fn authorize_course_viewer(
    state: &AppState,
    user: Option<&CurrentUser>,
    course: CourseId,
) -> Result<(), ApiError> {
    let (author, publish) = authoring::author_and_state(&state.db, course).await?;
    let may_edit = user.is_some_and(|u| authorize_course_edit(u, author).is_ok());
    if publish == PublishState::Published || may_edit {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

//! Every authorisation rule in one place: what each role may do.

use cultivator_shared::Role;

use super::CurrentUser;
use crate::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// List accounts and change the roles they hold.
    ManageUsers,
    /// Enrol in online courses, learn in them and see one's own credit hours.
    LearnOnline,
    /// Create courses and edit them: their lessons, question banks and quizzes.
    AuthorCourses,
}

pub fn can(user: &CurrentUser, action: Action) -> bool {
    match action {
        Action::ManageUsers => user.has_role(Role::Admin),
        Action::LearnOnline => user.has_role(Role::Trainee),
        Action::AuthorCourses => user.has_role(Role::Instructor) || user.has_role(Role::Admin),
    }
}

pub fn authorize(user: &CurrentUser, action: Action) -> Result<(), ApiError> {
    if can(user, action) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Editing one course: its author, or an admin.
pub fn authorize_course_edit(
    user: &CurrentUser,
    author: cultivator_shared::UserId,
) -> Result<(), ApiError> {
    authorize(user, Action::AuthorCourses)?;
    if user.id == author || user.has_role(Role::Admin) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

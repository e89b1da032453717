//! Every authorisation rule in one place: what each role may do.

use cultivator_shared::Role;

use super::CurrentUser;
use crate::ApiError;
use crate::domain::classes::setup::ClassStaff;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// List accounts and change the roles they hold.
    ManageUsers,
    /// Enrol in online courses, learn in them and see one's own credit hours.
    LearnOnline,
    /// Create courses and edit them: their lessons, question banks and quizzes.
    AuthorCourses,
    /// Create a class (instructors, coordinators and admins).
    CreateClass,
    /// Apply to a class: only accounts holding the trainee role (every
    /// registered person does; staff accounts made without it do not).
    ApplyToClass,
}

pub fn can(user: &CurrentUser, action: Action) -> bool {
    match action {
        Action::ManageUsers => user.has_role(Role::Admin),
        Action::LearnOnline => user.has_role(Role::Trainee),
        Action::AuthorCourses => user.has_role(Role::Instructor) || user.has_role(Role::Admin),
        Action::CreateClass => {
            user.has_role(Role::Instructor)
                || user.has_role(Role::Coordinator)
                || user.has_role(Role::Admin)
        }
        Action::ApplyToClass => user.has_role(Role::Trainee),
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

/// Manage a class (sessions, roster decisions, check-in, attendance): its
/// creator and instructors, admins, and coordinators whose region contains
/// the class's region (a national coordinator's contains every region).
pub fn can_manage_class(user: &CurrentUser, staff: &ClassStaff) -> bool {
    user.has_role(Role::Admin)
        || staff.created_by == user.id
        || staff.instructors.contains(&user.id)
        || user.roles.iter().any(|grant| {
            grant.role == Role::Coordinator
                && grant
                    .scope
                    .as_ref()
                    .is_none_or(|scope| staff.region.is_within(scope))
        })
}

pub fn authorize_class(user: &CurrentUser, staff: &ClassStaff) -> Result<(), ApiError> {
    if can_manage_class(user, staff) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

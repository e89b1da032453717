//! Every authorisation rule in one place: what each role may do.

use cultivator_shared::Role;

use super::CurrentUser;
use crate::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// List accounts and change the roles they hold.
    ManageUsers,
}

pub fn can(user: &CurrentUser, action: Action) -> bool {
    match action {
        Action::ManageUsers => user.has_role(Role::Admin),
    }
}

pub fn authorize(user: &CurrentUser, action: Action) -> Result<(), ApiError> {
    if can(user, action) { Ok(()) } else { Err(ApiError::Forbidden) }
}

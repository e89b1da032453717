//! Wire types of account administration.

use serde::{Deserialize, Serialize};

use crate::{FieldError, RoleGrant, ValidationError};

/// Replaces every role a user holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetRolesRequest {
    pub roles: Vec<RoleGrant>,
}

impl SetRolesRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let bad: Vec<FieldError> = self
            .roles
            .iter()
            .enumerate()
            .filter(|(_, grant)| !grant.is_well_formed())
            .map(|(i, _)| FieldError::new(&format!("roles[{i}]"), ValidationError::ScopeMismatch))
            .collect();
        if self.roles.is_empty() {
            return Err(vec![FieldError::new("roles", ValidationError::Required)]);
        }
        if bad.is_empty() { Ok(()) } else { Err(bad) }
    }
}

/// Filters the account list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UserSearch {
    /// Part of a name or mobile number.
    pub q: Option<String>,
    /// At most this many items (1–100, default 20).
    #[serde(default, deserialize_with = "super::paging::limit")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// Skip this many items first (at most 2^63 − 1).
    #[serde(default, deserialize_with = "super::paging::offset")]
    pub offset: Option<u64>,
}

//! Who a user is in the system. A user holds one or more role grants; a
//! coordinator's grant carries the region they manage.

use serde::{Deserialize, Serialize};

use crate::RegionCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Trainee,
    Instructor,
    Coordinator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Trainee, Role::Instructor, Role::Coordinator, Role::Admin];

    /// The stable name used in the database and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Trainee => "trainee",
            Role::Instructor => "instructor",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Only coordinators act within a region; every other role is global.
    pub fn needs_scope(self) -> bool {
        matches!(self, Role::Coordinator)
    }
}

/// One role held by a user; `scope` is the managed region for coordinators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<RegionCode>,
}

impl RoleGrant {
    pub fn global(role: Role) -> Self {
        Self { role, scope: None }
    }

    pub fn coordinator(scope: RegionCode) -> Self {
        Self { role: Role::Coordinator, scope: Some(scope) }
    }

    /// A coordinator grant must name a region; other grants must not.
    pub fn is_well_formed(&self) -> bool {
        self.role.needs_scope() == self.scope.is_some()
    }
}

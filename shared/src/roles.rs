//! Who a user is in the system. A user holds one or more role grants; a
//! coordinator's or an instructor's grant carries the region they work in (a
//! coordinator manages it, an instructor runs classes there), or none for
//! the whole country.

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
    pub const ALL: [Role; 4] = [
        Role::Trainee,
        Role::Instructor,
        Role::Coordinator,
        Role::Admin,
    ];

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

    /// Coordinators and instructors act within a region; trainees and
    /// admins are global.
    pub fn takes_scope(self) -> bool {
        matches!(self, Role::Coordinator | Role::Instructor)
    }
}

/// One role held by a user. For a coordinator, `scope` is the managed region;
/// for an instructor, the region they may create classes for. `None` means
/// the whole country; other roles never carry a scope.
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

    pub fn coordinator(scope: Option<RegionCode>) -> Self {
        Self {
            role: Role::Coordinator,
            scope,
        }
    }

    pub fn instructor(scope: Option<RegionCode>) -> Self {
        Self {
            role: Role::Instructor,
            scope,
        }
    }

    /// Only a coordinator or instructor grant may name a region.
    pub fn is_well_formed(&self) -> bool {
        self.role.takes_scope() || self.scope.is_none()
    }
}

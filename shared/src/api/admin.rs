//! Wire types of account administration.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::auth::UserView;
use crate::validation::{FieldErrors, Mobile, PersonName, parse_region_code};
use crate::{FieldError, RegionCode, RoleGrant, UserId, ValidationError};

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

/// An account an administrator creates for someone (who sets a password of
/// their own at first sign-in).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccountRequest {
    pub name: String,
    pub mobile: String,
    /// The person's home region, ideally a village (12 digits).
    pub region_code: String,
}

/// A [`NewAccountRequest`] whose fields have passed validation.
#[derive(Debug, Clone)]
pub struct StaffMadeAccount {
    pub name: PersonName,
    pub mobile: Mobile,
    pub region: RegionCode,
}

impl NewAccountRequest {
    pub fn validate(&self) -> Result<StaffMadeAccount, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", PersonName::parse(&self.name));
        let mobile = errors.check("mobile", Mobile::parse(&self.mobile));
        let region = errors.check("region_code", parse_region_code(&self.region_code));
        match (name, mobile, region) {
            (Some(name), Some(mobile), Some(region)) => Ok(StaffMadeAccount {
                name,
                mobile,
                region,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// A created account and its one-time password, shown once to the
/// administrator to hand over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedAccount {
    pub user: UserView,
    pub one_time_password: String,
}

/// A password reset code, shown once to the staff member who issued it, to
/// hand over in person or by phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetCodeIssued {
    pub user: UserId,
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

/// Moving a person to another home region (staff only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetRegionRequest {
    pub region_code: String,
}

impl SetRegionRequest {
    pub fn validate(&self) -> Result<RegionCode, Vec<FieldError>> {
        parse_region_code(&self.region_code).map_err(|e| vec![FieldError::new("region_code", e)])
    }
}

/// A person as staff looking them up see them: the mobile number masked for
/// all but administrators (docs/personal-data.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    pub id: UserId,
    pub name: String,
    pub mobile: String,
    pub region_path: Vec<super::regions::RegionView>,
    /// Whether the reader may issue this person a password reset code.
    pub may_reset_password: bool,
}

//! Wire types of registration, sign-in and the current user.

use serde::{Deserialize, Serialize};

use super::regions::RegionView;
use crate::validation::{FieldErrors, Mobile, Password, PersonName, parse_region_code};
use crate::{FieldError, RegionCode, RoleGrant, UserId};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub name: String,
    pub mobile: String,
    pub password: String,
    /// The trainee's home region, ideally a village (12 digits).
    pub region_code: String,
}

/// A registration whose every field has passed validation.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub name: PersonName,
    pub mobile: Mobile,
    pub password: Password,
    pub region: RegionCode,
}

impl RegisterRequest {
    /// Checks every field and reports all problems at once.
    pub fn validate(&self) -> Result<NewAccount, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", PersonName::parse(&self.name));
        let mobile = errors.check("mobile", Mobile::parse(&self.mobile));
        let password = errors.check("password", Password::parse(&self.password));
        let region = errors.check("region_code", parse_region_code(&self.region_code));
        match (name, mobile, password, region) {
            (Some(name), Some(mobile), Some(password), Some(region)) => Ok(NewAccount {
                name,
                mobile,
                password,
                region,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub mobile: String,
    pub password: String,
}

/// The signed-in user as the pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: UserId,
    pub name: String,
    pub mobile: String,
    /// Home region from province down to the registered level.
    pub region_path: Vec<RegionView>,
    pub roles: Vec<RoleGrant>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValidationError;

    #[test]
    fn registration_reports_every_bad_field_at_once() {
        let request = RegisterRequest {
            name: String::new(),
            mobile: "123".into(),
            password: "short".into(),
            region_code: "5x".into(),
        };
        let errors = request.validate().err().unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.error)).collect();
        assert_eq!(
            fields,
            vec![
                ("name", ValidationError::Required),
                ("mobile", ValidationError::InvalidMobile),
                ("password", ValidationError::TooShort { min: 8 }),
                ("region_code", ValidationError::InvalidRegionCode),
            ]
        );
    }
}

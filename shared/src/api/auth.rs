//! Wire types of registration, sign-in and the current user.

use serde::{Deserialize, Serialize};

use super::regions::RegionView;
use crate::validation::{
    CHANGE_REASON, FieldErrors, Mobile, Password, PersonName, ResetCode, parse_region_code, text,
};
use crate::{FieldError, RegionCode, RoleGrant, UserId, ValidationError};

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
    /// The account was made by an administrator or a roster import and must
    /// set a password of its own before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

/// Changing one's own password: the current one proves it is the owner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

impl ChangePasswordRequest {
    /// The new password, if it passes the registration rules and the current
    /// one was given.
    pub fn validate(&self) -> Result<Password, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if self.current_password.is_empty() {
            errors.push("current_password", ValidationError::Required);
        }
        let new = errors.check("new_password", Password::parse(&self.new_password));
        match new {
            Some(new) if errors.is_empty() => Ok(new),
            _ => Err(errors.into_vec()),
        }
    }
}

/// Setting a new password with a reset code a staff member handed over.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetWithCodeRequest {
    pub mobile: String,
    pub code: String,
    pub new_password: String,
}

/// A [`ResetWithCodeRequest`] whose fields have passed validation.
#[derive(Debug, Clone)]
pub struct CodeReset {
    pub mobile: Mobile,
    pub code: ResetCode,
    pub new_password: Password,
}

impl ResetWithCodeRequest {
    pub fn validate(&self) -> Result<CodeReset, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let mobile = errors.check("mobile", Mobile::parse(&self.mobile));
        let code = errors.check("code", ResetCode::parse(&self.code));
        let new_password = errors.check("new_password", Password::parse(&self.new_password));
        match (mobile, code, new_password) {
            (Some(mobile), Some(code), Some(new_password)) => Ok(CodeReset {
                mobile,
                code,
                new_password,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// Changing one's own name, with why (kept in the audit trail).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenameRequest {
    pub name: String,
    pub reason: String,
}

impl RenameRequest {
    /// The new name and the trimmed reason.
    pub fn validate(&self) -> Result<(PersonName, String), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", PersonName::parse(&self.name));
        let reason = errors.check("reason", text(&self.reason, CHANGE_REASON));
        match (name, reason) {
            (Some(name), Some(())) => Ok((name, self.reason.trim().to_owned())),
            _ => Err(errors.into_vec()),
        }
    }
}

/// Deleting one's own account: the password confirms it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteAccountRequest {
    pub password: String,
}

impl DeleteAccountRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        if self.password.is_empty() {
            Err(vec![FieldError::new("password", ValidationError::Required)])
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_password_follows_the_registration_rules() {
        let request = ChangePasswordRequest {
            current_password: String::new(),
            new_password: "abcdefgh".into(),
        };
        let errors = request.validate().err().unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.error)).collect();
        assert_eq!(
            fields,
            vec![
                ("current_password", ValidationError::Required),
                ("new_password", ValidationError::WeakPassword),
            ]
        );
    }

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

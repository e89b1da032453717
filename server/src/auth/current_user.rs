//! The signed-in user, loaded fresh on every request so that role changes
//! take effect at once.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use cultivator_shared::{RegionCode, Role, RoleGrant, UserId};

use super::AuthSession;
use crate::db::users;
use crate::{ApiError, AppState};

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: UserId,
    pub region: RegionCode,
    pub roles: Vec<RoleGrant>,
}

impl CurrentUser {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = AuthSession::from_request_parts(parts, state).await?;
        let id = session.user_id().await?.ok_or(ApiError::Unauthenticated)?;
        // A deleted account's session no longer signs anyone in.
        let (region, roles) = users::region_and_roles(&state.db, id)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(CurrentUser { id, region, roles })
    }
}

//! The signed-in user, loaded fresh on every request so that role changes
//! take effect at once.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use cultivator_shared::{RegionCode, Role, RoleGrant, UserId};

use super::AuthSession;
use crate::db::users::{self, SessionOwner};
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

impl From<SessionOwner> for CurrentUser {
    fn from(owner: SessionOwner) -> Self {
        CurrentUser {
            id: owner.id,
            region: owner.region,
            roles: owner.roles,
        }
    }
}

/// The id of the request's session and the time to judge its expiry by.
/// Extractors run before the handler, so the stored session is the request's
/// session: it is read joined to its account in one query rather than through
/// the session layer and then the account.
async fn session_id(parts: &mut Parts, state: &AppState) -> Result<(String, i64), ApiError> {
    let session = AuthSession::from_request_parts(parts, state).await?;
    let id = session.id().ok_or(ApiError::Unauthenticated)?;
    Ok((
        id.to_string(),
        time::OffsetDateTime::now_utc().unix_timestamp(),
    ))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (session, now) = session_id(parts, state).await?;
        // An expired session, or a deleted account's, signs no one in.
        let owner = users::by_session(&state.db, &session, now)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(owner.into())
    }
}

/// The signed-in user and the dashboard epoch, read together so that a
/// cached dashboard (the coordinator's home page) costs one query.
#[derive(Debug, Clone)]
pub struct DashboardViewer {
    pub user: CurrentUser,
    pub dashboard_epoch: i64,
}

impl FromRequestParts<AppState> for DashboardViewer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (session, now) = session_id(parts, state).await?;
        let (owner, dashboard_epoch) =
            users::by_session_with_dashboard_epoch(&state.db, &session, now)
                .await?
                .ok_or(ApiError::Unauthenticated)?;
        Ok(DashboardViewer {
            user: owner.into(),
            dashboard_epoch,
        })
    }
}

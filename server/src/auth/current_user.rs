//! The signed-in user, loaded fresh on every request so that signing out
//! and role changes take effect at once, on every node.
//!
//! An account that must still set a password of its own (made by an
//! administrator or a roster import) is refused by [`CurrentUser`] with
//! `password_change_required`: only the routes that take a [`SignedInUser`]
//! (who am I, change my password, sign out everywhere) answer it, so the
//! rule is in the type a handler asks for, not in a list of paths.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use cultivator_shared::{RegionCode, Role, RoleGrant, UserId};

use super::AuthSession;
use crate::db::epochs;
use crate::db::users::{self, SessionOwner, SignedIn};
use crate::domain::audit::Actor;
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

    /// This user acting from `address`, as the audit trail records them.
    pub fn actor(&self, address: super::ClientAddr) -> Actor {
        Actor::user(self.id, &self.roles, address.0)
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

/// Who the request's session signs in (one query: the session row joined to
/// its account and roles). Extractors run before the handler, so the stored
/// session is the request's session.
///
/// Sessions are written only when they change, so a session past half its
/// lifetime is renewed here: marked changed, it is written with a full
/// lifetime and its cookie re-sent when the response goes out. Active
/// trainees stay signed in; the write happens at most once per half lifetime.
async fn signed_in(parts: &mut Parts, state: &AppState) -> Result<SignedIn, ApiError> {
    let session = AuthSession::from_request_parts(parts, state).await?;
    let id = session.id().ok_or(ApiError::Unauthenticated)?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    // An expired session, or a deleted account's, signs no one in.
    let found = users::by_session(&state.db, &id.to_string(), now)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let half_life = i64::from(state.config.session_days) * 86_400 / 2;
    if found.expires_at - now < half_life {
        session.renew();
    }
    Ok(found)
}

/// Refuses an account that must set a password of its own first.
fn settled(found: SignedIn) -> Result<SignedIn, ApiError> {
    if found.owner.must_change_password {
        Err(ApiError::PasswordChangeRequired)
    } else {
        Ok(found)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(settled(signed_in(parts, state).await?)?.owner.into())
    }
}

/// The signed-in user even while they must set a password of their own, and
/// the session they asked with: for the few routes that must answer them.
#[derive(Debug, Clone)]
pub struct SignedInUser {
    pub user: CurrentUser,
    pub must_change_password: bool,
    /// The request's session id.
    pub session: String,
}

impl FromRequestParts<AppState> for SignedInUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let found = signed_in(parts, state).await?;
        signed_in_user(parts, state, found).await
    }
}

/// The [`SignedInUser`] that `found` describes.
async fn signed_in_user(
    parts: &mut Parts,
    state: &AppState,
    found: SignedIn,
) -> Result<SignedInUser, ApiError> {
    let session = AuthSession::from_request_parts(parts, state)
        .await?
        .id()
        .ok_or(ApiError::Unauthenticated)?
        .to_string();
    Ok(SignedInUser {
        must_change_password: found.owner.must_change_password,
        user: found.owner.into(),
        session,
    })
}

/// Who opens the app's page, if anyone is signed in, and the catalogue
/// epoch, read in the same query: the page's shared parts, cached, then
/// cost nothing more.
#[derive(Debug, Clone)]
pub struct PageViewer {
    pub reader: Option<SignedInUser>,
    pub catalogue_epoch: i64,
}

impl FromRequestParts<AppState> for PageViewer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match signed_in(parts, state).await {
            Ok(found) => Ok(PageViewer {
                catalogue_epoch: found.catalogue_epoch,
                reader: Some(signed_in_user(parts, state, found).await?),
            }),
            Err(ApiError::Unauthenticated) => Ok(PageViewer {
                reader: None,
                catalogue_epoch: epochs::catalogue(&state.db).await?,
            }),
            Err(err) => Err(err),
        }
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
        let found = settled(signed_in(parts, state).await?)?;
        Ok(DashboardViewer {
            user: found.owner.into(),
            dashboard_epoch: found.dashboard_epoch,
        })
    }
}

//! A typed view of the tower-sessions session: the only place that knows the
//! keys stored in it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use cultivator_shared::UserId;
use tower_sessions::Session;

use crate::ApiError;

use crate::db::auth_sessions::USER_ID_KEY as USER_ID;

#[derive(Debug, Clone)]
pub struct AuthSession(Session);

impl AuthSession {
    /// Binds the session to `user`, under a fresh session id so that an id
    /// planted before sign-in (session fixation) is worthless.
    pub async fn sign_in(&self, user: UserId) -> Result<(), ApiError> {
        self.0.cycle_id().await?;
        self.0.insert(USER_ID, user.0).await?;
        Ok(())
    }

    /// The session id the request's cookie names, without loading the session.
    pub fn id(&self) -> Option<tower_sessions::session::Id> {
        self.0.id()
    }

    /// Gives the session a full lifetime from now: the session layer writes
    /// it, and re-sends its cookie, when the response goes out.
    pub fn renew(&self) {
        self.0.set_expiry(self.0.expiry());
    }

    /// Deletes the session from the store and clears the cookie.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        self.0.flush().await?;
        Ok(())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .map(AuthSession)
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("session layer missing")))
    }
}

//! The signed-in user for the progress hot path, without a database read per
//! request. [`CurrentUser`] reads the session joined to the account and its
//! roles on every request; at tens of thousands of progress reports a second
//! that read costs about as much as storing the reports. [`RecentUser`] remembers,
//! per session id and for [`TTL`], who the session belonged to.
//!
//! Why this stays correct when several nodes share one database: the cache
//! only answers "whose session is this", never "does it still exist". The
//! session id travels with the report, and the progress writer checks, inside
//! the transaction that stores the report, that the session row still exists
//! and has not expired (one `IN` query per batch). So signing out or being
//! signed out on any node takes effect for the very next report. The writer
//! also reads, in the same transaction, who still holds the trainee role, so
//! a role taken away takes effect for the next report too.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{AuthSession, CurrentUser};
use crate::{ApiError, AppState};

/// How long a session's owner and roles are remembered.
pub const TTL: Duration = Duration::from_secs(30);
/// Beyond this many sessions, expired entries are swept on insert.
const SWEEP_ABOVE: usize = 100_000;

/// Session id → (its user, when looked up). Cheap to share.
#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, (CurrentUser, Instant)>,
    /// When expired entries were last swept out (at most once per [`TTL`],
    /// so a large live map is not scanned on every insert).
    swept: Option<Instant>,
}

impl SessionCache {
    fn get(&self, session: &str) -> Option<CurrentUser> {
        let entries = self.entries.lock().ok()?;
        entries
            .map
            .get(session)
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(user, _)| user.clone())
    }

    fn put(&self, session: String, user: CurrentUser) {
        if let Ok(mut entries) = self.entries.lock() {
            let due = entries.swept.is_none_or(|at| at.elapsed() >= TTL);
            if entries.map.len() >= SWEEP_ABOVE && due {
                entries.map.retain(|_, (_, at)| at.elapsed() < TTL);
                entries.swept = Some(Instant::now());
            }
            entries.map.insert(session, (user, Instant::now()));
        }
    }
}

/// The signed-in user, possibly remembered from a recent request, and the
/// session id that the caller must re-check where it writes.
#[derive(Debug, Clone)]
pub struct RecentUser {
    pub user: CurrentUser,
    pub session: String,
}

impl FromRequestParts<AppState> for RecentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = AuthSession::from_request_parts(parts, state)
            .await?
            .id()
            .ok_or(ApiError::Unauthenticated)?
            .to_string();
        if let Some(user) = state.sessions.get(&session) {
            return Ok(RecentUser { user, session });
        }
        let user = CurrentUser::from_request_parts(parts, state).await?;
        state.sessions.put(session.clone(), user.clone());
        Ok(RecentUser { user, session })
    }
}

#[cfg(test)]
mod tests {
    use cultivator_shared::{RegionCode, RoleGrant, UserId};

    use super::*;

    fn user(id: i64) -> CurrentUser {
        CurrentUser {
            id: UserId(id),
            region: RegionCode::parse("51").unwrap_or_else(|_| panic!("region")),
            roles: vec![RoleGrant::global(cultivator_shared::Role::Trainee)],
        }
    }

    #[test]
    fn a_session_is_remembered_for_its_own_user_only() {
        let cache = SessionCache::default();
        assert!(cache.get("a").is_none());
        cache.put("a".into(), user(1));
        cache.put("b".into(), user(2));
        assert_eq!(cache.get("a").map(|u| u.id), Some(UserId(1)));
        assert_eq!(cache.get("b").map(|u| u.id), Some(UserId(2)));
        assert!(cache.get("c").is_none());
    }
}

//! The one way a class-scoped route authorises a class manager: load the
//! class, ask who stands behind it, and apply `permissions::can_manage_class`.
//! Routes under `/classes/{id}/…` take [`ManagedClass`] as an extractor; routes
//! that reach a class through something else (a session, an enrollment, a
//! roster import) find its id and call [`ManagedClass::authorize`].

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use cultivator_shared::ClassId;
use serde::Deserialize;

use super::CurrentUser;
use super::permissions::{authorize_class, can_manage_class};
use crate::db::classes;
use crate::domain::classes::setup;
use crate::{ApiError, AppState};

/// A class the signed-in user may manage, and that user.
#[derive(Debug, Clone)]
pub struct ManagedClass {
    pub class: classes::Model,
    /// Who stands behind the class, for the rules that ask more than "may
    /// manage" (the check-in code, full mobile numbers).
    pub staff: setup::ClassStaff,
    pub user: CurrentUser,
}

impl ManagedClass {
    /// Loads class `id` (404 if none) and checks that `user` may manage it (403).
    pub async fn authorize(
        state: &AppState,
        user: CurrentUser,
        id: ClassId,
    ) -> Result<Self, ApiError> {
        let class = setup::find(&state.db, id).await?;
        let staff = setup::staff(&state.db, &class).await?;
        authorize_class(&user, &staff)?;
        Ok(Self { class, staff, user })
    }

    pub fn id(&self) -> ClassId {
        ClassId(self.class.id)
    }

    /// Whether `user` may manage `class`, for views that show management
    /// controls only to its managers.
    pub async fn may_manage(
        state: &AppState,
        user: &CurrentUser,
        class: &classes::Model,
    ) -> Result<bool, ApiError> {
        Ok(can_manage_class(
            user,
            &setup::staff(&state.db, class).await?,
        ))
    }
}

/// The `{id}` of a path under `/classes/{id}`; other parameters are ignored.
#[derive(Debug, Deserialize)]
struct ClassPath {
    id: i64,
}

impl FromRequestParts<AppState> for ManagedClass {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Path(ClassPath { id }) = Path::<ClassPath>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Self::authorize(state, user, ClassId(id))
            .await
            .map_err(IntoResponse::into_response)
    }
}

//! Changing a running class: its settings, moving or cancelling one of its
//! sessions, cancelling it. Managers only; each change is audited and tells
//! those it concerns (`domain::classes::changes`).

use axum::extract::{Path, State};
use chrono::Utc;
use cultivator_shared::api::classes::{
    CancelRequest, ClassDetail, NewSessionRequest, SessionView, UpdateClassRequest,
};
use cultivator_shared::{ApiErrorBody, ClassSessionId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::authorize_class_change;
use crate::auth::{ClientAddr, CurrentUser, ManagedClass};
use crate::domain::classes::{changes, session_changes, setup};
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(update_class))
        .routes(routes!(cancel_class))
        .routes(routes!(update_session))
        .routes(routes!(cancel_session))
}

/// The class as its manager now sees it.
async fn detail_for(
    state: &AppState,
    managed: &ManagedClass,
) -> Result<ApiJson<ClassDetail>, ApiError> {
    let class = setup::find(&state.db, managed.id()).await?;
    Ok(ApiJson(
        setup::detail(&state.db, class, managed.user.id, true).await?,
    ))
}

/// Changes a class's title, dates, seat limit, enrollment mode and venue.
/// A seat limit below the seats taken is refused (409
/// `seat_limit_below_taken`); so are dates that leave a session outside them.
#[utoipa::path(put, path = "/classes/{id}", tag = "classes", request_body = UpdateClassRequest,
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, body = ClassDetail),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn update_class(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    ApiJson(request): ApiJson<UpdateClassRequest>,
) -> Result<ApiJson<ClassDetail>, ApiError> {
    authorize_class_change(&managed.user, &managed.staff)?;
    let actor = managed.user.actor(address);
    changes::update_class(&state.db, managed.id(), &request, &actor, Utc::now()).await?;
    detail_for(&state, &managed).await
}

/// Cancels a class with a reason; everyone enrolled, waitlisted or awaiting
/// a decision is notified.
#[utoipa::path(post, path = "/classes/{id}/cancel", tag = "classes", request_body = CancelRequest,
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, body = ClassDetail),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn cancel_class(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    ApiJson(request): ApiJson<CancelRequest>,
) -> Result<ApiJson<ClassDetail>, ApiError> {
    authorize_class_change(&managed.user, &managed.staff)?;
    let actor = managed.user.actor(address);
    changes::cancel_class(&state.db, managed.id(), &request, &actor, Utc::now()).await?;
    detail_for(&state, &managed).await
}

/// The session's class, for a manager of it.
async fn managed_session(
    state: &AppState,
    user: CurrentUser,
    id: ClassSessionId,
) -> Result<ManagedClass, ApiError> {
    let class = session_changes::class_of_session(&state.db, id).await?;
    let managed = ManagedClass::authorize(state, user, class).await?;
    authorize_class_change(&managed.user, &managed.staff)?;
    Ok(managed)
}

/// Moves a session (its times on the class's days, venue, note); if its
/// time or place changed, everyone concerned is told the new ones.
#[utoipa::path(put, path = "/sessions/{id}", tag = "classes", request_body = NewSessionRequest,
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, body = SessionView),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn update_session(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<NewSessionRequest>,
) -> Result<ApiJson<SessionView>, ApiError> {
    let id = ClassSessionId(id);
    let managed = managed_session(&state, user, id).await?;
    let actor = managed.user.actor(address);
    Ok(ApiJson(
        session_changes::update_session(&state.db, id, &request, &actor, Utc::now()).await?,
    ))
}

/// Cancels a session with a reason; it then takes no check-ins, and
/// everyone concerned is notified.
#[utoipa::path(post, path = "/sessions/{id}/cancel", tag = "classes", request_body = CancelRequest,
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, body = SessionView),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn cancel_session(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<CancelRequest>,
) -> Result<ApiJson<SessionView>, ApiError> {
    let id = ClassSessionId(id);
    let managed = managed_session(&state, user, id).await?;
    let actor = managed.user.actor(address);
    Ok(ApiJson(
        session_changes::cancel_session(&state.db, id, &request, &actor, Utc::now()).await?,
    ))
}

//! Applications to a class: applying and withdrawing, the roster of
//! applicants, and decisions on applications (seats and the waitlist).

use axum::extract::{Path, State};
use chrono::Utc;
use cultivator_shared::api::Page;
use cultivator_shared::api::classes::{MyEnrollment, RosterEntry, RosterQuery};
use cultivator_shared::{ApiErrorBody, ClassId, EnrollmentId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize, roster_mobiles};
use crate::auth::{Action, ClientAddr, CurrentUser, ManagedClass};
use crate::domain::classes::applications::{self, Decision};
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roster))
        .routes(routes!(apply))
        .routes(routes!(withdraw))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(remove))
}

/// Everyone who applied, a page at a time (seated, then awaiting approval,
/// then the waitlist in line order), optionally of one status only, for the
/// class's managers: whole mobile numbers for its instructors, masked for
/// the others.
#[utoipa::path(get, path = "/classes/{id}/enrollments", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), RosterQuery),
    responses((status = 200, body = Page<RosterEntry>), (status = 403, body = ApiErrorBody)))]
async fn roster(
    State(state): State<AppState>,
    managed: ManagedClass,
    ApiQuery(query): ApiQuery<RosterQuery>,
) -> Result<ApiJson<Page<RosterEntry>>, ApiError> {
    let mobiles = roster_mobiles(&managed.user, &managed.staff);
    Ok(ApiJson(
        applications::roster(&state.db, managed.id(), &query, mobiles).await?,
    ))
}

/// Applies for a seat: enrolled, waitlisted (with a place in line) or awaiting approval.
#[utoipa::path(post, path = "/classes/{id}/apply", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, body = MyEnrollment),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn apply(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    authorize(&user, Action::ApplyToClass)?;
    Ok(ApiJson(
        applications::apply(&state.db, ClassId(id), user.id, &user.region, Utc::now()).await?,
    ))
}

/// Withdraws from a class; a freed seat goes to the first in line.
#[utoipa::path(post, path = "/classes/{id}/withdraw", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = MyEnrollment), (status = 409, body = ApiErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    Ok(ApiJson(
        applications::withdraw(&state.db, ClassId(id), user.id, Utc::now()).await?,
    ))
}

async fn decide(
    state: &AppState,
    user: CurrentUser,
    address: ClientAddr,
    id: i64,
    decision: Decision,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    let class = applications::class_of(&state.db, EnrollmentId(id)).await?;
    let manager = ManagedClass::authorize(state, user, class).await?.user;
    let actor = manager.actor(address);
    Ok(ApiJson(
        applications::decide(
            &state.db,
            &actor,
            EnrollmentId(id),
            decision,
            manager.id,
            Utc::now(),
        )
        .await?,
    ))
}

/// Approves an application; refused when every seat is taken.
#[utoipa::path(post, path = "/enrollments/{id}/approve", tag = "classes",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses((status = 200, body = MyEnrollment), (status = 409, body = ApiErrorBody)))]
async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    decide(&state, user, address, id, Decision::Approve).await
}

/// Rejects an application or a place on the waitlist.
#[utoipa::path(post, path = "/enrollments/{id}/reject", tag = "classes",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses((status = 200, body = MyEnrollment), (status = 409, body = ApiErrorBody)))]
async fn reject(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    decide(&state, user, address, id, Decision::Reject).await
}

/// Removes a trainee from the class; a freed seat goes to the first in line.
#[utoipa::path(post, path = "/enrollments/{id}/remove", tag = "classes",
    params(("id" = i64, Path, description = "Enrollment id")),
    responses((status = 200, body = MyEnrollment), (status = 409, body = ApiErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
) -> Result<ApiJson<MyEnrollment>, ApiError> {
    decide(&state, user, address, id, Decision::Remove).await
}

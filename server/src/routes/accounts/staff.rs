//! Staff acting on someone's account: issuing a password reset code, and
//! moving a person to another home region. Who may is decided by the
//! person's home region and roles (`permissions::may_reset_password_of`,
//! `permissions::may_move_home`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use cultivator_shared::api::admin::{PersonSummary, ResetCodeIssued, SetRegionRequest, UserSearch};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::{Page, PageQuery};
use cultivator_shared::{ApiErrorBody, UserId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{
    authorize_home_move, authorize_password_reset, may_reset_password_of, people_lookup,
};
use crate::auth::{ClientAddr, CurrentUser};
use crate::domain::accounts::lookup::{self, Reader};
use crate::domain::accounts::{reset, staff_made};
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(find_people))
        .routes(routes!(issue_reset_code))
        .routes(routes!(move_home))
}

/// People living in the reader's regions whose name contains `q` or whose
/// mobile number is `q` (whole), newest first: an admin's everywhere with
/// whole numbers, a coordinator's within their regions with numbers masked.
#[utoipa::path(get, path = "/users", tag = "admin", params(UserSearch), responses(
    (status = 200, body = Page<PersonSummary>),
    (status = 403, body = ApiErrorBody),
))]
async fn find_people(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(search): ApiQuery<UserSearch>,
) -> Result<ApiJson<Page<PersonSummary>>, ApiError> {
    let (scopes, mobiles) = people_lookup(&user).ok_or(ApiError::Forbidden)?;
    let page = PageQuery {
        limit: search.limit,
        offset: search.offset,
    };
    let may_reset = |home: &cultivator_shared::RegionCode,
                     roles: &[cultivator_shared::RoleGrant]| {
        may_reset_password_of(&user, home, roles)
    };
    let reader = Reader {
        scopes: &scopes,
        mobiles,
        may_reset: &may_reset,
    };
    let q = search.q.as_deref().unwrap_or_default();
    Ok(ApiJson(
        lookup::people(&state.db, &reader, q, page.limit(), page.offset()).await?,
    ))
}

/// Issues a one-time reset code for the person (an admin, or a coordinator
/// over their home region for trainees). The code is in this answer only,
/// to hand over in person or by phone; it expires after 30 minutes, works
/// once, and a new one withdraws it.
#[utoipa::path(post, path = "/users/{id}/password-reset", tag = "admin",
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 201, body = ResetCodeIssued),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn issue_reset_code(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
) -> Result<(StatusCode, ApiJson<ResetCodeIssued>), ApiError> {
    let target = UserId(id);
    let (home, roles) = staff_made::home_and_roles(&state.db, target).await?;
    authorize_password_reset(&user, &home, &roles)?;
    let issued = reset::issue(
        &state.db,
        &user.actor(address),
        user.id,
        target,
        chrono::Utc::now(),
    )
    .await?;
    Ok((StatusCode::CREATED, ApiJson(issued)))
}

/// Moves the person to another home region (an admin, or a coordinator
/// over both regions for trainees). Their training counts move with them.
#[utoipa::path(put, path = "/users/{id}/region", tag = "admin", request_body = SetRegionRequest,
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, body = UserView),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody, description = "validation_failed or unknown_region"),
    ))]
async fn move_home(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<SetRegionRequest>,
) -> Result<ApiJson<UserView>, ApiError> {
    let to = request.validate().map_err(ApiError::Validation)?;
    let target = UserId(id);
    let (home, roles) = staff_made::home_and_roles(&state.db, target).await?;
    authorize_home_move(&user, &home, &to, &roles)?;
    Ok(ApiJson(
        staff_made::move_home(&state.db, &user.actor(address), target, to).await?,
    ))
}

//! Administrators managing accounts: listing and searching them, and the
//! roles (and coordinator regions) they hold.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use cultivator_shared::api::admin::{SetRolesRequest, UserSearch};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::{Page, PageQuery};
use cultivator_shared::{ApiErrorBody, UserId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::authorize;
use crate::auth::{Action, ClientAddr, CurrentUser};
use crate::domain::accounts;
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(set_roles))
        .routes(routes!(sign_out_user))
}

/// Accounts whose name or mobile number contains `q`, newest first (admins only).
#[utoipa::path(get, path = "/users", tag = "admin", params(UserSearch), responses(
    (status = 200, body = Page<UserView>),
    (status = 403, body = ApiErrorBody),
))]
async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(search): ApiQuery<UserSearch>,
) -> Result<ApiJson<Page<UserView>>, ApiError> {
    authorize(&user, Action::ManageUsers)?;
    let page = PageQuery {
        limit: search.limit,
        offset: search.offset,
    };
    let query = search.q.as_deref().unwrap_or_default().trim();
    Ok(ApiJson(
        accounts::search(&state.db, query, page.limit(), page.offset()).await?,
    ))
}

/// Replaces the roles an account holds (admins only).
#[utoipa::path(put, path = "/users/{id}/roles", tag = "admin", request_body = SetRolesRequest,
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, body = UserView),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn set_roles(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<SetRolesRequest>,
) -> Result<ApiJson<UserView>, ApiError> {
    authorize(&user, Action::ManageUsers)?;
    request.validate().map_err(ApiError::Validation)?;
    let actor = user.actor(address);
    Ok(ApiJson(
        accounts::set_roles(&state.db, &actor, UserId(id), request.roles).await?,
    ))
}

/// Ends every session of an account, on every device (admins only): a lost
/// phone, or staff whose roles were taken away and who should sign in again.
#[utoipa::path(post, path = "/users/{id}/sign-out", tag = "admin",
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 204),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn sign_out_user(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    authorize(&user, Action::ManageUsers)?;
    accounts::sign_out_user(&state.db, &user.actor(address), UserId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

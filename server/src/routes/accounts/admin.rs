//! Administrators managing accounts: listing and searching them, creating
//! them (one, or many from a spreadsheet), and the roles (and coordinator
//! regions) they hold.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cultivator_shared::api::admin::{
    CreatedAccount, NewAccountRequest, SetRolesRequest, UserSearch,
};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::rosters::RosterRejection;
use cultivator_shared::api::{Page, PageQuery};
use cultivator_shared::{ApiErrorBody, ErrorCode, UserId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::authorize;
use crate::auth::{Action, ClientAddr, CurrentUser};
use crate::domain::accounts::{self, AccountError, staff_made};
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

/// A 2,000-row file is well under this, as CSV or XLSX.
const MAX_ACCOUNTS_FILE: usize = 2 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_accounts))
        .layer(DefaultBodyLimit::max(MAX_ACCOUNTS_FILE))
        .routes(routes!(list_users, create_account))
        .routes(routes!(set_roles))
        .routes(routes!(sign_out_user))
}

/// Creates an account with the trainee role and a one-time password, shown
/// in this answer only; the person must set a password of their own at
/// first sign-in (admins only).
#[utoipa::path(post, path = "/users", tag = "admin", request_body = NewAccountRequest,
    responses(
        (status = 201, body = CreatedAccount),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "mobile_taken"),
        (status = 422, body = ApiErrorBody, description = "validation_failed or unknown_region"),
    ))]
async fn create_account(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    ApiJson(request): ApiJson<NewAccountRequest>,
) -> Result<(StatusCode, ApiJson<CreatedAccount>), ApiError> {
    authorize(&user, Action::ManageUsers)?;
    let account = request.validate().map_err(ApiError::Validation)?;
    let created = staff_made::create(&state.db, &user.actor(address), account).await?;
    Ok((StatusCode::CREATED, ApiJson(created)))
}

/// Creates an account for every row of a roster file (CSV or XLSX: name,
/// mobile, region_code, optional category; at most 2,000 rows) and answers
/// with the one-time password sheet as CSV, once (admins only). A file with
/// any problem, including a mobile number already registered, creates
/// nothing and lists every problem.
#[utoipa::path(post, path = "/users/import", tag = "admin",
    request_body(content = String, content_type = "application/octet-stream",
        description = "The accounts file: header row with name, mobile, region_code and optional category"),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = RosterRejection),
    ))]
async fn import_accounts(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&user, Action::ManageUsers)?;
    match staff_made::create_from_file(&state.db, &user.actor(address), &body).await {
        Ok((_, sheet)) => {
            let mut response = crate::routes::download::attachment(
                "new-accounts-passwords.csv",
                crate::routes::download::CSV,
                sheet,
            );
            // Passwords must not stay in any cache.
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(response)
        }
        Err(AccountError::FileRejected { rows, problems }) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiJson(RosterRejection {
                code: ErrorCode::RosterInvalid,
                message: format!(
                    "{} problems in the file; no account was created",
                    problems.len()
                ),
                rows,
                problems,
            }),
        )
            .into_response()),
        Err(err) => Err(err.into()),
    }
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

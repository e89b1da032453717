//! Roster import: upload a CSV or XLSX file for a class, follow the
//! background job, take the one-time password sheet once (with a POST: it
//! erases the sheet, and no GET may change state — a GET can be triggered
//! cross-site, and is repeated by prefetchers and caches).

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cultivator_shared::api::rosters::{RosterImportJob, RosterRejection};
use cultivator_shared::{ApiErrorBody, ErrorCode, RosterImportId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{ClientAddr, CurrentUser, ManagedClass};
use crate::db::roster_imports;
use crate::domain::classes::roster_import::{self, RosterImportError};
use crate::error::ApiJson;
use crate::{ApiError, AppState};

/// A 20,000-row roster is about 1 MB as CSV; XLSX is smaller.
const MAX_ROSTER_FILE: usize = 8 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_roster))
        .layer(DefaultBodyLimit::max(MAX_ROSTER_FILE))
        .routes(routes!(class_imports))
        .routes(routes!(import_job))
        .routes(routes!(password_sheet))
}

/// Checks every row of the file (CSV or XLSX, told apart by content) and, if
/// all are good, starts importing them in the background. A file with any
/// bad row is refused with every problem listed, and nothing is imported:
/// rows outside the class's region, people who do not meet its stage's
/// entry rule, and rows that would change an existing account are problems.
#[utoipa::path(post, path = "/classes/{id}/roster-imports", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    request_body(content = String, content_type = "application/octet-stream",
        description = "The roster file: header row with name, mobile, region_code and optional category"),
    responses(
        (status = 202, body = RosterImportJob),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = RosterRejection),
    ))]
async fn upload_roster(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    body: Bytes,
) -> Result<Response, ApiError> {
    let by = managed.user.id;
    let actor = managed.user.actor(address);
    match roster_import::start(&state.db, &actor, &managed.class, by, &body).await {
        Ok(job) => Ok((StatusCode::ACCEPTED, ApiJson(job)).into_response()),
        Err(RosterImportError::Rejected { rows, problems }) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiJson(RosterRejection {
                code: ErrorCode::RosterInvalid,
                message: format!(
                    "{} problems in the roster; nothing was imported",
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

/// The latest roster imports into a class, newest first.
#[utoipa::path(get, path = "/classes/{id}/roster-imports", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = Vec<RosterImportJob>), (status = 403, body = ApiErrorBody)))]
async fn class_imports(
    State(state): State<AppState>,
    managed: ManagedClass,
) -> Result<ApiJson<Vec<RosterImportJob>>, ApiError> {
    let jobs = roster_imports::of_class(&state.db, managed.id())
        .await?
        .iter()
        .map(roster_imports::Model::view)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ApiJson(jobs))
}

/// One import's progress and outcome (polled by the UI).
#[utoipa::path(get, path = "/roster-imports/{id}", tag = "classes",
    params(("id" = i64, Path, description = "Roster import id")),
    responses((status = 200, body = RosterImportJob), (status = 404, body = ApiErrorBody)))]
async fn import_job(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<RosterImportJob>, ApiError> {
    let class = roster_import::class_of(&state.db, RosterImportId(id)).await?;
    ManagedClass::authorize(&state, user, class).await?;
    Ok(ApiJson(
        roster_import::job(&state.db, RosterImportId(id)).await?,
    ))
}

/// The one-time passwords of the accounts an import created, as CSV. It is
/// erased as it is handed out: a second request gets 410 Gone. A POST, so it
/// needs the CSRF header like every other state change.
#[utoipa::path(post, path = "/roster-imports/{id}/passwords.csv", tag = "classes",
    params(("id" = i64, Path, description = "Roster import id")),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 410, body = ApiErrorBody),
    ))]
async fn password_sheet(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let class = roster_import::class_of(&state.db, RosterImportId(id)).await?;
    let managed = ManagedClass::authorize(&state, user, class).await?;
    let actor = managed.user.actor(address);
    let sheet = roster_import::take_password_sheet(
        &state.db,
        &actor,
        &managed.class.region_code,
        RosterImportId(id),
    )
    .await?;
    let mut response = crate::routes::download::attachment(
        &format!("roster-import-{id}-passwords.csv"),
        crate::routes::download::CSV,
        sheet,
    );
    // Passwords must not stay in any cache.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

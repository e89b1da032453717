//! Each member's progress in a class's online part, for those who manage
//! the class: a sorted page as JSON, or every member as CSV or XLSX.

use axum::extract::State;
use axum::response::Response;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::class_progress::{ClassProgress, ProgressQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::ManagedClass;
use crate::auth::permissions::roster_mobiles;
use crate::domain::classes::member_progress;
use crate::error::{ApiJson, ApiQuery};
use crate::routes::download::{CSV, XLSX, attachment};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(progress))
        .routes(routes!(progress_csv))
        .routes(routes!(progress_xlsx))
}

/// One page of the members (enrolled or completed) with their progress over
/// the class's courses: required lessons completed, verified study time,
/// best quiz score, last activity.
#[utoipa::path(get, path = "/classes/{id}/progress", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ProgressQuery),
    responses(
        (status = 200, body = ClassProgress),
        (status = 403, body = ApiErrorBody),
    ))]
async fn progress(
    State(state): State<AppState>,
    managed: ManagedClass,
    ApiQuery(query): ApiQuery<ProgressQuery>,
) -> Result<ApiJson<ClassProgress>, ApiError> {
    let mobiles = roster_mobiles(&managed.user, &managed.staff);
    Ok(ApiJson(
        member_progress::page(&state.db, managed.id(), mobiles, &query).await?,
    ))
}

/// Every member's progress as CSV (sorted as asked; paging ignored).
#[utoipa::path(get, path = "/classes/{id}/progress.csv", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ProgressQuery),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = ApiErrorBody),
    ))]
async fn progress_csv(
    State(state): State<AppState>,
    managed: ManagedClass,
    ApiQuery(query): ApiQuery<ProgressQuery>,
) -> Result<Response, ApiError> {
    let id = managed.id();
    let mobiles = roster_mobiles(&managed.user, &managed.staff);
    let table = member_progress::table(&state.db, id, mobiles, &query).await?;
    Ok(attachment(
        &format!("class-{id}-progress.csv"),
        CSV,
        table.csv()?,
    ))
}

/// Every member's progress as an Excel workbook.
#[utoipa::path(get, path = "/classes/{id}/progress.xlsx", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ProgressQuery),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn progress_xlsx(
    State(state): State<AppState>,
    managed: ManagedClass,
    ApiQuery(query): ApiQuery<ProgressQuery>,
) -> Result<Response, ApiError> {
    let id = managed.id();
    let mobiles = roster_mobiles(&managed.user, &managed.staff);
    let table = member_progress::table(&state.db, id, mobiles, &query).await?;
    let body = table.xlsx(member_progress::NUMBERS)?;
    Ok(attachment(&format!("class-{id}-progress.xlsx"), XLSX, body))
}

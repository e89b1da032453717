//! Downloads of a class's roster and attendance sheet (CSV and XLSX).

use axum::extract::State;
use axum::response::Response;
use cultivator_shared::ApiErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::ManagedClass;
use crate::auth::permissions::roster_mobiles;
use crate::domain::classes::export;
use crate::routes::download::{CSV, XLSX, attachment};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roster_csv))
        .routes(routes!(attendance_csv))
        .routes(routes!(roster_xlsx))
        .routes(routes!(attendance_xlsx))
}

/// The class roster as CSV (its instructors and coordinators).
#[utoipa::path(get, path = "/classes/{id}/roster.csv", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = ApiErrorBody),
    ))]
async fn roster_csv(
    State(state): State<AppState>,
    managed: ManagedClass,
) -> Result<Response, ApiError> {
    let id = managed.id();
    let body =
        export::roster_csv(&state.db, id, roster_mobiles(&managed.user, &managed.staff)).await?;
    Ok(attachment(&format!("class-{id}-roster.csv"), CSV, body))
}

/// The attendance sheet (trainees × sessions) as CSV.
#[utoipa::path(get, path = "/classes/{id}/attendance.csv", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = ApiErrorBody),
    ))]
async fn attendance_csv(
    State(state): State<AppState>,
    managed: ManagedClass,
) -> Result<Response, ApiError> {
    let id = managed.id();
    let body = export::attendance_csv(&state.db, id, roster_mobiles(&managed.user, &managed.staff))
        .await?;
    Ok(attachment(&format!("class-{id}-attendance.csv"), CSV, body))
}

/// The class roster as an Excel workbook.
#[utoipa::path(get, path = "/classes/{id}/roster.xlsx", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn roster_xlsx(
    State(state): State<AppState>,
    managed: ManagedClass,
) -> Result<Response, ApiError> {
    let id = managed.id();
    let table =
        export::roster(&state.db, id, roster_mobiles(&managed.user, &managed.staff)).await?;
    let body = table.xlsx(export::ROSTER_NUMBERS)?;
    Ok(attachment(&format!("class-{id}-roster.xlsx"), XLSX, body))
}

/// The attendance sheet (trainees × sessions) as an Excel workbook.
#[utoipa::path(get, path = "/classes/{id}/attendance.xlsx", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn attendance_xlsx(
    State(state): State<AppState>,
    managed: ManagedClass,
) -> Result<Response, ApiError> {
    let id = managed.id();
    let table =
        export::attendance(&state.db, id, roster_mobiles(&managed.user, &managed.staff)).await?;
    // The last column counts sessions attended.
    let present = table.header.len().saturating_sub(1);
    let body = table.xlsx(&[present])?;
    Ok(attachment(
        &format!("class-{id}-attendance.xlsx"),
        XLSX,
        body,
    ))
}

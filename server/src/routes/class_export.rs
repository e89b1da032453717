//! Downloads of a class's roster and attendance sheet (CSV and XLSX).

use axum::extract::{Path, State};
use axum::response::Response;
use cultivator_shared::{ApiErrorBody, ClassId};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::download::{CSV, XLSX, attachment};
use crate::auth::CurrentUser;
use crate::auth::permissions::authorize_class;
use crate::domain::classes::export;
use crate::domain::classes::setup;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roster_csv))
        .routes(routes!(attendance_csv))
        .routes(routes!(roster_xlsx))
        .routes(routes!(attendance_xlsx))
}

/// Only the class's instructors and coordinators download its sheets.
async fn authorize_staff(state: &AppState, user: &CurrentUser, id: i64) -> Result<(), ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    authorize_class(user, &setup::staff(&state.db, &class).await?)?;
    Ok(())
}

/// The class roster as CSV (its instructors and coordinators).
#[utoipa::path(get, path = "/api/v1/classes/{id}/roster.csv", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = ApiErrorBody),
    ))]
async fn roster_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    authorize_staff(&state, &user, id).await?;
    let body = export::roster_csv(&state.db, ClassId(id)).await?;
    Ok(attachment(&format!("class-{id}-roster.csv"), CSV, body))
}

/// The attendance sheet (trainees × sessions) as CSV.
#[utoipa::path(get, path = "/api/v1/classes/{id}/attendance.csv", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = ApiErrorBody),
    ))]
async fn attendance_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    authorize_staff(&state, &user, id).await?;
    let body = export::attendance_csv(&state.db, ClassId(id)).await?;
    Ok(attachment(&format!("class-{id}-attendance.csv"), CSV, body))
}

/// The class roster as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/classes/{id}/roster.xlsx", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn roster_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    authorize_staff(&state, &user, id).await?;
    let table = export::roster(&state.db, ClassId(id)).await?;
    let body = table.xlsx(export::ROSTER_NUMBERS)?;
    Ok(attachment(&format!("class-{id}-roster.xlsx"), XLSX, body))
}

/// The attendance sheet (trainees × sessions) as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/classes/{id}/attendance.xlsx", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn attendance_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    authorize_staff(&state, &user, id).await?;
    let table = export::attendance(&state.db, ClassId(id)).await?;
    // The last column counts sessions attended.
    let present = table.header.len().saturating_sub(1);
    let body = table.xlsx(&[present])?;
    Ok(attachment(
        &format!("class-{id}-attendance.xlsx"),
        XLSX,
        body,
    ))
}

//! Downloads of a class's roster and attendance sheet (CSV and XLSX).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use cultivator_shared::{ApiErrorBody, ClassId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::auth::permissions::authorize_class;
use crate::domain::{class_export, class_setup};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roster_csv))
        .routes(routes!(attendance_csv))
        // offline rosters and pathway
        .routes(routes!(roster_xlsx))
        .routes(routes!(attendance_xlsx))
}

fn csv_download(name: String, body: String) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
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
) -> Result<impl IntoResponse, ApiError> {
    let class = class_setup::find(&state.db, ClassId(id)).await?;
    authorize_class(&user, &class_setup::staff(&state.db, &class).await?)?;
    let body = class_export::roster_csv(&state.db, ClassId(id)).await?;
    Ok(csv_download(format!("class-{id}-roster.csv"), body))
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
) -> Result<impl IntoResponse, ApiError> {
    let class = class_setup::find(&state.db, ClassId(id)).await?;
    authorize_class(&user, &class_setup::staff(&state.db, &class).await?)?;
    let body = class_export::attendance_csv(&state.db, ClassId(id)).await?;
    Ok(csv_download(format!("class-{id}-attendance.csv"), body))
}

// offline rosters and pathway
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn xlsx_download(name: String, body: Vec<u8>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, XLSX.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
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
) -> Result<impl IntoResponse, ApiError> {
    let class = class_setup::find(&state.db, ClassId(id)).await?;
    authorize_class(&user, &class_setup::staff(&state.db, &class).await?)?;
    let table = class_export::roster(&state.db, ClassId(id)).await?;
    let body = table.xlsx(class_export::ROSTER_NUMBERS)?;
    Ok(xlsx_download(format!("class-{id}-roster.xlsx"), body))
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
) -> Result<impl IntoResponse, ApiError> {
    let class = class_setup::find(&state.db, ClassId(id)).await?;
    authorize_class(&user, &class_setup::staff(&state.db, &class).await?)?;
    let table = class_export::attendance(&state.db, ClassId(id)).await?;
    // The last column counts sessions attended.
    let present = table.header.len().saturating_sub(1);
    let body = table.xlsx(&[present])?;
    Ok(xlsx_download(format!("class-{id}-attendance.xlsx"), body))
}

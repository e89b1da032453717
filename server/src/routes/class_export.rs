//! Downloads of a class's roster and attendance sheet (CSV).

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

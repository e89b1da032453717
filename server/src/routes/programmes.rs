//! Programmes and their stages: listed for everyone signed in (to choose a
//! class's stage), set up by national coordinators and admins, and read in
//! full by staff who run classes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use cultivator_shared::api::pathway::ProgrammeView;
use cultivator_shared::api::programmes::{
    NewProgramme, ProgrammeDetail, ProgrammeFields, StageFields, StageUpdate,
};
use cultivator_shared::{ApiErrorBody, ProgrammeId, StageId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{Action, authorize, authorize_programme_setup};
use crate::auth::{ClientAddr, CurrentUser};
use crate::domain::classes::pathway;
use crate::domain::programmes;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(programmes, create))
        .routes(routes!(show, update))
        .routes(routes!(add_stage))
        .routes(routes!(change_stage, delete_stage))
}

/// Every programme with its ordered stages open to new classes (for
/// choosing a class's stage), newest first.
#[utoipa::path(get, path = "/programmes", tag = "programmes",
    responses((status = 200, body = Vec<ProgrammeView>), (status = 401, body = ApiErrorBody)))]
async fn programmes(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<ApiJson<Vec<ProgrammeView>>, ApiError> {
    Ok(ApiJson(pathway::programmes(&state.db).await?))
}

/// Creates a programme with its stages in pathway order.
#[utoipa::path(post, path = "/programmes", tag = "programmes", request_body = NewProgramme,
    responses(
        (status = 201, body = ProgrammeDetail),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "programme_code_taken"),
        (status = 422, body = ApiErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    ApiJson(request): ApiJson<NewProgramme>,
) -> Result<(StatusCode, ApiJson<ProgrammeDetail>), ApiError> {
    authorize_programme_setup(&user)?;
    let created = programmes::create(&state.db, &user.actor(address), &request, Utc::now()).await?;
    Ok((StatusCode::CREATED, ApiJson(created)))
}

/// One programme with its stages, and which stages are in use.
#[utoipa::path(get, path = "/programmes/{id}", tag = "programmes",
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<ProgrammeDetail>, ApiError> {
    authorize(&user, Action::CreateClass)?;
    Ok(ApiJson(
        programmes::detail(&state.db, ProgrammeId(id)).await?,
    ))
}

/// Changes a programme's title, code, dates, description or owning region.
#[utoipa::path(put, path = "/programmes/{id}", tag = "programmes", request_body = ProgrammeFields,
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<ProgrammeFields>,
) -> Result<ApiJson<ProgrammeDetail>, ApiError> {
    authorize_programme_setup(&user)?;
    let actor = user.actor(address);
    Ok(ApiJson(
        programmes::update(&state.db, &actor, ProgrammeId(id), &request, Utc::now()).await?,
    ))
}

/// Adds a stage at the end of the programme's pathway.
#[utoipa::path(post, path = "/programmes/{id}/stages", tag = "programmes", request_body = StageFields,
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 201, body = ProgrammeDetail),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn add_stage(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<StageFields>,
) -> Result<(StatusCode, ApiJson<ProgrammeDetail>), ApiError> {
    authorize_programme_setup(&user)?;
    let actor = user.actor(address);
    let detail =
        programmes::add_stage(&state.db, &actor, ProgrammeId(id), &request, Utc::now()).await?;
    Ok((StatusCode::CREATED, ApiJson(detail)))
}

/// Changes a stage's settings, or retires it (offered for no new class) or
/// brings it back.
#[utoipa::path(put, path = "/programmes/{id}/stages/{stage}", tag = "programmes", request_body = StageUpdate,
    params(("id" = i64, Path, description = "Programme id"), ("stage" = i64, Path, description = "Stage id")),
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn change_stage(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path((id, stage)): Path<(i64, i64)>,
    ApiJson(request): ApiJson<StageUpdate>,
) -> Result<ApiJson<ProgrammeDetail>, ApiError> {
    authorize_programme_setup(&user)?;
    let actor = user.actor(address);
    Ok(ApiJson(
        programmes::change_stage(
            &state.db,
            &actor,
            ProgrammeId(id),
            StageId(stage),
            &request,
            Utc::now(),
        )
        .await?,
    ))
}

/// Deletes a stage that no class or selection refers to (409
/// `stage_in_use` otherwise: retire it instead).
#[utoipa::path(delete, path = "/programmes/{id}/stages/{stage}", tag = "programmes",
    params(("id" = i64, Path, description = "Programme id"), ("stage" = i64, Path, description = "Stage id")),
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "stage_in_use"),
    ))]
async fn delete_stage(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path((id, stage)): Path<(i64, i64)>,
) -> Result<ApiJson<ProgrammeDetail>, ApiError> {
    authorize_programme_setup(&user)?;
    let actor = user.actor(address);
    Ok(ApiJson(
        programmes::delete_stage(
            &state.db,
            &actor,
            ProgrammeId(id),
            StageId(stage),
            Utc::now(),
        )
        .await?,
    ))
}

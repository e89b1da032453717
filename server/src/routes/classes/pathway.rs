//! The staged pathway: the candidates for a class's gated stage, and
//! selecting who may apply.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use cultivator_shared::api::PageQuery;
use cultivator_shared::api::pathway::StageCandidates;
use cultivator_shared::{ApiErrorBody, RegionCode, StageId, UserId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize_selection, may_select_for_stage};
use crate::auth::{ClientAddr, ManagedClass};
use crate::db;
use crate::domain::classes::pathway;
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(candidates))
        .routes(routes!(select_candidate, unselect_candidate))
}

/// The managed class's stage and region.
fn stage_of(managed: &ManagedClass) -> Result<(StageId, RegionCode), ApiError> {
    let class = &managed.class;
    let stage = class
        .stage_id
        .map(StageId)
        .ok_or(pathway::PathwayError::NoStage)?;
    let region = RegionCode::parse(&class.region_code)
        .map_err(|_| db::corrupt("classes", "region_code", &class.region_code))?;
    Ok((stage, region))
}

/// Selects (or unselects) `candidate` for the managed class's stage: only a
/// coordinator over the candidate's home region may (`permissions`).
async fn set_selection(
    state: &AppState,
    managed: &ManagedClass,
    address: ClientAddr,
    candidate: UserId,
    selected: bool,
) -> Result<StatusCode, ApiError> {
    let (stage, _) = stage_of(managed)?;
    let home = pathway::home_of(&state.db, candidate).await?;
    let level = pathway::selector_level(&state.db, stage).await?;
    authorize_selection(&managed.user, &home, level)?;
    pathway::set_selected(
        &state.db,
        &managed.user.actor(address),
        stage,
        candidate,
        selected,
        managed.user.id,
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// People living in the region the class serves who completed the stage
/// before the class's stage, with their progress and whether selected.
#[utoipa::path(get, path = "/classes/{id}/candidates", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), PageQuery),
    responses(
        (status = 200, body = StageCandidates),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn candidates(
    State(state): State<AppState>,
    managed: ManagedClass,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<ApiJson<StageCandidates>, ApiError> {
    let (stage, region) = stage_of(&managed)?;
    let level = pathway::selector_level(&state.db, stage).await?;
    let may_select = may_select_for_stage(&managed.user, &region, level);
    Ok(ApiJson(
        pathway::candidates(
            &state.db,
            stage,
            &region,
            may_select,
            page.limit(),
            page.offset(),
        )
        .await?,
    ))
}

/// Selects a candidate for the class's stage: they may then apply to any
/// class of that stage serving their home region. Only a coordinator over
/// their region (at the level the stage names, county by default, or above) may; the selection is kept with who
/// made it and when.
#[utoipa::path(put, path = "/classes/{id}/candidates/{user}", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ("user" = i64, Path, description = "User id")),
    responses(
        (status = 204),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn select_candidate(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    Path((_class, candidate)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    set_selection(&state, &managed, address, UserId(candidate), true).await
}

/// Withdraws a selection (the record stays, noting who withdrew it and
/// when); only a coordinator over the candidate's region may.
#[utoipa::path(delete, path = "/classes/{id}/candidates/{user}", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ("user" = i64, Path, description = "User id")),
    responses((status = 204), (status = 403, body = ApiErrorBody)))]
async fn unselect_candidate(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    Path((_class, candidate)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    set_selection(&state, &managed, address, UserId(candidate), false).await
}

//! The staged pathway: candidates for a class's gated stage and selecting
//! who may apply; and the open classes near a trainee.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use cultivator_shared::api::catalog::ClassSummary;
use cultivator_shared::api::pathway::{ProgrammeView, StageCandidates};
use cultivator_shared::api::{Page, PageQuery};
use cultivator_shared::{ApiErrorBody, ClassId, RegionCode, StageId, UserId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::authorize_class;
use crate::auth::{CurrentUser, scope};
use crate::db::{self, classes};
use crate::domain::classes::pathway;
use crate::domain::classes::setup;
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(candidates))
        .routes(routes!(select_candidate, unselect_candidate))
        .routes(routes!(classes_near_me))
        .routes(routes!(programmes))
}

/// Every programme with its ordered stages (for choosing a class's stage).
#[utoipa::path(get, path = "/api/v1/programmes", tag = "classes",
    responses((status = 200, body = Vec<ProgrammeView>), (status = 401, body = ApiErrorBody)))]
async fn programmes(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<ApiJson<Vec<ProgrammeView>>, ApiError> {
    Ok(ApiJson(pathway::programmes(&state.db).await?))
}

/// The class's stage and region, after checking the user may manage it.
async fn managed_stage(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<(StageId, RegionCode), ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    authorize_class(user, &setup::staff(&state.db, &class).await?)?;
    let stage = class
        .stage_id
        .map(StageId)
        .ok_or(pathway::PathwayError::NoStage)?;
    let region = RegionCode::parse(&class.region_code)
        .map_err(|_| db::corrupt("classes", "region_code", &class.region_code))?;
    Ok((stage, region))
}

/// People living in the region the class serves who completed the stage
/// before the class's stage, with their progress and whether selected.
#[utoipa::path(get, path = "/api/v1/classes/{id}/candidates", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, body = StageCandidates),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn candidates(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<StageCandidates>, ApiError> {
    let (stage, region) = managed_stage(&state, &user, id).await?;
    Ok(ApiJson(
        pathway::candidates(&state.db, stage, &region).await?,
    ))
}

/// Selects a candidate for the class's stage: they may then apply to any
/// class of that stage.
#[utoipa::path(put, path = "/api/v1/classes/{id}/candidates/{user}", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ("user" = i64, Path, description = "User id")),
    responses(
        (status = 204),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn select_candidate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, candidate)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let (stage, _) = managed_stage(&state, &user, id).await?;
    pathway::set_selected(
        &state.db,
        stage,
        UserId(candidate),
        true,
        user.id,
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws a selection.
#[utoipa::path(delete, path = "/api/v1/classes/{id}/candidates/{user}", tag = "classes",
    params(("id" = i64, Path, description = "Class id"), ("user" = i64, Path, description = "User id")),
    responses((status = 204), (status = 403, body = ApiErrorBody)))]
async fn unselect_candidate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, candidate)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    let (stage, _) = managed_stage(&state, &user, id).await?;
    pathway::set_selected(
        &state.db,
        stage,
        UserId(candidate),
        false,
        user.id,
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Open classes that serve the signed-in user's home region: those of their
/// own region and of every region above it, soonest first.
#[utoipa::path(get, path = "/api/v1/classes/near-me", tag = "catalog", params(PageQuery),
    responses((status = 200, body = Page<ClassSummary>), (status = 401, body = ApiErrorBody)))]
async fn classes_near_me(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<ApiJson<Page<ClassSummary>>, ApiError> {
    let today = Utc::now().date_naive();
    let (items, total) = classes::open_in(
        &state.db,
        &scope::regions_serving(&user.region),
        today,
        page.limit(),
        page.offset(),
    )
    .await?;
    Ok(ApiJson(Page { items, total }))
}

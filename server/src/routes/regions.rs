//! The region tree, read a level at a time (provinces, then the children of one).

use axum::extract::{Path, State};
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{ApiErrorBody, RegionCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::db::regions;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(provinces))
        .routes(routes!(children))
}

/// The provincial-level divisions.
#[utoipa::path(get, path = "", tag = "regions", responses((status = 200, body = Vec<RegionView>)))]
async fn provinces(State(state): State<AppState>) -> Result<ApiJson<Vec<RegionView>>, ApiError> {
    Ok(ApiJson(regions::provinces(&state.db).await?))
}

/// The regions directly below one region.
#[utoipa::path(get, path = "/{code}/children", tag = "regions",
    params(("code" = String, Path, description = "Region code")),
    responses((status = 200, body = Vec<RegionView>), (status = 404, body = ApiErrorBody)))]
async fn children(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<ApiJson<Vec<RegionView>>, ApiError> {
    let code = RegionCode::parse(&code).map_err(|_| ApiError::NotFound)?;
    if !regions::exists(&state.db, &code).await? {
        return Err(ApiError::NotFound);
    }
    Ok(ApiJson(regions::children(&state.db, &code).await?))
}

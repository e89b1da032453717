//! The coordinator's routes: targets, the dashboard (JSON and CSV) and the
//! classes in scope. Every route asks `auth::scope` whether the user may see
//! the region requested; a region outside their scope is refused with 403.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use cultivator_shared::api::coordination::{
    ClassRates, Dashboard, DashboardQuery, ProgrammeOption, ScopedClassesQuery, SetTargetsRequest,
    TargetsQuery, TargetsView,
};
use cultivator_shared::api::platforms::PlatformCounts;
use cultivator_shared::api::{Page, PageQuery};
use cultivator_shared::{ApiErrorBody, RegionCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::scope;
use crate::auth::{ClientAddr, CurrentUser, DashboardViewer};
use crate::db::dashboard_reads;
use crate::domain::coordination::class_rates;
use crate::domain::coordination::dashboard_cache::Cached;
use crate::domain::coordination::dashboard_export;
use crate::domain::coordination::targets;
use crate::domain::platforms::counts;
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_targets, set_targets))
        .routes(routes!(get_dashboard))
        .routes(routes!(dashboard_by_platform))
        .routes(routes!(dashboard_csv))
        .routes(routes!(dashboard_xlsx))
        .routes(routes!(classes))
        .routes(routes!(programmes))
}

/// The region asked for, or the user's own; refused when outside their scope
/// (also the integrity report's rule).
pub(super) fn region_in_scope(
    user: &CurrentUser,
    asked: Option<RegionCode>,
) -> Result<(scope::Scope, Option<RegionCode>), ApiError> {
    let home = scope::home(user)?;
    let region = asked.or_else(|| home.region().cloned());
    scope::require(user, region.as_ref())?;
    Ok((home, region))
}

/// The dashboard of the region asked for (or the viewer's own), from the
/// node's cache when unchanged; refused when outside the viewer's scope.
async fn dashboard_in_scope(
    state: &AppState,
    viewer: &DashboardViewer,
    query: &DashboardQuery,
) -> Result<(Arc<Cached>, Option<RegionCode>), ApiError> {
    query.validate().map_err(ApiError::Validation)?;
    let (home, region) = region_in_scope(&viewer.user, query.region.clone())?;
    let cached = state
        .dashboards
        .get(
            &state.db,
            viewer.dashboard_epoch,
            &home,
            region.as_ref(),
            query,
        )
        .await?;
    Ok((cached, region))
}

/// People registered through each platform within the region asked for
/// (or the viewer's own), and of them those trained on the programme's
/// online and offline tracks (the newest programme when none is asked).
#[utoipa::path(get, path = "/dashboard/platforms", tag = "coordination", params(DashboardQuery),
    responses(
        (status = 200, body = Vec<PlatformCounts>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn dashboard_by_platform(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<ApiJson<Vec<PlatformCounts>>, ApiError> {
    let (_, region) = region_in_scope(&user, query.region)?;
    let programme = query.programme.map(|p| p.0);
    Ok(ApiJson(
        counts::by_platform(&state.db, region.as_ref(), programme).await?,
    ))
}

/// A programme's targets for the children of a region, and whether they add
/// up to the region's own.
#[utoipa::path(get, path = "/targets", tag = "coordination", params(TargetsQuery), responses(
    (status = 200, body = TargetsView),
    (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody),
))]
async fn get_targets(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<TargetsQuery>,
) -> Result<ApiJson<TargetsView>, ApiError> {
    let (_, region) = region_in_scope(&user, query.region)?;
    Ok(ApiJson(
        targets::view(&state.db, query.programme, region.as_ref(), query.year).await?,
    ))
}

/// Sets targets of child regions; each must be a child of a region in the
/// user's scope (provinces: national coordinators and admins only).
#[utoipa::path(put, path = "/targets", tag = "coordination", request_body = SetTargetsRequest,
    responses(
        (status = 204),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn set_targets(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    ApiJson(request): ApiJson<SetTargetsRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    scope::home(&user)?;
    request.validate().map_err(ApiError::Validation)?;
    if !request
        .targets
        .iter()
        .all(|t| scope::may_set_target_for(&user, &t.region))
    {
        return Err(ApiError::Forbidden);
    }
    targets::set(&state.db, &user.actor(address), &request, Utc::now()).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Trained people against targets for a region, its children and by month.
#[utoipa::path(get, path = "/dashboard", tag = "coordination", params(DashboardQuery), responses(
    (status = 200, body = Dashboard),
    (status = 403, body = ApiErrorBody),
    (status = 404, body = ApiErrorBody),
))]
async fn get_dashboard(
    State(state): State<AppState>,
    viewer: DashboardViewer,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Response, ApiError> {
    let (cached, _) = dashboard_in_scope(&state, &viewer, &query).await?;
    // Serialised once per change, not once per request.
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        cached.json.clone(),
    )
        .into_response())
}

/// The dashboard's children table as a CSV download.
#[utoipa::path(get, path = "/dashboard.csv", tag = "coordination", params(DashboardQuery),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = ApiErrorBody),
    ))]
async fn dashboard_csv(
    State(state): State<AppState>,
    viewer: DashboardViewer,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Response, ApiError> {
    let (board, region) = dashboard_in_scope(&state, &viewer, &query).await?;
    let body = dashboard_export::children_csv(&board.board).map_err(ApiError::internal)?;
    Ok(download(region, "csv", super::download::CSV, body))
}

/// The dashboard's children table as an Excel workbook.
#[utoipa::path(get, path = "/dashboard.xlsx", tag = "coordination", params(DashboardQuery),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn dashboard_xlsx(
    State(state): State<AppState>,
    viewer: DashboardViewer,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Response, ApiError> {
    let (board, region) = dashboard_in_scope(&state, &viewer, &query).await?;
    let body = dashboard_export::children_xlsx(&board.board).map_err(ApiError::internal)?;
    Ok(download(region, "xlsx", super::download::XLSX, body))
}

fn download(region: Option<RegionCode>, ext: &str, mime: &'static str, body: Vec<u8>) -> Response {
    let name = region.map_or_else(|| "national".to_owned(), |r| r.to_string());
    super::download::attachment(&format!("trained-{name}.{ext}"), mime, body)
}

/// Classes held in a region of the user's scope, with fill, attendance and
/// completion rates.
#[utoipa::path(get, path = "/classes", tag = "coordination", params(ScopedClassesQuery),
    responses(
        (status = 200, body = Page<ClassRates>),
        (status = 403, body = ApiErrorBody),
    ))]
async fn classes(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ScopedClassesQuery>,
) -> Result<ApiJson<Page<ClassRates>>, ApiError> {
    let (_, region) = region_in_scope(&user, query.region)?;
    let page = PageQuery {
        limit: query.limit,
        offset: query.offset,
    };
    Ok(ApiJson(
        class_rates::in_region(
            &state.db,
            region.as_ref(),
            query.programme.map(|p| p.0),
            page.limit(),
            page.offset(),
        )
        .await?,
    ))
}

/// The programmes a coordinator can choose on the dashboard, newest first.
#[utoipa::path(get, path = "/programmes", tag = "coordination", responses(
    (status = 200, body = Vec<ProgrammeOption>),
    (status = 403, body = ApiErrorBody),
))]
async fn programmes(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<ApiJson<Vec<ProgrammeOption>>, ApiError> {
    scope::home(&user)?;
    let found = dashboard_reads::programmes(&state.db).await?;
    Ok(ApiJson(
        found
            .into_iter()
            .map(|(id, title, starts_on, ends_on)| ProgrammeOption {
                id: cultivator_shared::ProgrammeId(id),
                title,
                starts_on,
                ends_on,
            })
            .collect(),
    ))
}

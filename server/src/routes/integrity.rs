//! The coordinators' integrity report (异常学习报告): flags on trainees
//! whose home region is within the region asked for (the coordinator's own
//! by default), as pages of JSON or one CSV file. Scoped exactly like the
//! dashboard: a region outside the coordinator's scope is refused with 403.

use axum::extract::State;
use axum::response::Response;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::integrity::{IntegrityFlag, IntegrityQuery};
use cultivator_shared::api::{Page, PageQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::coordination::region_in_scope;
use crate::auth::CurrentUser;
use crate::domain::integrity::report;
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(export_csv))
}

/// Completions far faster than the course's hours, progress reports refused
/// as too fast, and check-in lockouts, newest first. Mobiles are masked.
#[utoipa::path(get, path = "/integrity", tag = "coordination", params(IntegrityQuery),
    responses(
        (status = 200, body = Page<IntegrityFlag>),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
    ))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<IntegrityQuery>,
) -> Result<ApiJson<Page<IntegrityFlag>>, ApiError> {
    let (_, region) = region_in_scope(&user, query.region.clone())?;
    let page = PageQuery {
        limit: query.limit,
        offset: query.offset,
    };
    Ok(ApiJson(
        report::page(
            &state.db,
            region.as_ref(),
            query.kind,
            page.limit(),
            page.offset(),
        )
        .await?,
    ))
}

/// The same report as a CSV download (paging ignored; at most the newest
/// 50,000 flags), every cell neutralised against spreadsheet formulas.
#[utoipa::path(get, path = "/integrity.csv", tag = "coordination", params(IntegrityQuery),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
    ))]
async fn export_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<IntegrityQuery>,
) -> Result<Response, ApiError> {
    let (_, region) = region_in_scope(&user, query.region.clone())?;
    let body = report::csv(&state.db, region.as_ref(), query.kind).await?;
    let name = region.map_or_else(|| "national".to_owned(), |r| r.to_string());
    Ok(super::download::attachment(
        &format!("integrity-{name}.csv"),
        super::download::CSV,
        body,
    ))
}

//! Coordinators: the dashboard, its programmes, targets, classes in scope and
//! the integrity report.

use cultivator_shared::api::Page;
use cultivator_shared::api::coordination::{
    ClassRates, Dashboard, DashboardQuery, ProgrammeOption, SetTargetsRequest, TargetsView,
};
use cultivator_shared::api::integrity::{IntegrityFlag, IntegrityQuery};
use cultivator_shared::{ProgrammeId, RegionCode};
use gloo_net::http::Request;

use super::{ApiError, ApiResult, error_from, get, url, with_csrf};

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        url(path)
    } else {
        url(&format!("{path}?{query}"))
    }
}

pub async fn dashboard(query: &DashboardQuery) -> ApiResult<Dashboard> {
    get(&with_query(
        "/coordination/dashboard",
        &query.to_query_string(),
    ))
    .await
}

/// Where the dashboard's table downloads as `ext` (`csv` or `xlsx`).
pub fn dashboard_download(query: &DashboardQuery, ext: &str) -> String {
    with_query(
        &format!("/coordination/dashboard.{ext}"),
        &query.to_query_string(),
    )
}

pub async fn programmes() -> ApiResult<Vec<ProgrammeOption>> {
    get(&url("/coordination/programmes")).await
}

/// Classes held in `region` with their rates.
pub async fn classes_in(
    region: Option<&RegionCode>,
    programme: Option<ProgrammeId>,
) -> ApiResult<Page<ClassRates>> {
    let mut pairs = vec!["limit=100".to_owned()];
    pairs.extend(region.map(|r| format!("region={r}")));
    pairs.extend(programme.map(|p| format!("programme={p}")));
    get(&with_query("/coordination/classes", &pairs.join("&"))).await
}

pub async fn targets(
    programme: ProgrammeId,
    region: Option<&RegionCode>,
    year: Option<i32>,
) -> ApiResult<TargetsView> {
    let mut pairs = vec![format!("programme={programme}")];
    pairs.extend(region.map(|r| format!("region={r}")));
    pairs.extend(year.map(|y| format!("year={y}")));
    get(&with_query("/coordination/targets", &pairs.join("&"))).await
}

pub async fn set_targets(request: &SetTargetsRequest) -> ApiResult<()> {
    let response = with_csrf(Request::put(&url("/coordination/targets")))
        .json(request)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(&response).await)
    }
}

/// One page of the integrity report (异常学习报告).
pub async fn integrity(query: &IntegrityQuery) -> ApiResult<Page<IntegrityFlag>> {
    let mut pairs: Vec<String> = vec![query.to_query_string()];
    pairs.extend(query.limit.map(|l| format!("limit={l}")));
    pairs.extend(query.offset.map(|o| format!("offset={o}")));
    pairs.retain(|p| !p.is_empty());
    get(&with_query("/coordination/integrity", &pairs.join("&"))).await
}

/// Where the integrity report downloads as CSV, with the same filters.
pub fn integrity_download(query: &IntegrityQuery) -> String {
    with_query("/coordination/integrity.csv", &query.to_query_string())
}

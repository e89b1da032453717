//! A platform's featured and owned courses and classes, its logo, and the
//! coordinators' per-platform table.

use cultivator_shared::api::Page;
use cultivator_shared::api::catalog::{ClassSummary, CourseSummary};
use cultivator_shared::api::coordination::DashboardQuery;
use cultivator_shared::api::platforms::{
    FeaturedItems, Ownership, PlatformCounts, PlatformItemKind, PlatformItemRef, PlatformItems,
    PlatformView,
};
use gloo_net::http::Request;

use super::{ApiError, ApiResult, get, put_file, read, send_json, url, with_csrf};

fn platform_url(code: &str, rest: &str) -> String {
    let code = String::from(js_sys::encode_uri_component(code));
    url(&format!("/platforms/{code}{rest}"))
}

/// Every platform, the national one first.
pub async fn platforms() -> ApiResult<Vec<PlatformView>> {
    get(&url("/platforms")).await
}

pub async fn items(code: &str) -> ApiResult<PlatformItems> {
    get(&platform_url(code, "/items")).await
}

pub async fn set_featured(code: &str, items: Vec<PlatformItemRef>) -> ApiResult<PlatformItems> {
    send_json(
        Request::put(&platform_url(code, "/featured")),
        &FeaturedItems { items },
    )
    .await
}

pub async fn set_ownership(
    code: &str,
    item: PlatformItemRef,
    owned: bool,
) -> ApiResult<PlatformItems> {
    let kind = match item.kind {
        PlatformItemKind::Course => "courses",
        PlatformItemKind::Class => "classes",
    };
    let path = platform_url(code, &format!("/{kind}/{}", item.id));
    send_json(Request::put(&path), &Ownership { owned }).await
}

/// The published courses and open classes listed on this platform.
pub async fn listed() -> ApiResult<(Page<CourseSummary>, Page<ClassSummary>)> {
    let courses = get(&url("/courses?limit=100")).await?;
    let classes = get(&url("/classes?limit=100")).await?;
    Ok((courses, classes))
}

pub async fn upload_logo(code: &str, file: web_sys::File) -> ApiResult<PlatformView> {
    put_file(&platform_url(code, "/logo"), file).await
}

pub async fn remove_logo(code: &str) -> ApiResult<PlatformView> {
    let response = with_csrf(Request::delete(&platform_url(code, "/logo")))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

/// Registrations and trained people by platform, for the dashboard's region
/// and programme.
pub async fn counts(query: &DashboardQuery) -> ApiResult<Vec<PlatformCounts>> {
    let by = DashboardQuery {
        region: query.region.clone(),
        programme: query.programme,
        ..DashboardQuery::default()
    };
    let params = by.to_query_string();
    let path = if params.is_empty() {
        url("/coordination/dashboard/platforms")
    } else {
        url(&format!("/coordination/dashboard/platforms?{params}"))
    };
    get(&path).await
}

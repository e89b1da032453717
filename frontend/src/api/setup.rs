//! Setting up programmes and their stages, and reading the audit trail.

use cultivator_shared::api::Page;
use cultivator_shared::api::audit::{AuditQuery, AuditRecordView};
use cultivator_shared::api::programmes::{
    NewProgramme, ProgrammeDetail, ProgrammeFields, StageFields, StageUpdate,
};
use cultivator_shared::{ProgrammeId, StageId};
use gloo_net::http::Request;

use super::{ApiError, ApiResult, get, read, send_json, url, with_csrf};

/// Replaces the branding of the platform `code`.
pub async fn rebrand(
    code: &str,
    branding: &cultivator_shared::api::platforms::PlatformBrandingFields,
) -> ApiResult<cultivator_shared::api::platforms::PlatformView> {
    let code = String::from(js_sys::encode_uri_component(code));
    send_json(Request::put(&url(&format!("/platforms/{code}"))), branding).await
}

pub async fn programme(id: ProgrammeId) -> ApiResult<ProgrammeDetail> {
    get(&url(&format!("/programmes/{id}"))).await
}

pub async fn create_programme(request: &NewProgramme) -> ApiResult<ProgrammeDetail> {
    send_json(Request::post(&url("/programmes")), request).await
}

pub async fn update_programme(
    id: ProgrammeId,
    fields: &ProgrammeFields,
) -> ApiResult<ProgrammeDetail> {
    send_json(Request::put(&url(&format!("/programmes/{id}"))), fields).await
}

pub async fn add_stage(id: ProgrammeId, stage: &StageFields) -> ApiResult<ProgrammeDetail> {
    send_json(
        Request::post(&url(&format!("/programmes/{id}/stages"))),
        stage,
    )
    .await
}

pub async fn change_stage(
    id: ProgrammeId,
    stage: StageId,
    update: &StageUpdate,
) -> ApiResult<ProgrammeDetail> {
    let path = format!("/programmes/{id}/stages/{stage}");
    send_json(Request::put(&url(&path)), update).await
}

pub async fn delete_stage(id: ProgrammeId, stage: StageId) -> ApiResult<ProgrammeDetail> {
    let path = format!("/programmes/{id}/stages/{stage}");
    let request = with_csrf(Request::delete(&url(&path)))
        .build()
        .map_err(|_| ApiError::Network)?;
    read(request.send().await.map_err(|_| ApiError::Network)?).await
}

fn audit_path(path: &str, query: &AuditQuery, paged: bool) -> String {
    let mut pairs = vec![query.to_query_string()];
    if paged {
        pairs.extend(query.limit.map(|l| format!("limit={l}")));
        pairs.extend(query.offset.map(|o| format!("offset={o}")));
    }
    pairs.retain(|p| !p.is_empty());
    if pairs.is_empty() {
        url(path)
    } else {
        url(&format!("{path}?{}", pairs.join("&")))
    }
}

/// One page of the audit trail.
pub async fn audit(query: &AuditQuery) -> ApiResult<Page<AuditRecordView>> {
    get(&audit_path("/audit", query, true)).await
}

/// Where the audit trail downloads as CSV, with the same filters.
pub fn audit_download(query: &AuditQuery) -> String {
    audit_path("/audit.csv", query, false)
}

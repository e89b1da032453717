//! Certificates for staff: a person's and a class's certificates, their
//! background printing, and a programme's certificate design.

use cultivator_shared::api::certificates::{
    CertificateBatchView, CertificateTemplate, CertificateTemplateView, CertificateView,
    TemplateImage,
};
use cultivator_shared::{ClassId, ProgrammeId, UserId};
use gloo_net::http::Request;

use super::{ApiError, ApiResult, get, put_file, read, send_json, url, with_csrf};

/// A person's certificates, valid and revoked, for coordinators over their
/// home region.
pub async fn person_certificates(person: UserId) -> ApiResult<Vec<CertificateView>> {
    get(&url(&format!("/users/{person}/certificates"))).await
}

/// The certificates of a class's members, valid and revoked.
pub async fn class_certificates(class: ClassId) -> ApiResult<Vec<CertificateView>> {
    get(&url(&format!("/classes/{class}/certificates"))).await
}

/// Starts printing every valid certificate of the class in the background.
pub async fn start_batch(class: ClassId) -> ApiResult<CertificateBatchView> {
    let response = with_csrf(Request::post(&url(&format!(
        "/classes/{class}/certificate-batches"
    ))))
    .send()
    .await
    .map_err(|_| ApiError::Network)?;
    read(response).await
}

/// The class's batches of the last day, newest first.
pub async fn batches(class: ClassId) -> ApiResult<Vec<CertificateBatchView>> {
    get(&url(&format!("/classes/{class}/certificate-batches"))).await
}

pub async fn batch(class: ClassId, batch: i64) -> ApiResult<CertificateBatchView> {
    get(&url(&format!(
        "/classes/{class}/certificate-batches/{batch}"
    )))
    .await
}

/// Where a finished batch's file is downloaded from: `certificates.pdf`
/// (every certificate, a page each) or `certificates.zip` (a PDF each).
pub fn batch_file_url(batch: &CertificateBatchView, file: &str) -> String {
    url(&format!(
        "/classes/{}/certificate-batches/{}/{file}",
        batch.class, batch.id
    ))
}

pub async fn template(programme: ProgrammeId) -> ApiResult<CertificateTemplateView> {
    get(&url(&format!(
        "/programmes/{programme}/certificate-template"
    )))
    .await
}

pub async fn save_template(
    programme: ProgrammeId,
    texts: &CertificateTemplate,
) -> ApiResult<CertificateTemplateView> {
    send_json(
        Request::put(&url(&format!(
            "/programmes/{programme}/certificate-template"
        ))),
        texts,
    )
    .await
}

pub async fn upload_image(
    programme: ProgrammeId,
    image: TemplateImage,
    file: web_sys::File,
) -> ApiResult<CertificateTemplateView> {
    put_file(
        &url(&format!(
            "/programmes/{programme}/certificate-template/{}",
            image.as_str()
        )),
        file,
    )
    .await
}

/// A sample certificate printed with the design as saved.
pub fn preview_url(programme: ProgrammeId) -> String {
    url(&format!(
        "/programmes/{programme}/certificate-template/preview.pdf"
    ))
}

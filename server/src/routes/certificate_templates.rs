//! A programme's certificate design: its texts, its logo and seal, and a
//! sample certificate to check them on, for those who design certificates
//! (`permissions::may_design_certificates`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Utc;
use cultivator_shared::api::certificates::{
    CertificateTemplate, CertificateTemplateView, TEMPLATE_IMAGE_MAX_BYTES, TemplateImage,
};
use cultivator_shared::{ApiErrorBody, ProgrammeId};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::download::{PDF, attachment};
use super::public_origin;
use crate::auth::permissions::authorize_certificate_design;
use crate::auth::{ClientAddr, CurrentUser};
use crate::domain::certificates::template;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_image))
        // Twice the limit, so a file over it is answered with its own
        // code rather than cut off.
        .layer(DefaultBodyLimit::max(2 * TEMPLATE_IMAGE_MAX_BYTES))
        .routes(routes!(show, save))
        .routes(routes!(preview))
}

/// A programme's certificate design (empty texts if never set).
#[utoipa::path(get, path = "/programmes/{id}/certificate-template", tag = "certificates",
    params(("id" = i64, Path, description = "Programme id")),
    responses((status = 200, body = CertificateTemplateView), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<CertificateTemplateView>, ApiError> {
    authorize_certificate_design(&user)?;
    Ok(ApiJson(template::view(&state.db, ProgrammeId(id)).await?))
}

/// Sets the design's texts. The issuer is signed into the certificates
/// issued from now on; those issued before keep theirs.
#[utoipa::path(put, path = "/programmes/{id}/certificate-template", tag = "certificates",
    params(("id" = i64, Path, description = "Programme id")),
    request_body = CertificateTemplate,
    responses((status = 200, body = CertificateTemplateView), (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
    Json(texts): Json<CertificateTemplate>,
) -> Result<ApiJson<CertificateTemplateView>, ApiError> {
    authorize_certificate_design(&user)?;
    let actor = user.actor(address);
    Ok(ApiJson(
        template::save_texts(&state.db, &actor, ProgrammeId(id), &texts, Utc::now()).await?,
    ))
}

/// Uploads the logo or the seal: a PNG or JPEG file of at most 512 kB and
/// 1,200 pixels each way, told apart by its content.
#[utoipa::path(put, path = "/programmes/{id}/certificate-template/{image}", tag = "certificates",
    params(("id" = i64, Path, description = "Programme id"),
        ("image" = String, Path, description = "`logo` or `seal`")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = CertificateTemplateView), (status = 403, body = ApiErrorBody),
        (status = 413, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn upload_image(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(target): Path<(i64, String)>,
    body: Bytes,
) -> Result<ApiJson<CertificateTemplateView>, ApiError> {
    authorize_certificate_design(&user)?;
    let (id, image) = target;
    let which = TemplateImage::parse(&image).ok_or(ApiError::NotFound)?;
    let actor = user.actor(address);
    Ok(ApiJson(
        template::save_image(
            &state.db,
            &actor,
            ProgrammeId(id),
            which,
            body.to_vec(),
            Utc::now(),
        )
        .await?,
    ))
}

/// A sample certificate printed with the design as it is now (not signed,
/// and its number is no certificate's).
#[utoipa::path(get, path = "/programmes/{id}/certificate-template/preview.pdf", tag = "certificates",
    params(("id" = i64, Path, description = "Programme id")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn preview(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    authorize_certificate_design(&user)?;
    let origin = public_origin(&state, &headers);
    let pdf = template::preview(
        &state.db,
        state.certificate_font.clone(),
        ProgrammeId(id),
        &origin,
        Utc::now(),
    )
    .await?;
    Ok(attachment(
        &format!("programme-{id}-certificate-sample.pdf"),
        PDF,
        pdf,
    ))
}

//! A class's certificates printed in the background, for those who manage
//! the class: start a batch, follow its progress, download its files.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::certificates::CertificateBatchView;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::download::{PDF, attachment};
use super::public_origin;
use crate::auth::ManagedClass;
use crate::db::certificate_batches::File;
use crate::domain::certificates::batch;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

const ZIP: &str = "application/zip";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start, batches))
        .routes(routes!(progress))
        .routes(routes!(batch_pdf))
        .routes(routes!(batch_zip))
}

/// Starts printing every valid certificate of the class: one PDF of them
/// all and a ZIP of one PDF per person. Answers at once (202) with the
/// batch; follow it at its own address. One batch of a class prints at a
/// time (409 `certificate_batch_running` while one does).
#[utoipa::path(post, path = "/classes/{id}/certificate-batches", tag = "certificates",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 202, body = CertificateBatchView), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    managed: ManagedClass,
) -> Result<Response, ApiError> {
    let origin = public_origin(&state, &headers);
    let started = batch::start(
        &state.db,
        state.certificate_font.clone(),
        managed.id(),
        managed.user.id,
        &origin,
        Utc::now(),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, ApiJson(started)).into_response())
}

/// The class's batches of the last day, newest first.
#[utoipa::path(get, path = "/classes/{id}/certificate-batches", tag = "certificates",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = Vec<CertificateBatchView>), (status = 403, body = ApiErrorBody)))]
async fn batches(
    State(state): State<AppState>,
    managed: ManagedClass,
) -> Result<ApiJson<Vec<CertificateBatchView>>, ApiError> {
    Ok(ApiJson(
        batch::of_class(&state.db, managed.id(), Utc::now()).await?,
    ))
}

/// How far a batch is: certificates done of the total, and its state.
#[utoipa::path(get, path = "/classes/{id}/certificate-batches/{batch}", tag = "certificates",
    params(("id" = i64, Path, description = "Class id"), ("batch" = i64, Path, description = "Batch id")),
    responses((status = 200, body = CertificateBatchView), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
async fn progress(
    State(state): State<AppState>,
    managed: ManagedClass,
    Path(ids): Path<(i64, i64)>,
) -> Result<ApiJson<CertificateBatchView>, ApiError> {
    Ok(ApiJson(
        batch::progress(&state.db, managed.id(), ids.1, Utc::now()).await?,
    ))
}

/// The batch's print-ready PDF, a page per certificate (409 until ready).
#[utoipa::path(get, path = "/classes/{id}/certificate-batches/{batch}/certificates.pdf", tag = "certificates",
    params(("id" = i64, Path, description = "Class id"), ("batch" = i64, Path, description = "Batch id")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn batch_pdf(
    State(state): State<AppState>,
    managed: ManagedClass,
    Path(ids): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let bytes = batch::file(&state.db, managed.id(), ids.1, File::Pdf, Utc::now()).await?;
    Ok(attachment(
        &format!("class-{}-certificates.pdf", managed.id()),
        PDF,
        bytes,
    ))
}

/// The batch's ZIP of one PDF per person (409 until ready).
#[utoipa::path(get, path = "/classes/{id}/certificate-batches/{batch}/certificates.zip", tag = "certificates",
    params(("id" = i64, Path, description = "Class id"), ("batch" = i64, Path, description = "Batch id")),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>),
        (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn batch_zip(
    State(state): State<AppState>,
    managed: ManagedClass,
    Path(ids): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let bytes = batch::file(&state.db, managed.id(), ids.1, File::Zip, Utc::now()).await?;
    Ok(attachment(
        &format!("class-{}-certificates.zip", managed.id()),
        ZIP,
        bytes,
    ))
}

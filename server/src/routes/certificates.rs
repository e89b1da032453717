//! Certificates: the holder's own list, a person's list for the
//! coordinators over their home, one certificate for those who may see it,
//! a class's certificates for its managers, and the public check of a
//! number with the published signing keys (no sign-in for either).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Utc;
use cultivator_shared::api::certificates::{CertificateView, SigningKeys, VerifiedCertificate};
use cultivator_shared::{ApiErrorBody, CertificateId, UserId};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::download::{PDF, attachment};
use super::public_origin;
use crate::auth::permissions::authorize_certificate;
use crate::auth::{ClientAddr, CurrentUser, ManagedClass};
use crate::domain::accounts::staff_made;
use crate::domain::certificates;
use crate::domain::classes::setup;
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_certificates))
        .routes(routes!(person_certificates))
        .routes(routes!(one_certificate))
        .routes(routes!(class_certificates))
        .routes(routes!(certificate_pdf))
        .routes(routes!(class_certificates_pdf))
        .routes(routes!(verify))
}

/// The published keys, at the site's root (`certificates::KEYS_PATH`).
pub fn well_known() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(signing_keys))
}

/// The signed-in person's certificates, newest first.
#[utoipa::path(get, path = "/certificates", tag = "certificates",
    responses((status = 200, body = Vec<CertificateView>), (status = 401, body = ApiErrorBody)))]
async fn my_certificates(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
) -> Result<ApiJson<Vec<CertificateView>>, ApiError> {
    let origin = public_origin(&state, &headers);
    Ok(ApiJson(
        certificates::of_holder(&state.db, user.id, &origin).await?,
    ))
}

/// A person's certificates, valid and revoked, newest first: for the
/// person, coordinators over their home region and admins.
#[utoipa::path(get, path = "/users/{id}/certificates", tag = "certificates",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = Vec<CertificateView>), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
async fn person_certificates(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<Vec<CertificateView>>, ApiError> {
    let holder = UserId(id);
    let (home, _) = staff_made::home_and_roles(&state.db, holder).await?;
    authorize_certificate(&user, holder, Some(&home), None)?;
    let origin = public_origin(&state, &headers);
    Ok(ApiJson(
        certificates::of_holder(&state.db, holder, &origin).await?,
    ))
}

/// One certificate: for its holder, the managers of the class it
/// certifies, coordinators over the holder's region and admins.
#[utoipa::path(get, path = "/certificates/{id}", tag = "certificates",
    params(("id" = i64, Path, description = "Certificate id")),
    responses((status = 200, body = CertificateView), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
async fn one_certificate(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<CertificateView>, ApiError> {
    let found = authorised(&state, &user, id).await?;
    let origin = public_origin(&state, &headers);
    Ok(ApiJson(certificates::view(&found.row, &origin)?))
}

/// Finds certificate `id` and checks that `user` may see it.
async fn authorised(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<certificates::Found, ApiError> {
    let found = certificates::find(&state.db, CertificateId(id)).await?;
    let staff = match found.class {
        Some(class) => {
            let class = setup::find(&state.db, class).await?;
            Some(setup::staff(&state.db, &class).await?)
        }
        None => None,
    };
    authorize_certificate(
        user,
        cultivator_shared::UserId(found.row.user_id),
        found.holder_home.as_ref(),
        staff.as_ref(),
    )?;
    Ok(found)
}

/// The printable certificate (A4 landscape PDF with its QR code), for
/// whoever may see it.
#[utoipa::path(get, path = "/certificates/{id}/certificate.pdf", tag = "certificates",
    params(("id" = i64, Path, description = "Certificate id")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn certificate_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let found = authorised(&state, &user, id).await?;
    let origin = public_origin(&state, &headers);
    let pdf =
        certificates::pdf_of(&state.db, state.certificate_font.clone(), &found, &origin).await?;
    Ok(attachment(
        &format!("certificate-{}.pdf", found.row.number),
        PDF,
        pdf,
    ))
}

/// Every valid certificate of a class as one print-ready PDF, a page each,
/// for those who manage the class.
#[utoipa::path(get, path = "/classes/{id}/certificates.pdf", tag = "certificates",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn class_certificates_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    managed: ManagedClass,
) -> Result<Response, ApiError> {
    let origin = public_origin(&state, &headers);
    let pdf = certificates::class_pdf(
        &state.db,
        state.certificate_font.clone(),
        managed.id(),
        &origin,
    )
    .await?;
    Ok(attachment(
        &format!("class-{}-certificates.pdf", managed.id()),
        PDF,
        pdf,
    ))
}

/// The certificates of a class's members, valid and revoked, for those who
/// manage the class.
#[utoipa::path(get, path = "/classes/{id}/certificates", tag = "certificates",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = Vec<CertificateView>), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
async fn class_certificates(
    State(state): State<AppState>,
    headers: HeaderMap,
    managed: ManagedClass,
) -> Result<ApiJson<Vec<CertificateView>>, ApiError> {
    let origin = public_origin(&state, &headers);
    Ok(ApiJson(
        certificates::of_class(&state.db, managed.id(), &origin).await?,
    ))
}

/// Checks a certificate number, for anyone: valid or revoked (with the
/// date), the holder's name masked, what was completed and when, and who
/// issued it. Lookups of unknown numbers are limited per address (429).
#[utoipa::path(get, path = "/verify/{number}", tag = "certificates",
    params(("number" = String, Path, description = "Certificate number, e.g. 2026-51-K7Q3M-9XDWA-H")),
    responses((status = 200, body = VerifiedCertificate), (status = 404, body = ApiErrorBody),
        (status = 429, body = ApiErrorBody)))]
async fn verify(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Path(number): Path<String>,
) -> Result<ApiJson<VerifiedCertificate>, ApiError> {
    Ok(ApiJson(
        certificates::verify(&state.db, &number, address, Utc::now()).await?,
    ))
}

/// Every Ed25519 key certificates were signed with, newest first: what an
/// offline verifier needs to check a certificate's QR code.
#[utoipa::path(get, path = "/.well-known/cultivator-certificate-keys.json", tag = "certificates",
    responses((status = 200, body = SigningKeys)))]
async fn signing_keys(State(state): State<AppState>) -> Result<ApiJson<SigningKeys>, ApiError> {
    Ok(ApiJson(certificates::keys::published(&state.db).await?))
}

//! `/verify/:number`: anyone, signed in or not, checks a certificate from
//! its number or its QR code: valid or revoked, the holder's name masked,
//! what was completed and who issued it. Small, for a phone on a slow
//! network: one request, no images.

use cultivator_shared::ErrorCode;
use cultivator_shared::api::certificates::{CertificateStatus, VerifiedCertificate};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::certificates::{CertMsg, kind_name, status_name};
use crate::i18n::{credit_hours, local_time, use_i18n};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = params.read_untracked().get("number").unwrap_or_default();
    let found = LocalResource::new(move || {
        let number = number.clone();
        async move { api::verify_certificate(&number).await }
    });
    let body = move || {
        match found.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Ok(c)) => view! { <Verified certificate=c/> }.into_any(),
        Some(Err(ApiError::Api { body, .. })) if body.code == ErrorCode::NotFound => view! {
            <p class="alert" data-test="verify-not-found">{move || i18n.t(CertMsg::VerifyNotFound)}</p>
        }
        .into_any(),
        Some(Err(ApiError::Api { body, .. })) if body.code == ErrorCode::TooManyAttempts => view! {
            <p class="alert">{move || i18n.t(CertMsg::VerifyThrottled)}</p>
        }
        .into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
    }
    };
    view! {
        <section class="card verify">
            <h1>{move || i18n.t(CertMsg::VerifyTitle)}</h1>
            {body}
        </section>
    }
}

#[component]
fn Verified(certificate: VerifiedCertificate) -> impl IntoView {
    let i18n = use_i18n();
    let VerifiedCertificate {
        number,
        status,
        revoked_at,
        holder,
        kind,
        title,
        credit_hours: hours,
        completed_at,
        issuer,
        ..
    } = certificate;
    let valid = status == CertificateStatus::Valid;
    view! {
        <p class="verdict" class:valid=valid class:revoked=!valid data-test="verify-status">
            {move || i18n.t(status_name(status))}
            {revoked_at.map(|at| view! { " · " {move || i18n.t(CertMsg::RevokedOn)} " " {local_time(at)} })}
        </p>
        <dl class="facts">
            <dt>{move || i18n.t(CertMsg::Number)}</dt>
            <dd>{number}</dd>
            <dt>{move || i18n.t(CertMsg::Holder)}</dt>
            <dd data-test="verify-holder">{holder}</dd>
            <dt>{move || i18n.t(kind_name(kind))}</dt>
            <dd>{title}</dd>
            <dt>{move || i18n.t(CertMsg::Hours)}</dt>
            <dd>{move || credit_hours(i18n.locale(), hours)}</dd>
            <dt>{move || i18n.t(CertMsg::CompletedOn)}</dt>
            <dd>{local_time(completed_at)}</dd>
            <dt>{move || i18n.t(CertMsg::IssuedBy)}</dt>
            <dd>{issuer}</dd>
        </dl>
    }
}

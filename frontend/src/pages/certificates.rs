//! `/certificates`: the trainee's certificates, each with its number, what
//! it certifies, its status and a PDF to download.

use cultivator_shared::api::certificates::{CertificateStatus, CertificateView};
use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::certificates::{CertMsg, kind_name, status_name};
use crate::i18n::{credit_hours, local_time, use_i18n};

#[component]
pub fn CertificatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::my_certificates);
    let body = move || match list.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(certificates)) if certificates.is_empty() => {
            view! { <p class="empty">{move || i18n.t(CertMsg::NoCertificates)}</p> }.into_any()
        }
        Some(Ok(certificates)) => certificates
            .into_iter()
            .map(|c| view! { <CertificateCard certificate=c/> })
            .collect_view()
            .into_any(),
    };
    view! {
        <section class="card">
            <h1>{move || i18n.t(CertMsg::MyCertificatesTitle)}</h1>
            <div class="certificates" data-test="certificates">{body}</div>
        </section>
    }
}

#[component]
fn CertificateCard(certificate: CertificateView) -> impl IntoView {
    let i18n = use_i18n();
    let pdf = api::certificate_pdf_url(&certificate);
    let verify = format!("/verify/{}", certificate.number);
    let CertificateView {
        number,
        kind,
        title,
        credit_hours: hours,
        completed_at,
        issuer,
        status,
        revoked_at,
        ..
    } = certificate;
    let revoked = status == CertificateStatus::Revoked;
    view! {
        <article class="certificate" data-test="certificate" class:revoked=revoked>
            <h2>{title}</h2>
            <p class="meta">
                {move || i18n.t(kind_name(kind))} " · "
                <strong data-test="certificate-status">{move || i18n.t(status_name(status))}</strong>
                {revoked_at.map(|at| view! { " " {local_time(at)} })}
            </p>
            <dl class="facts">
                <dt>{move || i18n.t(CertMsg::Number)}</dt>
                <dd data-test="certificate-number">{number}</dd>
                <dt>{move || i18n.t(CertMsg::Hours)}</dt>
                <dd>{move || credit_hours(i18n.locale(), hours)}</dd>
                <dt>{move || i18n.t(CertMsg::CompletedOn)}</dt>
                <dd>{local_time(completed_at)}</dd>
                <dt>{move || i18n.t(CertMsg::IssuedBy)}</dt>
                <dd>{issuer}</dd>
            </dl>
            <p>
                <a class="button-link" href=pdf download data-test="certificate-pdf">
                    {move || i18n.t(CertMsg::Download)}
                </a>
                " "
                <a href=verify>{move || i18n.t(CertMsg::Open)}</a>
            </p>
        </article>
    }
}

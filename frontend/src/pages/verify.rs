//! `/verify/:number`: anyone, signed in or not, checks a certificate from
//! its number or its QR code: valid or revoked, the holder's name masked,
//! what was completed and who issued it. Small, for a phone on a slow
//! network: one request, no images. A QR link also carries the signed
//! credential in its fragment: its signature is checked in the browser
//! first ([`crate::credential`]), so a verdict shows even with no network.

use cultivator_shared::ErrorCode;
use cultivator_shared::api::certificates::{CertificateStatus, VerifiedCertificate};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine};
use crate::credential::{self, Offline, Signed};
use crate::i18n::certificates::{CertMsg, kind_name, status_name};
use crate::i18n::{credit_hours, local_time, use_i18n};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = params.read_untracked().get("number").unwrap_or_default();
    let fragment = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let offline = LocalResource::new({
        let number = number.clone();
        move || {
            let (number, fragment) = (number.clone(), fragment.clone());
            async move { credential::check(&number, &fragment).await }
        }
    });
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
            {move || offline.get().flatten().map(|outcome| view! { <OfflineCheck outcome/> })}
            <h2>{move || i18n.t(CertMsg::OnlineStatus)}</h2>
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

/// The verdict of the signature in the link, and what it covers.
#[component]
fn OfflineCheck(outcome: Offline) -> impl IntoView {
    let i18n = use_i18n();
    let (valid, verdict) = match &outcome {
        Offline::Valid(s) => (true, format!("{} · ", s.key_id)),
        Offline::UnknownKey(id) => (false, format!("{id} · ")),
        Offline::Invalid | Offline::Unchecked => (false, String::new()),
    };
    let message = match &outcome {
        Offline::Valid(_) => CertMsg::SignatureValid,
        Offline::Invalid => CertMsg::SignatureInvalid,
        Offline::UnknownKey(_) | Offline::Unchecked => CertMsg::SignatureUnchecked,
    };
    let key =
        valid.then(|| view! { " — " {move || i18n.t(CertMsg::SignedByKey)} " " {verdict.clone()} });
    let fields = match outcome {
        Offline::Valid(signed) => Some(view! { <SignedFields signed/> }),
        _ => None,
    };
    view! {
        <p class="verdict" class:valid=valid class:revoked=!valid data-test="signature-status">
            {move || i18n.t(message)}
            {key}
        </p>
        {fields}
    }
}

#[component]
fn SignedFields(signed: Signed) -> impl IntoView {
    let i18n = use_i18n();
    let Signed {
        number,
        kind,
        holder_name,
        title,
        credit,
        completed_on,
        issuer,
        ..
    } = signed;
    view! {
        <h2>{move || i18n.t(CertMsg::SignedFields)}</h2>
        <dl class="facts" data-test="signed-fields">
            <dt>{move || i18n.t(CertMsg::Number)}</dt>
            <dd>{number}</dd>
            <dt>{move || i18n.t(CertMsg::Holder)}</dt>
            <dd>{holder_name}</dd>
            <dt>{move || i18n.t(kind_name(kind))}</dt>
            <dd>{title}</dd>
            <dt>{move || i18n.t(CertMsg::Hours)}</dt>
            <dd>{move || credit_hours(i18n.locale(), credit)}</dd>
            <dt>{move || i18n.t(CertMsg::CompletedOn)}</dt>
            <dd>{completed_on}</dd>
            <dt>{move || i18n.t(CertMsg::IssuedBy)}</dt>
            <dd>{issuer}</dd>
        </dl>
    }
}

//! In the people lookup: a person's certificates, valid and revoked, each
//! with its PDF, loaded when the coordinator asks for them.

use cultivator_shared::UserId;
use cultivator_shared::api::certificates::CertificateView;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, certificate_staff};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::certificate_staff::CertStaffMsg;
use crate::i18n::certificates::{CertMsg, kind_name, status_name};
use crate::i18n::{local_time, use_i18n};

#[component]
pub fn PersonCertificates(person: UserId) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let held = RwSignal::new(None::<Vec<CertificateView>>);
    let failure = RwSignal::new(None::<ApiError>);
    let show = move |_| {
        open.set(true);
        failure.set(None);
        spawn_local(async move {
            match certificate_staff::person_certificates(person).await {
                Ok(list) => held.set(Some(list)),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let list = move || {
        held.get().map(|list| {
            if list.is_empty() {
                return view! {
                    <p class="empty">{move || i18n.t(CertStaffMsg::NoPersonCertificates)}</p>
                }
                .into_any();
            }
            list.into_iter()
                .map(|c| {
                    let pdf = api::certificate_pdf_url(&c);
                    let (kind, status) = (c.kind, c.status);
                    let revoked = c.revoked_at.map(|at| {
                        let reason = c.revoke_reason.clone().unwrap_or_default();
                        view! { " " {local_time(at)} " " {reason} }
                    });
                    view! {
                        <li data-test="person-certificate">
                            <strong>{c.title}</strong> " · " {move || i18n.t(kind_name(kind))}
                            <br/>
                            <span data-test="person-certificate-number">{c.number}</span> " · "
                            <span data-test="person-certificate-status">{move || i18n.t(status_name(status))}</span>
                            {revoked} " "
                            <a href=pdf download>{move || i18n.t(CertMsg::Download)}</a>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="secondary" data-test="show-certificates" on:click=show>
                    {move || i18n.t(CertStaffMsg::ShowCertificates)}
                </button>
            }
        >
            <h3>{move || i18n.t(CertStaffMsg::ClassCertificatesTitle)}</h3>
            <ErrorAlert error=failure/>
            {move || (held.with(Option::is_none) && failure.with(Option::is_none)).then(|| view! { <LoadingLine/> })}
            <ul class="links person-certificates">{list}</ul>
        </Show>
    }
}

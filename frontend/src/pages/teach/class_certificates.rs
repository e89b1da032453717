//! A class's certificates on its page: who holds one (valid or revoked,
//! with the reason), each one's PDF, and printing them all in the
//! background: a progress bar while it runs, then one print-ready PDF and a
//! ZIP of one PDF each.

use std::time::Duration;

use cultivator_shared::api::certificates::CertificateBatchView;
use cultivator_shared::api::certificates::{BatchState, CertificateStatus, CertificateView};
use cultivator_shared::{ClassId, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, certificate_staff};
use crate::components::ErrorAlert;
use crate::i18n::certificate_staff::{CertStaffMsg, batch_state_name};
use crate::i18n::certificates::{CertMsg, kind_name, status_name};
use crate::i18n::{local_time, use_i18n};

/// How often a running batch is asked how far it is.
const POLL_EVERY: Duration = Duration::from_millis(1500);

#[component]
pub fn ClassCertificates(class_id: ClassId) -> impl IntoView {
    let i18n = use_i18n();
    let held = RwSignal::new(None::<Vec<CertificateView>>);
    let batches = RwSignal::new(Vec::<CertificateBatchView>::new());
    let failure = RwSignal::new(None::<ApiError>);
    spawn_local(async move {
        match certificate_staff::class_certificates(class_id).await {
            Ok(list) => held.set(Some(list)),
            Err(e) => failure.set(Some(e)),
        }
        match certificate_staff::batches(class_id).await {
            Ok(list) => batches.set(list),
            Err(e) => failure.set(Some(e)),
        }
    });

    // Follows the running batches until each ends.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let running: Vec<i64> = batches.with_untracked(|all| {
                all.iter()
                    .filter(|b| b.state == BatchState::Running)
                    .map(|b| b.id)
                    .collect()
            });
            for id in running {
                spawn_local(async move {
                    match certificate_staff::batch(class_id, id).await {
                        Ok(next) => batches.update(|all| {
                            if let Some(slot) = all.iter_mut().find(|b| b.id == next.id) {
                                *slot = next;
                            }
                        }),
                        Err(e) => failure.set(Some(e)),
                    }
                });
            }
        },
        POLL_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }

    let pending = RwSignal::new(false);
    let print_all = move |_| {
        failure.set(None);
        pending.set(true);
        spawn_local(async move {
            match certificate_staff::start_batch(class_id).await {
                Ok(started) => batches.update(|all| all.insert(0, started)),
                Err(e) => {
                    // Someone else's batch of this class is printing: show it.
                    if e.code() == Some(ErrorCode::CertificateBatchRunning)
                        && let Ok(list) = certificate_staff::batches(class_id).await
                    {
                        batches.set(list);
                    }
                    failure.set(Some(e));
                }
            }
            pending.set(false);
        });
    };
    let running = move || batches.with(|all| all.iter().any(|b| b.state == BatchState::Running));
    let valid = move || {
        held.with(|list| {
            list.as_ref()
                .is_some_and(|l| l.iter().any(|c| c.status == CertificateStatus::Valid))
        })
    };

    let table = move || {
        held.get().map(|list| {
            if list.is_empty() {
                return view! {
                    <p class="empty">{move || i18n.t(CertStaffMsg::NoClassCertificates)}</p>
                }
                .into_any();
            }
            let rows = list
                .into_iter()
                .map(|c| view! { <HeldRow certificate=c/> })
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0">
                    <table data-test="class-certificates">
                        <thead><tr>
                            <th>{move || i18n.t(CertMsg::Holder)}</th>
                            <th>{move || i18n.t(CertMsg::Number)}</th>
                            <th>{move || i18n.t(CertStaffMsg::Status)}</th>
                            <th></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    let batch_list = move || {
        batches
            .get()
            .into_iter()
            .map(|b| view! { <BatchLine batch=b/> })
            .collect_view()
    };
    view! {
        <section class="class-certificates" aria-labelledby="class-certificates-title">
            <h2 id="class-certificates-title">{move || i18n.t(CertStaffMsg::ClassCertificatesTitle)}</h2>
            <ErrorAlert error=failure/>
            {table}
            <p class="hint">{move || i18n.t(CertStaffMsg::PrintHint)}</p>
            <p>
                <button type="button" data-test="print-certificates" on:click=print_all
                    disabled=move || pending.get() || running() || !valid()>
                    {move || i18n.t(CertStaffMsg::PrintAll)}
                </button>
            </p>
            {move || (!batches.with(Vec::is_empty)).then(|| view! {
                <h3>{move || i18n.t(CertStaffMsg::RecentBatches)}</h3>
            })}
            <ul class="links certificate-batches">{batch_list}</ul>
        </section>
    }
}

#[component]
fn HeldRow(certificate: CertificateView) -> impl IntoView {
    let i18n = use_i18n();
    let pdf = api::certificate_pdf_url(&certificate);
    let status = certificate.status;
    let kind = certificate.kind;
    let revoked = certificate.revoked_at.map(|at| {
        let reason = certificate.revoke_reason.clone().unwrap_or_default();
        view! { " " {local_time(at)} " " <span class="reason">{reason}</span> }
    });
    view! {
        <tr data-test="class-certificate">
            <td>{certificate.holder_name}</td>
            <td>
                <span data-test="class-certificate-number">{certificate.number}</span>
                <br/><small>{move || i18n.t(kind_name(kind))} " · " {certificate.title}</small>
            </td>
            <td data-test="class-certificate-status">
                {move || i18n.t(status_name(status))}
                {revoked}
            </td>
            <td>
                <a href=pdf download data-test="class-certificate-pdf">{move || i18n.t(CertMsg::Download)}</a>
            </td>
        </tr>
    }
}

#[component]
fn BatchLine(batch: CertificateBatchView) -> impl IntoView {
    let i18n = use_i18n();
    let state = batch.state;
    let files = (state == BatchState::Ready).then(|| {
        let pdf = certificate_staff::batch_file_url(&batch, "certificates.pdf");
        let zip = certificate_staff::batch_file_url(&batch, "certificates.zip");
        view! {
            " "
            <a href=pdf download data-test="batch-pdf">{move || i18n.t(CertStaffMsg::BatchPdf)}</a>
            " · "
            <a href=zip download data-test="batch-zip">{move || i18n.t(CertStaffMsg::BatchZip)}</a>
            " · " {move || i18n.t(CertStaffMsg::BatchKeptUntil)} " " {local_time(batch.expires_at)}
        }
    });
    view! {
        <li data-test="certificate-batch" data-state=state.as_str()>
            {local_time(batch.created_at)} " · "
            <span role="status">{move || i18n.t(batch_state_name(state))}</span> " "
            <progress max=batch.total.max(1).to_string() value=batch.done.to_string()></progress>
            " " {batch.done} "/" {batch.total}
            {files}
        </li>
    }
}

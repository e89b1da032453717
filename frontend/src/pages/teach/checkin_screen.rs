//! `/teach/sessions/:id/screen`: the instructor's check-in screen. Shows the QR
//! code and the 6-digit code (fetched again as each one rotates), the
//! arrivals and the trainees who entered wrong codes (with any lock), polled
//! every few seconds.

use std::time::Duration;

use cultivator_shared::ClassSessionId;
use cultivator_shared::api::checkin::{AttendanceEntry, CheckinCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::ErrorAlert;
use crate::i18n::integrity::IntegrityMsg;
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn CheckinScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let session = params
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse().ok())
        .map(ClassSessionId);
    let code = RwSignal::new(None::<CheckinCode>);
    let arrivals = RwSignal::new(Vec::<AttendanceEntry>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let ticks = RwSignal::new(0u32);

    let refresh = move || {
        let Some(session) = session else { return };
        spawn_local(async move {
            match api::checkin_code(session).await {
                Ok(c) => code.set(Some(c)),
                Err(e) => failure.set(Some(e)),
            }
            if let Ok(list) = api::attendance(session).await {
                arrivals.set(list);
            }
        });
    };
    refresh();
    // Once a second: count down, and fetch a new code (and the arrivals)
    // when the current one rotates, or every 3 seconds for the list.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            ticks.update(|t| *t += 1);
            let left = code.with_untracked(|c| c.as_ref().map_or(0, |c| c.seconds_left));
            if left <= 1 || ticks.get_untracked().is_multiple_of(3) {
                refresh();
            } else {
                code.update(|c| {
                    if let Some(c) = c {
                        c.seconds_left -= 1;
                    }
                });
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let present = move || {
        arrivals.with(|list| {
            list.iter()
                .filter(|e| e.recorded_at.is_some())
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    // Wrong codes are kept after a later check-in; a lock shows until it ends.
    let failed = move || {
        arrivals.with(|list| {
            list.iter()
                .filter(|e| e.wrong_codes > 0 || e.locked_until.is_some())
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section class="card checkin-screen">
            <h1>{move || i18n.t(Msg::CheckinScreenTitle)}</h1>
            <ErrorAlert error=failure/>
            {move || code.get().map(|c| view! {
                <div class="qr" inner_html=c.qr_svg.clone()></div>
                <p class="code-line">
                    {move || i18n.t(Msg::CheckinCodeLabel)} " "
                    <strong class="code" data-test="checkin-code">{c.code.clone()}</strong>
                </p>
                <p class="meta">{move || i18n.t(Msg::SecondsLeftLabel)} " " {c.seconds_left}</p>
            })}
            <p class="hint">{move || i18n.t(Msg::ScanOrType)}</p>
            <h2>{move || i18n.t(Msg::ArrivalsTitle)} " (" {move || present().len()} ")"</h2>
            {move || {
                let list = present();
                if list.is_empty() {
                    view! { <p class="meta">{move || i18n.t(Msg::NoArrivals)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="arrivals">
                            {list.into_iter().map(|e| view! {
                                <li data-test="arrival">
                                    {e.name} " · " {e.mobile} " · "
                                    {e.recorded_at.map(|t| t.format("%H:%M:%S").to_string())}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <h2>{move || i18n.t(IntegrityMsg::FailedAttemptsTitle)}</h2>
            {move || {
                let list = failed();
                if list.is_empty() {
                    view! { <p class="meta">{move || i18n.t(IntegrityMsg::NoFailedAttempts)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="failed-attempts">
                            {list.into_iter().map(|e| view! {
                                <li data-test="failed-attempt">
                                    {e.name} " · " {e.wrong_codes} " " {move || i18n.t(IntegrityMsg::WrongCodes)}
                                    {e.locked_until.map(|until| view! {
                                        " · " <strong>{move || i18n.t(IntegrityMsg::LockedUntil)} " " {clock_time(until)}</strong>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// A moment's time of day in the browser's time zone.
fn clock_time(at: chrono::DateTime<chrono::Utc>) -> String {
    super::local_time(at)
        .split_once(' ')
        .map_or_else(String::new, |(_, time)| time.to_owned())
}

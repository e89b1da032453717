//! `/teach/sessions/:id/screen`: the instructor's check-in screen. Shows the
//! QR code and the 6-digit code, computed on this device from the session's
//! check-in kit (kept on the device, so the codes go on with no network),
//! the arrivals and the trainees who entered wrong codes (with any lock),
//! polled every few seconds; with no network it says so and keeps the last
//! list.

use std::time::Duration;

use cultivator_shared::ClassSessionId;
use cultivator_shared::api::checkin::{AttendanceEntry, AttendanceMethod};
use cultivator_shared::checkin_code::{seconds_left, window_of};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::device_codes::{code_at, qr_svg};
use crate::api::{self, ApiError, KeptKit};
use crate::components::ErrorAlert;
use crate::i18n::integrity::IntegrityMsg;
use crate::i18n::offline::OfflineMsg;
use crate::i18n::{Msg, use_i18n};

/// The code on the screen, and the window it is for.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    window: i64,
    code: String,
    qr_svg: String,
}

#[component]
pub fn CheckinScreen() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let session = params
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse().ok())
        .map(ClassSessionId);
    let kit = RwSignal::new(None::<KeptKit>);
    let shown = RwSignal::new(None::<Shown>);
    let left = RwSignal::new(0u32);
    let arrivals = RwSignal::new(Vec::<AttendanceEntry>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let offline = RwSignal::new(false);
    let ticks = RwSignal::new(0u32);

    if let Some(session) = session {
        spawn_local(async move {
            match api::checkin_kit(session).await {
                Ok(kept) => kit.set(Some(kept)),
                Err(e) => failure.set(Some(e)),
            }
        });
    }
    // Each second: the server's time by this device's clock, the code of
    // its window (computed again when the window turns), and the seconds left.
    let tick = move || {
        let Some(kept) = kit.get_untracked() else {
            return;
        };
        let now = crate::device::now().timestamp() + kept.clock_behind_secs;
        let period = kept.kit.period_secs;
        left.set(seconds_left(now, period));
        let window = window_of(now, period);
        if shown.with_untracked(|s| s.as_ref().is_some_and(|s| s.window == window)) {
            return;
        }
        spawn_local(async move {
            if let Ok(code) = code_at(&kept.kit.device_key, window).await {
                let url = format!("{}?code={code}", kept.kit.link);
                shown.set(Some(Shown {
                    window,
                    qr_svg: qr_svg(&url),
                    code,
                }));
            }
        });
    };
    Effect::new(move || {
        if kit.with(Option::is_some) {
            tick();
        }
    });
    let poll = move || {
        let Some(session) = session else { return };
        spawn_local(async move {
            match api::attendance(session).await {
                Ok(list) => {
                    offline.set(false);
                    arrivals.set(list);
                }
                Err(ApiError::Network) => offline.set(true),
                Err(_) => {}
            }
        });
    };
    poll();
    if let Ok(handle) = set_interval_with_handle(
        move || {
            ticks.update(|t| *t += 1);
            tick();
            if ticks.get_untracked().is_multiple_of(3) {
                poll();
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
            {move || offline.get().then(|| view! {
                <p class="notice" role="status" data-test="screen-offline">{move || i18n.t(OfflineMsg::ScreenOffline)}</p>
            })}
            {move || {
                let no_kit = kit.with(Option::is_none)
                    && failure.with(|f| matches!(f, Some(ApiError::Network)));
                if no_kit {
                    view! { <p class="error" role="alert">{move || i18n.t(OfflineMsg::NoKitOffline)}</p> }.into_any()
                } else {
                    view! { <ErrorAlert error=failure/> }.into_any()
                }
            }}
            {move || shown.get().map(|c| view! {
                <div class="qr" inner_html=c.qr_svg.clone()></div>
                <p class="code-line">
                    {move || i18n.t(Msg::CheckinCodeLabel)} " "
                    <strong class="code" data-test="checkin-code">{c.code.clone()}</strong>
                </p>
                <p class="meta">{move || i18n.t(Msg::SecondsLeftLabel)} " " {move || left.get()}</p>
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
                                    {e.recorded_at.map(clock_time)}
                                    {(e.method == Some(AttendanceMethod::QueuedCode)).then(|| view! {
                                        " · " <span class="meta" data-test="sent-later">{move || i18n.t(OfflineMsg::SentLater)}</span>
                                    })}
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

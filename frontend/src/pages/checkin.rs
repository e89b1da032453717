//! `/checkin/:session`: a trainee checks in, with the code from the scanned
//! QR link (`?code=`) or typed from the screen. With no network the
//! check-in is kept on the phone with the moment it was made and sent when
//! the network returns (`crate::outbox`); the page says so, and shows the
//! answer when it comes.

use cultivator_shared::ClassSessionId;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, TextField};
use crate::i18n::offline::OfflineMsg;
use crate::i18n::{Msg, use_i18n};
use crate::outbox::{self, Parcel};

#[component]
pub fn Checkin() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let session = params
        .read_untracked()
        .get("session")
        .and_then(|s| s.parse().ok())
        .map(ClassSessionId);
    let code = RwSignal::new(query.read_untracked().get("code").unwrap_or_default());
    let failure = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let queued = RwSignal::new(None::<Parcel>);
    // While a check-in waits on the phone: its answer, once it was sent.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let Some(parcel) = queued.get_untracked() else {
                return;
            };
            let Some(delivered) = outbox::outcome_of(&parcel) else {
                return;
            };
            queued.set(None);
            match delivered.refused {
                None => done.set(true),
                Some(code) => failure.set(Some(ApiError::refused(code))),
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(session) = session else { return };
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let typed = code.get_untracked().trim().to_owned();
        let read_at = crate::device::now();
        spawn_local(async move {
            match api::check_in(session, typed.clone(), None).await {
                Ok(_) => done.set(true),
                Err(ApiError::Network) => {
                    let parcel = Parcel::CheckIn {
                        session,
                        code: typed,
                        at: read_at,
                    };
                    outbox::put(parcel.clone());
                    queued.set(Some(parcel));
                }
                Err(e) => failure.set(Some(e)),
            }
            pending.set(false);
        });
    };
    let needs_login =
        move || failure.with(|f| f.as_ref().is_some_and(ApiError::is_unauthenticated));

    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(Msg::CheckinTitle)}</h1>
            {move || queued.with(Option::is_some).then(|| view! {
                <p class="notice" role="status" data-test="checkin-queued">{move || i18n.t(OfflineMsg::CheckinQueued)}</p>
            })}
            {move || if done.get() {
                view! { <p class="notice" role="status" data-test="checkin-done">{move || i18n.t(Msg::CheckedIn)}</p> }.into_any()
            } else {
                view! {
                    <form on:submit=on_submit novalidate>
                        <TextField
                            label=Msg::CheckinCodeLabel
                            name="code"
                            value=code
                            error=Signal::derive(|| None)
                            input_type="text"
                            autocomplete="one-time-code"
                            inputmode="numeric"
                        />
                        <ErrorAlert error=failure/>
                        {move || needs_login().then(|| view! {
                            <p><a href="/login">{move || i18n.t(Msg::SignInToContinue)}</a></p>
                        })}
                        <button type="submit" class="primary" data-test="checkin-submit"
                            disabled=move || pending.get() || queued.with(Option::is_some)>
                            {move || i18n.t(Msg::CheckinSubmit)}
                        </button>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

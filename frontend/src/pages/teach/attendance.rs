//! Attendance of one session by hand: each enrolled trainee's state with
//! buttons to mark present, absent or excused, and the history of changes.
//! With no network a mark is kept on this device with the moment it was
//! made and sent when the network returns (`crate::outbox`).

use cultivator_shared::api::checkin::{AttendanceCorrection, AttendanceEntry, AttendanceState};
use cultivator_shared::{ClassSessionId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::local_time;
use crate::api::{self, ApiError, rosters};
use crate::components::ErrorAlert;
use crate::i18n::integrity::IntegrityMsg;
use crate::i18n::offline::OfflineMsg;
use crate::i18n::{RosterMsg, use_i18n};
use crate::outbox::{self, Parcel};

fn state_msg(state: Option<AttendanceState>) -> RosterMsg {
    match state {
        Some(AttendanceState::Present) => RosterMsg::Present,
        Some(AttendanceState::Absent) => RosterMsg::Absent,
        Some(AttendanceState::Excused) => RosterMsg::Excused,
        None => RosterMsg::NotMarked,
    }
}

#[component]
pub fn SessionAttendance(session: ClassSessionId) -> impl IntoView {
    let i18n = use_i18n();
    let entries = RwSignal::new(Vec::<AttendanceEntry>::new());
    let history = RwSignal::new(Vec::<AttendanceCorrection>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let load = move || {
        spawn_local(async move {
            match rosters::session_attendance(session).await {
                Ok(list) => entries.set(list),
                Err(e) => failure.set(Some(e)),
            }
            if let Ok(list) = rosters::corrections(session).await {
                history.set(list);
            }
        });
    };
    let waiting = RwSignal::new(marks_waiting(session));
    let mark = move |user: UserId, state: AttendanceState| {
        failure.set(None);
        let at = crate::device::now();
        spawn_local(async move {
            match api::mark_attendance(session, user, state, None).await {
                Ok(_) => load(),
                Err(ApiError::Network) => {
                    outbox::put(Parcel::Mark {
                        session,
                        user,
                        state,
                        at,
                    });
                    entries.update(|all| {
                        if let Some(entry) = all.iter_mut().find(|e| e.user == user) {
                            entry.state = Some(state);
                        }
                    });
                    waiting.set(marks_waiting(session));
                }
                Err(e) => {
                    failure.set(Some(e));
                    load();
                }
            }
        });
    };
    load();
    // Marks kept on this device go when the network returns (the outbox
    // sends them); when fewer wait, the list is read again.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let now = marks_waiting(session);
            if now != waiting.get_untracked() {
                waiting.set(now);
                load();
            }
        },
        std::time::Duration::from_secs(2),
    ) {
        on_cleanup(move || handle.clear());
    }
    let rows = move || {
        entries
            .get()
            .into_iter()
            .map(|e| {
                let user = e.user;
                let buttons = [AttendanceState::Present, AttendanceState::Absent, AttendanceState::Excused]
                    .into_iter()
                    .map(|state| {
                        let current = e.state == Some(state);
                        view! {
                            <button aria-pressed=current.to_string() data-test=format!("mark-{}", state.as_str())
                                on:click=move |_| mark(user, state)>
                                {move || i18n.t(state_msg(Some(state)))}
                            </button>
                        }
                    })
                    .collect_view();
                let state = e.state;
                let wrong = (e.wrong_codes > 0).then(|| {
                    let n = e.wrong_codes;
                    view! { <span class="meta">" · " {n} " " {move || i18n.t(IntegrityMsg::WrongCodes)}</span> }
                });
                view! {
                    <li data-test="attendance-entry">
                        {e.name.clone()} " " {e.mobile.clone()} " · "
                        <strong>{move || i18n.t(state_msg(state))}</strong> {wrong} " " {buttons}
                    </li>
                }
            })
            .collect_view()
    };
    let names = move |user: UserId| {
        entries.with(|all| all.iter().find(|e| e.user == user).map(|e| e.name.clone()))
    };
    let changes = move || {
        history
            .get()
            .into_iter()
            .map(|c| {
                let (from, to) = (c.from, c.to);
                view! {
                    <li data-test="correction">
                        {local_time(c.corrected_at)} " · " {names(c.user).unwrap_or_default()} "："
                        {move || i18n.t(state_msg(from))} " → " {move || i18n.t(state_msg(Some(to)))}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <details class="attendance">
            <summary>{move || i18n.t(RosterMsg::AttendanceTitle)}</summary>
            <ErrorAlert error=failure/>
            {move || (waiting.get() > 0).then(|| view! {
                <p class="notice" role="status" data-test="marks-waiting">
                    {move || waiting.get()} " " {move || i18n.t(OfflineMsg::MarksWaiting)}
                </p>
            })}
            <ul class="attendance-list">{rows}</ul>
            <h4>{move || i18n.t(RosterMsg::CorrectionsTitle)}</h4>
            <ul class="corrections">{changes}</ul>
        </details>
    }
}

/// Marks of `session` kept on this device, waiting for the network.
fn marks_waiting(session: ClassSessionId) -> usize {
    outbox::waiting()
        .iter()
        .filter(|p| matches!(p, Parcel::Mark { session: s, .. } if *s == session))
        .count()
}

//! Changing a running class on its page: editing its settings, cancelling
//! it, and moving or cancelling one of its sessions. The shared rules are
//! checked before sending; the server's answer (a seat limit below the
//! seats taken, dates that leave a session out) is shown as it comes.

use chrono::NaiveDate;
use cultivator_shared::api::classes::{
    ClassDetail, NewSessionRequest, SessionView, UpdateClassRequest,
};
use cultivator_shared::{ApiErrorBody, EnrollmentMode, ErrorCode, FieldError, Track};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{from_local_input, to_local_input};
use crate::api::{ApiError, rosters};
use crate::components::ErrorAlert;
use crate::i18n::{NoticeMsg, RosterMsg, mode_name, use_i18n};

/// Problems found before sending, shown like the server's.
fn invalid(fields: Vec<FieldError>) -> ApiError {
    ApiError::Api {
        status: 422,
        body: ApiErrorBody {
            code: ErrorCode::ValidationFailed,
            message: String::new(),
            fields,
        },
    }
}

/// The class's title, dates, seats, enrolment mode and venue.
#[component]
pub fn ClassSettings(
    detail: ClassDetail,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = &detail.class;
    let class_id = c.id;
    let track = c.track;
    let title = RwSignal::new(c.title.clone());
    let starts_on = RwSignal::new(c.starts_on.to_string());
    let ends_on = RwSignal::new(c.ends_on.to_string());
    let seats = RwSignal::new(c.seat_limit.to_string());
    let mode = RwSignal::new(c.enrollment_mode);
    let venue = RwSignal::new(c.venue.clone().unwrap_or_default());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let (first, last) = (c.starts_on, c.ends_on);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let date = |s: RwSignal<String>, fallback: NaiveDate| {
            NaiveDate::parse_from_str(&s.get_untracked(), "%Y-%m-%d").unwrap_or(fallback)
        };
        let venue = venue.get_untracked();
        let request = UpdateClassRequest {
            title: title.get_untracked(),
            starts_on: date(starts_on, first),
            ends_on: date(ends_on, last),
            seat_limit: seats.get_untracked().trim().parse().unwrap_or(0),
            enrollment_mode: mode.get_untracked(),
            venue: (!venue.trim().is_empty() || track == Track::Offline).then_some(venue),
        };
        if let Err(problems) = request.validate(track) {
            failure.set(Some(invalid(problems)));
            return;
        }
        failure.set(None);
        spawn_local(async move {
            match rosters::update_class(class_id, &request).await {
                Ok(_) => {
                    saved.set(true);
                    on_saved();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let modes = [
        EnrollmentMode::Open,
        EnrollmentMode::Approval,
        EnrollmentMode::Invitation,
    ]
    .into_iter()
    .map(|m| {
        view! {
            <option value=m.as_str() selected=move || mode.get() == m>
                {move || i18n.t(mode_name(m))}
            </option>
        }
    })
    .collect_view();
    let input =
        move |label: RosterMsg, name: &'static str, kind: &'static str, value: RwSignal<String>| {
            view! {
                <label>{move || i18n.t(label)}
                    <input type=kind name=name bind:value=value/></label>
            }
        };
    view! {
        <details class="class-settings" data-test="class-settings">
            <summary>{move || i18n.t(NoticeMsg::EditClassTitle)}</summary>
            <form on:submit=on_submit novalidate>
                {input(RosterMsg::TitleLabel, "title", "text", title)}
                {input(RosterMsg::StartsOnLabel, "starts_on", "date", starts_on)}
                {input(RosterMsg::EndsOnLabel, "ends_on", "date", ends_on)}
                {input(RosterMsg::SeatLimitLabel, "seat_limit", "number", seats)}
                <label>{move || i18n.t(RosterMsg::ModeLabel)}
                    <select name="enrollment_mode" on:change=move |ev| {
                        if let Some(m) = EnrollmentMode::parse(&event_target_value(&ev)) {
                            mode.set(m);
                        }
                    }>{modes}</select>
                </label>
                {input(RosterMsg::VenueLabel, "venue", "text", venue)}
                <ErrorAlert error=failure/>
                {move || saved.get().then(|| view! {
                    <p class="notice" role="status">{move || i18n.t(NoticeMsg::Saved)}</p>
                })}
                <button type="submit" data-test="save-class">{move || i18n.t(NoticeMsg::Save)}</button>
            </form>
        </details>
    }
}

/// A reason, then the button that cancels (the class or a session).
#[component]
fn CancelWithReason(
    label: NoticeMsg,
    submit: NoticeMsg,
    test: &'static str,
    on_cancel: impl Fn(String, RwSignal<Option<ApiError>>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked();
        let request = cultivator_shared::api::classes::CancelRequest {
            reason: text.clone(),
        };
        if let Err(problems) = request.validate() {
            failure.set(Some(invalid(problems)));
            return;
        }
        failure.set(None);
        on_cancel(text, failure);
    };
    view! {
        <details class="cancel" data-test=test>
            <summary>{move || i18n.t(label)}</summary>
            <form on:submit=on_submit novalidate>
                <label>{move || i18n.t(NoticeMsg::CancelReasonLabel)}
                    <textarea name="reason" rows="2" bind:value=reason></textarea></label>
                <ErrorAlert error=failure/>
                <button type="submit" class="danger">{move || i18n.t(submit)}</button>
            </form>
        </details>
    }
}

/// Cancelling the class, with a reason everyone concerned is told.
#[component]
pub fn CancelClass(
    class_id: cultivator_shared::ClassId,
    on_cancelled: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let on_cancel = move |reason: String, failure: RwSignal<Option<ApiError>>| {
        spawn_local(async move {
            match rosters::cancel_class(class_id, reason).await {
                Ok(_) => on_cancelled(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <CancelWithReason label=NoticeMsg::CancelClassTitle submit=NoticeMsg::CancelClassSubmit
            test="cancel-class" on_cancel/>
    }
}

/// Moving a session (time, venue) or cancelling it.
#[component]
pub fn SessionChanges(
    session: SessionView,
    /// The class's first and last day: a session must fall on them.
    days: (NaiveDate, NaiveDate),
    on_changed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = session.id;
    let start = RwSignal::new(to_local_input(session.starts_at));
    let end = RwSignal::new(to_local_input(session.ends_at));
    let venue = RwSignal::new(session.venue.clone());
    let note = session.capacity_note.clone();
    let failure = RwSignal::new(None::<ApiError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(starts_at), Some(ends_at)) = (
            from_local_input(&start.get_untracked()),
            from_local_input(&end.get_untracked()),
        ) else {
            return;
        };
        let venue = venue.get_untracked();
        let request = NewSessionRequest {
            starts_at,
            ends_at,
            venue: (!venue.trim().is_empty()).then_some(venue),
            capacity_note: note.clone(),
        };
        if let Err(problems) = request.validate_for(Some(days)) {
            failure.set(Some(invalid(problems)));
            return;
        }
        failure.set(None);
        spawn_local(async move {
            match rosters::update_session(id, &request).await {
                Ok(_) => on_changed(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let on_cancel = move |reason: String, failure: RwSignal<Option<ApiError>>| {
        spawn_local(async move {
            match rosters::cancel_session(id, reason).await {
                Ok(_) => on_changed(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <details class="move-session" data-test="move-session">
            <summary>{move || i18n.t(NoticeMsg::MoveSession)}</summary>
            <form on:submit=on_submit novalidate>
                <label>{move || i18n.t(RosterMsg::SessionStartLabel)}
                    <input type="datetime-local" name="session_starts_at" bind:value=start/></label>
                <label>{move || i18n.t(RosterMsg::SessionEndLabel)}
                    <input type="datetime-local" name="session_ends_at" bind:value=end/></label>
                <label>{move || i18n.t(RosterMsg::VenueLabel)}
                    <input type="text" name="session_venue" bind:value=venue/></label>
                <ErrorAlert error=failure/>
                <button type="submit">{move || i18n.t(NoticeMsg::MoveSessionSubmit)}</button>
            </form>
        </details>
        <CancelWithReason label=NoticeMsg::CancelSession submit=NoticeMsg::CancelSessionSubmit
            test="cancel-session" on_cancel/>
    }
}

//! `/teach/classes`: the classes the instructor runs, and the form that
//! creates an offline class together with its first session.

use chrono::{Duration, NaiveDate, Timelike};
use cultivator_shared::api::classes::{CreateClassRequest, NewSessionRequest};
use cultivator_shared::api::pathway::ProgrammeView;
use cultivator_shared::{EnrollmentMode, FieldError, ProgrammeId, RegionCode, StageId, Track};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::{from_local_input, now, to_local_input};
use crate::api::{ApiError, rosters};
use crate::components::{ErrorAlert, LoadingLine, RegionPicker};
use crate::i18n::{RosterMsg, date_range, mode_name, use_i18n, validation_message};

#[component]
pub fn TeachClasses() -> impl IntoView {
    let i18n = use_i18n();
    let classes = LocalResource::new(rosters::classes_i_run);
    let list = move || match classes.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">{move || i18n.t(RosterMsg::NoClasses)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="cards">
                {list.into_iter().map(|c| {
                    let (starts, ends) = (c.starts_on, c.ends_on);
                    view! {
                        <li class="card" data-test="class-i-run">
                            <a href=format!("/teach/classes/{}", c.id)>{c.title.clone()}</a>
                            <p class="meta">{move || date_range(i18n.locale(), starts, ends)}
                                " · " {c.seats_taken} "/" {c.seat_limit}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <div class="teach">
            <h1>{move || i18n.t(RosterMsg::ClassesTitle)}</h1>
            {list}
            <NewClassForm/>
        </div>
    }
}

fn field<'a>(errors: &'a [FieldError], name: &str) -> Option<&'a FieldError> {
    errors.iter().find(|e| e.field == name)
}

#[component]
fn NewClassForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let programmes = LocalResource::new(rosters::programmes);
    let today = now().date_naive();
    // The first session by default: today, from the current hour, three hours.
    let session_start = now()
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .unwrap_or_else(now);
    let title = RwSignal::new(String::new());
    let programme = RwSignal::new(None::<ProgrammeId>);
    let stage = RwSignal::new(None::<StageId>);
    let region = RwSignal::new(None::<RegionCode>);
    let starts_on = RwSignal::new(today.to_string());
    let ends_on = RwSignal::new((today + Duration::days(5)).to_string());
    let seats = RwSignal::new("30".to_owned());
    let mode = RwSignal::new(EnrollmentMode::Open);
    let venue = RwSignal::new(String::new());
    let threshold = RwSignal::new("80".to_owned());
    let planned = RwSignal::new(String::new());
    let first_start = RwSignal::new(to_local_input(session_start));
    let first_end = RwSignal::new(to_local_input(session_start + Duration::hours(3)));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    // The first programme is chosen until the instructor picks another.
    Effect::new(move || {
        if let Some(Ok(list)) = programmes.get()
            && programme.get_untracked().is_none()
        {
            programme.set(list.first().map(|p| p.id));
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(programme_id) = programme.get_untracked() else {
            return;
        };
        let date = |s: RwSignal<String>| {
            NaiveDate::parse_from_str(&s.get_untracked(), "%Y-%m-%d").unwrap_or(today)
        };
        let request = CreateClassRequest {
            title: title.get_untracked(),
            track: Track::Offline,
            programme_id,
            stage_id: stage.get_untracked(),
            region_code: region
                .get_untracked()
                .map(|r| r.to_string())
                .unwrap_or_default(),
            starts_on: date(starts_on),
            ends_on: date(ends_on),
            seat_limit: seats.get_untracked().trim().parse().unwrap_or(0),
            enrollment_mode: mode.get_untracked(),
            venue: Some(venue.get_untracked()),
            attendance_threshold_pct: threshold.get_untracked().trim().parse().ok(),
            planned_sessions: planned.get_untracked().trim().parse().ok(),
        };
        let session = match (
            from_local_input(&first_start.get_untracked()),
            from_local_input(&first_end.get_untracked()),
        ) {
            (Some(starts_at), Some(ends_at)) => NewSessionRequest {
                starts_at,
                ends_at,
                venue: None,
                capacity_note: None,
            },
            _ => return,
        };
        let mut problems = request.validate().err().unwrap_or_default();
        let days = Some((request.starts_on, request.ends_on));
        problems.extend(session.validate_for(days).err().unwrap_or_default());
        errors.set(problems.clone());
        if !problems.is_empty() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let created = match rosters::create_class(&request).await {
                Ok(created) => created,
                Err(error) => {
                    if let ApiError::Api { body, .. } = &error {
                        errors.set(body.fields.clone());
                    }
                    failure.set(Some(error));
                    pending.set(false);
                    return;
                }
            };
            let id = created.class.id;
            if let Err(error) = rosters::add_session(id, &session).await {
                failure.set(Some(error));
            }
            pending.set(false);
            navigate(&format!("/teach/classes/{id}"), Default::default());
        });
    };

    let error_line = move |name: &'static str| {
        move || {
            errors.with(|all| field(all, name).map(|e| validation_message(i18n.locale(), e.error)))
        }
    };
    let text_input =
        move |label: RosterMsg, name: &'static str, kind: &'static str, value: RwSignal<String>| {
            let id = format!("field-{name}");
            view! {
                <div class="field">
                    <label for=id.clone()>{move || i18n.t(label)}</label>
                    <input id=id name=name type=kind bind:value=value/>
                    <p class="field-error" data-test=format!("error-{name}")>{error_line(name)}</p>
                </div>
            }
        };
    let programme_select = move || {
        programmes.get().map(|result| match result {
            Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            Ok(list) => {
                let stages_of = {
                    let list = list.clone();
                    move |id: Option<ProgrammeId>| -> Vec<_> {
                        list.iter()
                            .find(|p: &&ProgrammeView| Some(p.id) == id)
                            .map(|p| p.stages.clone())
                            .unwrap_or_default()
                    }
                };
                let options = list
                    .iter()
                    .map(|p| view! { <option value=p.id.to_string()>{p.title.clone()}</option> })
                    .collect_view();
                view! {
                    <div class="field">
                        <label for="field-programme_id">{move || i18n.t(RosterMsg::ProgrammeLabel)}</label>
                        <select id="field-programme_id" name="programme_id"
                            on:change=move |ev| {
                                programme.set(event_target_value(&ev).parse().ok().map(ProgrammeId));
                                stage.set(None);
                            }>
                            {options}
                        </select>
                    </div>
                    <div class="field">
                        <label for="field-stage_id">{move || i18n.t(RosterMsg::StageLabel)}</label>
                        <select id="field-stage_id" name="stage_id"
                            on:change=move |ev| stage.set(event_target_value(&ev).parse().ok().map(StageId))>
                            <option value="">{move || i18n.t(RosterMsg::NoStage)}</option>
                            {move || stages_of(programme.get()).into_iter().map(|s| {
                                view! { <option value=s.id.to_string()>{s.position} ". " {s.title}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
                .into_any()
            }
        })
    };
    let modes = [
        EnrollmentMode::Open,
        EnrollmentMode::Approval,
        EnrollmentMode::Invitation,
    ]
    .into_iter()
    .map(|m| view! { <option value=m.as_str()>{move || i18n.t(mode_name(m))}</option> })
    .collect_view();
    let region_error =
        Signal::derive(move || errors.with(|all| field(all, "region_code").map(|e| e.error)));

    view! {
        <section class="card">
            <h2>{move || i18n.t(RosterMsg::NewClassTitle)}</h2>
            <form on:submit=on_submit novalidate data-test="new-class">
                {text_input(RosterMsg::TitleLabel, "title", "text", title)}
                {programme_select}
                <h3>{move || i18n.t(RosterMsg::RegionLabel)}</h3>
                <RegionPicker selected=region error=region_error/>
                {text_input(RosterMsg::StartsOnLabel, "starts_on", "date", starts_on)}
                {text_input(RosterMsg::EndsOnLabel, "ends_on", "date", ends_on)}
                {text_input(RosterMsg::SeatLimitLabel, "seat_limit", "number", seats)}
                <div class="field">
                    <label for="field-enrollment_mode">{move || i18n.t(RosterMsg::ModeLabel)}</label>
                    <select id="field-enrollment_mode" name="enrollment_mode"
                        on:change=move |ev| {
                            if let Some(m) = EnrollmentMode::parse(&event_target_value(&ev)) {
                                mode.set(m);
                            }
                        }>
                        {modes}
                    </select>
                </div>
                {text_input(RosterMsg::VenueLabel, "venue", "text", venue)}
                {text_input(RosterMsg::ThresholdLabel, "attendance_threshold_pct", "number", threshold)}
                {text_input(RosterMsg::PlannedSessionsLabel, "planned_sessions", "number", planned)}
                <h3>{move || i18n.t(RosterMsg::FirstSessionTitle)}</h3>
                {text_input(RosterMsg::SessionStartLabel, "starts_at", "datetime-local", first_start)}
                {text_input(RosterMsg::SessionEndLabel, "ends_at", "datetime-local", first_end)}
                <ErrorAlert error=failure/>
                <button type="submit" class="primary" data-test="create-class"
                    disabled=move || pending.get()>
                    {move || i18n.t(RosterMsg::CreateSubmit)}
                </button>
            </form>
        </section>
    }
}

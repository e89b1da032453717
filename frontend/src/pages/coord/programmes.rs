//! `/coord/programmes`: the programmes, and the form that creates one with
//! the stages of its pathway (national coordinators and admins). The form
//! starts with the five usual stages, to edit rather than type.

use chrono::{Datelike, NaiveDate};
use cultivator_shared::api::programmes::{NewProgramme, ProgrammeFields, StageFields};
use cultivator_shared::{FieldError, RegionCode, RegionLevel, Track};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::stage_form::{StageDraft, StageInputs};
use crate::api::{ApiError, rosters, setup};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::setup::SetupMsg;
use crate::i18n::{use_i18n, validation_message};
use crate::pages::teach::local_time::now;

#[component]
pub fn ProgrammesPage() -> impl IntoView {
    let i18n = use_i18n();
    let programmes = LocalResource::new(rosters::programmes);
    let list = move || match programmes.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">{move || i18n.t(SetupMsg::NoProgrammes)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="cards">
                {list.into_iter().map(|p| view! {
                    <li class="card" data-test="programme">
                        <a href=format!("/coord/programmes/{}", p.id)>{p.title.clone()}</a>
                        <p class="meta">
                            {p.stages.len()} " " {move || i18n.t(SetupMsg::StageCount)}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <div class="programmes">
            <h1>{move || i18n.t(SetupMsg::ProgrammesTitle)}</h1>
            <p class="muted">{move || i18n.t(SetupMsg::ProgrammesIntro)}</p>
            {list}
            <NewProgrammeForm/>
        </div>
    }
}

/// The usual pathway: online study, then four offline stages, the study
/// tour and the advanced course by selection.
fn usual_stages() -> Vec<StageDraft> {
    [
        ("线上学习", Track::Online, false, false),
        ("首次线下集中培训", Track::Offline, true, false),
        ("考察学习", Track::Offline, true, true),
        ("进阶培训", Track::Offline, true, true),
        ("成果交流", Track::Offline, true, false),
    ]
    .into_iter()
    .map(|(title, track, previous, selection)| {
        StageDraft::new(StageFields {
            title: title.to_owned(),
            track,
            requires_previous: previous,
            requires_selection: selection,
            selected_by: RegionLevel::County,
        })
    })
    .collect()
}

fn date_or(text: &str, fallback: NaiveDate) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(fallback)
}

#[component]
fn NewProgrammeForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let today = now().date_naive();
    let next_year = today.year() + 1;
    let year_start = NaiveDate::from_ymd_opt(next_year, 1, 1).unwrap_or(today);
    let year_end = NaiveDate::from_ymd_opt(next_year, 12, 31).unwrap_or(today);
    let code = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let starts_on = RwSignal::new(year_start.to_string());
    let ends_on = RwSignal::new(year_end.to_string());
    let owner = RwSignal::new(String::new());
    let stages = RwSignal::new(usual_stages());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let owner_text = owner.get_untracked();
        let owner_region = match owner_text.trim() {
            "" => None,
            text => match RegionCode::parse(text) {
                Ok(code) => Some(code),
                Err(_) => {
                    errors.set(vec![FieldError::new(
                        "owner_region",
                        cultivator_shared::ValidationError::InvalidRegionCode,
                    )]);
                    return;
                }
            },
        };
        let request = NewProgramme {
            programme: ProgrammeFields {
                code: code.get_untracked().trim().to_owned(),
                title: title.get_untracked(),
                summary: summary.get_untracked(),
                starts_on: date_or(&starts_on.get_untracked(), year_start),
                ends_on: date_or(&ends_on.get_untracked(), year_end),
                owner_region,
            },
            stages: stages.with_untracked(|list| list.iter().map(StageDraft::fields).collect()),
        };
        let problems = request.validate().err().unwrap_or_default();
        errors.set(problems.clone());
        if !problems.is_empty() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match setup::create_programme(&request).await {
                Ok(created) => {
                    navigate(
                        &format!("/coord/programmes/{}", created.id),
                        Default::default(),
                    );
                }
                Err(error) => {
                    if let ApiError::Api { body, .. } = &error {
                        errors.set(body.fields.clone());
                    }
                    failure.set(Some(error));
                }
            }
            pending.set(false);
        });
    };

    let error_line = move |name: &'static str| {
        move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == name)
                    .map(|e| validation_message(i18n.locale(), e.error))
            })
        }
    };
    let input =
        move |label: SetupMsg, name: &'static str, kind: &'static str, value: RwSignal<String>| {
            let id = format!("programme-{name}");
            view! {
                <div class="field">
                    <label for=id.clone()>{move || i18n.t(label)}</label>
                    <input id=id name=name type=kind bind:value=value/>
                    <p class="field-error" data-test=format!("error-{name}")>{error_line(name)}</p>
                </div>
            }
        };
    let add_stage = move |_| {
        stages.update(|list| {
            list.push(StageDraft::new(StageFields {
                title: String::new(),
                track: Track::Offline,
                requires_previous: true,
                requires_selection: false,
                selected_by: RegionLevel::County,
            }))
        })
    };
    let stage_rows = move || {
        let count = stages.with(Vec::len);
        (0..count)
            .filter_map(|index| {
                let draft = stages.with_untracked(|list| list.get(index).cloned())?;
                Some(view! {
                    <li class="stage-row" data-test="stage-row">
                        <StageInputs draft index=Some(index) id=format!("stage-{index}") errors/>
                        <button type="button" class="secondary"
                            on:click=move |_| stages.update(|list| {
                                if index < list.len() {
                                    list.remove(index);
                                }
                            })>
                            {move || i18n.t(SetupMsg::RemoveStage)}
                        </button>
                    </li>
                })
            })
            .collect_view()
    };

    view! {
        <form class="card" on:submit=on_submit novalidate>
            <h2>{move || i18n.t(SetupMsg::NewProgramme)}</h2>
            {input(SetupMsg::Title, "title", "text", title)}
            {input(SetupMsg::Code, "code", "text", code)}
            <p class="hint">{move || i18n.t(SetupMsg::CodeHint)}</p>
            <div class="field">
                <label for="programme-summary">{move || i18n.t(SetupMsg::Summary)}</label>
                <textarea id="programme-summary" name="summary" rows="3" bind:value=summary></textarea>
                <p class="field-error">{error_line("summary")}</p>
            </div>
            {input(SetupMsg::StartsOn, "starts_on", "date", starts_on)}
            {input(SetupMsg::EndsOn, "ends_on", "date", ends_on)}
            {input(SetupMsg::OwnerRegion, "owner_region", "text", owner)}
            <p class="hint">{move || i18n.t(SetupMsg::OwnerRegionHint)}</p>
            <fieldset>
                <legend>{move || i18n.t(SetupMsg::Stages)}</legend>
                <ol class="stage-list">{stage_rows}</ol>
                <p class="field-error">{error_line("stages")}</p>
                <button type="button" class="secondary" data-test="add-stage" on:click=add_stage>
                    {move || i18n.t(SetupMsg::AddStage)}
                </button>
            </fieldset>
            <ErrorAlert error=failure/>
            <button type="submit" data-test="create-programme" disabled=move || pending.get()>
                {move || i18n.t(SetupMsg::Create)}
            </button>
        </form>
    }
}

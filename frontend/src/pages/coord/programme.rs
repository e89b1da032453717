//! `/coord/programmes/:id`: one programme. Its fields can be changed; each
//! stage can be changed, retired (it then takes no new classes) or, while
//! nothing refers to it, deleted; stages are added at the end. Below, the
//! programme's certificate design.

use cultivator_shared::api::programmes::{
    ProgrammeDetail, ProgrammeFields, StageDetail, StageFields, StageUpdate,
};
use cultivator_shared::{FieldError, ProgrammeId, RegionCode, RegionLevel, Track};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::certificate_design::CertificateDesign;
use super::stage_form::{StageDraft, StageInputs};
use crate::api::{ApiError, ApiResult, setup};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::setup::SetupMsg;
use crate::i18n::{use_i18n, validation_message};

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse().ok()).map(ProgrammeId))
    });
    // Every change answers with the whole programme, which replaces this.
    let current = RwSignal::new(None::<ApiResult<ProgrammeDetail>>);
    Effect::new(move || {
        if let Some(id) = id.get() {
            spawn_local(async move { current.set(Some(setup::programme(id).await)) });
        }
    });
    let body = move || match current.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(programme)) => view! { <Editor programme current/> }.into_any(),
    };
    view! {
        <div class="programme">
            <p><a href="/coord/programmes">{move || i18n.t(SetupMsg::BackToProgrammes)}</a></p>
            {body}
        </div>
    }
}

#[component]
fn Editor(
    programme: ProgrammeDetail,
    current: RwSignal<Option<ApiResult<ProgrammeDetail>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = programme.id;
    let fields = programme.programme.clone();
    let stages = programme
        .stages
        .into_iter()
        .map(|stage| view! { <StageEditor programme=id stage current/> })
        .collect_view();
    view! {
        <h1>{fields.title.clone()}</h1>
        <p class="home-links">
            <a class="button-link" href=format!("/coord/targets?programme={id}") data-test="set-targets">
                {move || i18n.t(SetupMsg::SetTargets)}
            </a>
        </p>
        <FieldsForm id fields current/>
        <section>
            <h2>{move || i18n.t(SetupMsg::Stages)}</h2>
            <ol class="stage-list">{stages}</ol>
            <NewStageForm programme=id current/>
        </section>
        <CertificateDesign programme=id/>
    }
}

fn error_of(
    errors: RwSignal<Vec<FieldError>>,
    locale: crate::i18n::Locale,
    name: &str,
) -> Option<String> {
    errors.with(|all| {
        all.iter()
            .find(|e| e.field == name)
            .map(|e| validation_message(locale, e.error))
    })
}

/// Runs `call`; on success the page shows its answer, on failure the form
/// shows the error and the fields it names.
fn submit(
    call: impl std::future::Future<Output = ApiResult<ProgrammeDetail>> + 'static,
    current: RwSignal<Option<ApiResult<ProgrammeDetail>>>,
    errors: RwSignal<Vec<FieldError>>,
    failure: RwSignal<Option<ApiError>>,
) {
    failure.set(None);
    spawn_local(async move {
        match call.await {
            Ok(updated) => current.set(Some(Ok(updated))),
            Err(error) => {
                if let ApiError::Api { body, .. } = &error {
                    errors.set(body.fields.clone());
                }
                failure.set(Some(error));
            }
        }
    });
}

#[component]
fn FieldsForm(
    id: ProgrammeId,
    fields: ProgrammeFields,
    current: RwSignal<Option<ApiResult<ProgrammeDetail>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(fields.code.clone());
    let title = RwSignal::new(fields.title.clone());
    let summary = RwSignal::new(fields.summary.clone());
    let starts_on = RwSignal::new(fields.starts_on.to_string());
    let ends_on = RwSignal::new(fields.ends_on.to_string());
    let owner = RwSignal::new(
        fields
            .owner_region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date = |s: RwSignal<String>, fallback| {
            chrono::NaiveDate::parse_from_str(&s.get_untracked(), "%Y-%m-%d").unwrap_or(fallback)
        };
        let owner_region = match owner.get_untracked().trim() {
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
        let request = ProgrammeFields {
            code: code.get_untracked().trim().to_owned(),
            title: title.get_untracked(),
            summary: summary.get_untracked(),
            starts_on: date(starts_on, fields.starts_on),
            ends_on: date(ends_on, fields.ends_on),
            owner_region,
        };
        let problems = request.validate().err().unwrap_or_default();
        errors.set(problems.clone());
        if problems.is_empty() {
            submit(
                async move { setup::update_programme(id, &request).await },
                current,
                errors,
                failure,
            );
        }
    };
    let input =
        move |label: SetupMsg, name: &'static str, kind: &'static str, value: RwSignal<String>| {
            let input_id = format!("programme-{name}");
            view! {
                <div class="field">
                    <label for=input_id.clone()>{move || i18n.t(label)}</label>
                    <input id=input_id name=name type=kind bind:value=value/>
                    <p class="field-error">{move || error_of(errors, i18n.locale(), name)}</p>
                </div>
            }
        };
    view! {
        <form class="card" on:submit=on_submit novalidate>
            {input(SetupMsg::Title, "title", "text", title)}
            {input(SetupMsg::Code, "code", "text", code)}
            <div class="field">
                <label for="programme-summary">{move || i18n.t(SetupMsg::Summary)}</label>
                <textarea id="programme-summary" rows="3" bind:value=summary></textarea>
                <p class="field-error">{move || error_of(errors, i18n.locale(), "summary")}</p>
            </div>
            {input(SetupMsg::StartsOn, "starts_on", "date", starts_on)}
            {input(SetupMsg::EndsOn, "ends_on", "date", ends_on)}
            {input(SetupMsg::OwnerRegion, "owner_region", "text", owner)}
            <p class="hint">{move || i18n.t(SetupMsg::OwnerRegionHint)}</p>
            <ErrorAlert error=failure/>
            <button type="submit" data-test="save-programme">{move || i18n.t(SetupMsg::Save)}</button>
        </form>
    }
}

#[component]
fn StageEditor(
    programme: ProgrammeId,
    stage: StageDetail,
    current: RwSignal<Option<ApiResult<ProgrammeDetail>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = StageDraft::new(stage.stage.clone());
    let retired = RwSignal::new(stage.retired);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let stage_id = stage.id;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let update = StageUpdate {
            stage: draft.fields(),
            retired: retired.get_untracked(),
        };
        let problems = update.stage.validate().err().unwrap_or_default();
        errors.set(problems.clone());
        if problems.is_empty() {
            submit(
                async move { setup::change_stage(programme, stage_id, &update).await },
                current,
                errors,
                failure,
            );
        }
    };
    let delete = move |_| {
        submit(
            async move { setup::delete_stage(programme, stage_id).await },
            current,
            errors,
            failure,
        );
    };
    let badges = move || {
        let mut out = Vec::new();
        if stage.in_use {
            out.push(view! { <span class="badge">{move || i18n.t(SetupMsg::InUse)}</span> });
        }
        out
    };
    view! {
        <li class="card stage-row" data-test="stage">
            <form on:submit=save novalidate>
                <p class="meta">{stage.position} ". " {badges}</p>
                <StageInputs draft index=None id=format!("stage-{stage_id}") errors/>
                <label class="check">
                    <input type="checkbox" data-test="stage-retired" bind:checked=retired/>
                    {move || i18n.t(SetupMsg::Retired)}
                </label>
                <ErrorAlert error=failure/>
                <button type="submit">{move || i18n.t(SetupMsg::Save)}</button>
                " "
                {(!stage.in_use).then(|| view! {
                    <button type="button" class="secondary" data-test="delete-stage" on:click=delete>
                        {move || i18n.t(SetupMsg::DeleteStage)}
                    </button>
                })}
            </form>
        </li>
    }
}

#[component]
fn NewStageForm(
    programme: ProgrammeId,
    current: RwSignal<Option<ApiResult<ProgrammeDetail>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = StageDraft::new(StageFields {
        title: String::new(),
        track: Track::Offline,
        requires_previous: true,
        requires_selection: false,
        selected_by: RegionLevel::County,
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = draft.fields();
        let problems = fields.validate().err().unwrap_or_default();
        errors.set(problems.clone());
        if problems.is_empty() {
            submit(
                async move { setup::add_stage(programme, &fields).await },
                current,
                errors,
                failure,
            );
        }
    };
    view! {
        <form class="card" on:submit=add novalidate>
            <h3>{move || i18n.t(SetupMsg::AddStage)}</h3>
            <StageInputs draft index=None id="stage-new".to_owned() errors/>
            <ErrorAlert error=failure/>
            <button type="submit" data-test="add-stage">{move || i18n.t(SetupMsg::AddStage)}</button>
        </form>
    }
}

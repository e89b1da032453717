//! The inputs of one stage (title, track, what entry requires, who
//! selects), shared by the new-programme form and the programme page.

use cultivator_shared::api::programmes::StageFields;
use cultivator_shared::{FieldError, RegionLevel, Track};
use leptos::prelude::*;

use crate::i18n::setup::{SetupMsg, level_name};
use crate::i18n::{use_i18n, validation_message};

/// The levels a stage can name as its selector.
const SELECTORS: [RegionLevel; 4] = [
    RegionLevel::Province,
    RegionLevel::Prefecture,
    RegionLevel::County,
    RegionLevel::Township,
];

/// One stage being edited: a signal per field.
#[derive(Debug, Clone, Copy)]
pub struct StageDraft {
    pub title: RwSignal<String>,
    pub track: RwSignal<Track>,
    pub requires_previous: RwSignal<bool>,
    pub requires_selection: RwSignal<bool>,
    pub selected_by: RwSignal<RegionLevel>,
}

impl StageDraft {
    pub fn new(fields: StageFields) -> StageDraft {
        StageDraft {
            title: RwSignal::new(fields.title),
            track: RwSignal::new(fields.track),
            requires_previous: RwSignal::new(fields.requires_previous),
            requires_selection: RwSignal::new(fields.requires_selection),
            selected_by: RwSignal::new(fields.selected_by),
        }
    }

    pub fn fields(&self) -> StageFields {
        StageFields {
            title: self.title.get_untracked(),
            track: self.track.get_untracked(),
            requires_previous: self.requires_previous.get_untracked(),
            requires_selection: self.requires_selection.get_untracked(),
            selected_by: self.selected_by.get_untracked(),
        }
    }
}

/// The inputs of stage `index` of a list, whose errors are named
/// `stages[index].…` (a lone stage's have no prefix: `None`). `id` makes
/// the inputs' ids unique on the page.
#[component]
pub fn StageInputs(
    draft: StageDraft,
    #[prop(into)] index: Option<usize>,
    id: String,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let prefix = index.map_or_else(String::new, |i| format!("stages[{i}]."));
    let title_field = format!("{prefix}title");
    let title_error = move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == title_field)
                .map(|e| validation_message(i18n.locale(), e.error))
        })
    };
    let track_options = [Track::Online, Track::Offline]
        .into_iter()
        .map(|track| {
            let label = if track == Track::Online {
                SetupMsg::Online
            } else {
                SetupMsg::Offline
            };
            view! {
                <option value=track.as_str() selected=move || draft.track.get() == track>
                    {move || i18n.t(label)}
                </option>
            }
        })
        .collect_view();
    let level_options = move || {
        SELECTORS
            .into_iter()
            .map(|level| {
                view! {
                    <option value=level.as_str() selected=move || draft.selected_by.get() == level>
                        {move || level_name(i18n.locale(), level)}
                    </option>
                }
            })
            .collect_view()
    };
    let selected_by_id = format!("{id}-selected-by");
    view! {
        <div class="stage-inputs">
            <div class="field">
                <label for=format!("{id}-title")>{move || i18n.t(SetupMsg::StageTitle)}</label>
                <input id=format!("{id}-title") type="text" data-test="stage-title" bind:value=draft.title/>
                <p class="field-error">{title_error}</p>
            </div>
            <div class="field">
                <label for=format!("{id}-track")>{move || i18n.t(SetupMsg::Track)}</label>
                <select id=format!("{id}-track")
                    on:change=move |ev| {
                        if let Some(track) = Track::parse(&event_target_value(&ev)) {
                            draft.track.set(track);
                        }
                    }>
                    {track_options}
                </select>
            </div>
            <label class="check">
                <input type="checkbox" bind:checked=draft.requires_previous/>
                {move || i18n.t(SetupMsg::RequiresPrevious)}
            </label>
            <label class="check">
                <input type="checkbox" bind:checked=draft.requires_selection/>
                {move || i18n.t(SetupMsg::RequiresSelection)}
            </label>
            <Show when=move || draft.requires_selection.get()>
                <div class="field">
                    <label for=selected_by_id.clone()>{move || i18n.t(SetupMsg::SelectedBy)}</label>
                    <select id=selected_by_id.clone()
                        on:change=move |ev| {
                            if let Some(level) = RegionLevel::parse(&event_target_value(&ev)) {
                                draft.selected_by.set(level);
                            }
                        }>
                        {level_options}
                    </select>
                </div>
            </Show>
        </div>
    }
}

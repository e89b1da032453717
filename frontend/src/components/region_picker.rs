//! Cascading selects for a home region: province, then prefecture, county,
//! township and village, each list loaded when the level above is chosen.
//! The deepest choice is the picked region.

use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{RegionCode, RegionLevel, ValidationError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::{Msg, region_level_name, region_name, use_i18n, validation_message};

#[component]
pub fn RegionPicker(
    /// The deepest region chosen so far.
    selected: RwSignal<Option<RegionCode>>,
    error: Signal<Option<ValidationError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // options[i] lists the choices at level i; chosen[i] is the choice made there.
    let options: RwSignal<Vec<Vec<RegionView>>> = RwSignal::new(Vec::new());
    let chosen: RwSignal<Vec<RegionCode>> = RwSignal::new(Vec::new());
    let loading = RwSignal::new(true);
    let failure: RwSignal<Option<ApiError>> = RwSignal::new(None);

    spawn_local(async move {
        match api::provinces().await {
            Ok(list) => options.set(vec![list]),
            Err(error) => failure.set(Some(error)),
        }
        loading.set(false);
    });

    let choose = move |level: usize, value: String| {
        let code = RegionCode::parse(&value).ok();
        chosen.update(|c| {
            c.truncate(level);
            c.extend(code.clone());
        });
        options.update(|o| o.truncate(level + 1));
        selected.set(chosen.with_untracked(|c| c.last().cloned()));
        failure.set(None);
        let Some(code) = code.filter(|c| c.level() != RegionLevel::Village) else {
            loading.set(false);
            return;
        };
        loading.set(true);
        spawn_local(async move {
            let result = api::region_children(&code).await;
            // A later choice may have replaced this one while we waited.
            if chosen.try_with_untracked(|c| c.get(level) == Some(&code)) != Some(true) {
                return;
            }
            loading.set(false);
            match result {
                Ok(list) if !list.is_empty() => options.update(|o| o.push(list)),
                Ok(_) => {}
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    let levels = RegionLevel::ALL
        .into_iter()
        .enumerate()
        .map(|(index, level)| {
            // Re-rendered only when this level's choices change, which resets it.
            let choices = Memo::new(move |_| options.with(|o| o.get(index).cloned()));
            let id = format!("region-level-{}", index + 1);
            move || {
                choices.get().map(|list| {
                    let items = list
                        .into_iter()
                        .map(|region| {
                            let value = region.code.to_string();
                            view! {
                                <option value=value>
                                    {move || region_name(i18n.locale(), &region).to_owned()}
                                </option>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="region-level">
                            <label for=id.clone()>{move || region_level_name(i18n.locale(), level)}</label>
                            <select
                                id=id.clone()
                                name=id.clone()
                                on:change=move |ev| choose(index, event_target_value(&ev))
                            >
                                <option value="">{move || i18n.t(Msg::ChooseOption)}</option>
                                {items}
                            </select>
                        </div>
                    }
                })
            }
        })
        .collect_view();

    view! {
        <fieldset class="field region-picker" aria-describedby="field-region_code-error">
            <legend>{move || i18n.t(Msg::HomeRegion)}</legend>
            <p class="hint">{move || i18n.t(Msg::RegionHint)}</p>
            {levels}
            {move || loading.get().then(|| view! { <LoadingLine/> })}
            <ErrorAlert error=failure/>
            <p class="field-error" id="field-region_code-error">
                {move || error.get().map(|e| validation_message(i18n.locale(), e))}
            </p>
        </fieldset>
    }
}

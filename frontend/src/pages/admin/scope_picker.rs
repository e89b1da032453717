//! The region a coordinator manages, chosen by drilling down: the whole
//! country, or a province, then optionally a prefecture, a county and a
//! township. Each list loads when the level above is chosen; an existing
//! scope opens with its path already chosen.

use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{RegionCode, RegionLevel};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::admin::AdminMsg;
use crate::i18n::{region_level_name, region_name, use_i18n};

/// Coordinators manage down to a township at most.
const DEEPEST: RegionLevel = RegionLevel::Township;

#[component]
pub fn ScopePicker(
    /// The chosen region; `None` for the whole country.
    selected: RwSignal<Option<RegionCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // options[i] lists the regions at level i; chosen[i] is the one picked there.
    let chosen: RwSignal<Vec<RegionCode>> = RwSignal::new(
        selected
            .get_untracked()
            .map(|code| code.lineage())
            .unwrap_or_default(),
    );
    let options: RwSignal<Vec<Vec<RegionView>>> = RwSignal::new(Vec::new());
    let loading = RwSignal::new(true);
    let failure = RwSignal::new(None::<ApiError>);

    let path = chosen.get_untracked();
    spawn_local(async move {
        let lists = async {
            let mut lists = vec![api::provinces().await?];
            for code in path.iter().filter(|c| c.level() < DEEPEST) {
                lists.push(api::region_children(code).await?);
            }
            Ok::<_, ApiError>(lists)
        };
        match lists.await {
            Ok(lists) => options.set(lists),
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
        let Some(code) = code.filter(|c| c.level() < DEEPEST) else {
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
        .filter(|level| *level <= DEEPEST)
        .enumerate()
        .map(|(index, level)| {
            // Re-rendered only when this level's list changes.
            let choices = Memo::new(move |_| options.with(|o| o.get(index).cloned()));
            let id = format!("scope-level-{}", index + 1);
            let none = if index == 0 {
                AdminMsg::WholeCountry
            } else {
                AdminMsg::AllOfIt
            };
            move || {
                choices.get().map(|list| {
                    let items = list
                        .into_iter()
                        .map(|region| {
                            let code = region.code.clone();
                            let value = code.to_string();
                            let picked = move || chosen.with(|c| c.get(index) == Some(&code));
                            view! {
                                <option value=value prop:selected=picked>
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
                                <option value="" prop:selected=move || chosen.with(|c| c.len() <= index)>
                                    {move || i18n.t(none)}
                                </option>
                                {items}
                            </select>
                        </div>
                    }
                })
            }
        })
        .collect_view();

    // The choice in words: "四川省 成都市", or the whole country.
    let summary = move || {
        let names: Vec<String> = options.with(|lists| {
            chosen.with(|path| {
                path.iter()
                    .zip(lists)
                    .filter_map(|(code, list)| list.iter().find(|r| r.code == *code))
                    .map(|r| region_name(i18n.locale(), r).to_owned())
                    .collect()
            })
        });
        if names.is_empty() {
            i18n.t(AdminMsg::WholeCountry).to_owned()
        } else {
            names.join(" ")
        }
    };

    view! {
        <fieldset class="field scope-picker">
            <legend>{move || i18n.t(AdminMsg::ScopeLegend)}</legend>
            <p class="hint">{move || i18n.t(AdminMsg::ScopeHint)}</p>
            {levels}
            {move || loading.get().then(|| view! { <LoadingLine/> })}
            <ErrorAlert error=failure/>
            <p class="scope-now" data-test="scope-summary">
                {move || i18n.t(AdminMsg::ScopeNow)}
                <strong>{summary}</strong>
            </p>
        </fieldset>
    }
}

//! Cascading selects for a region, one per level from the province down:
//! each list loads when the level above is chosen, and the deepest choice is
//! the picked region. The home-region picker and the coordinator's scope
//! picker both build on this; each adds its own frame around the selects.

use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{RegionCode, RegionLevel};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::{Locale, region_level_name, region_name, use_i18n};

/// The state of the selects: what each level offers and what is chosen.
#[derive(Clone, Copy)]
pub struct RegionCascade {
    /// `options[i]` lists the regions at level `i`.
    pub options: RwSignal<Vec<Vec<RegionView>>>,
    /// `chosen[i]` is the region picked at level `i`.
    pub chosen: RwSignal<Vec<RegionCode>>,
    pub loading: RwSignal<bool>,
    pub failure: RwSignal<Option<ApiError>>,
    /// The deepest level offered.
    deepest: RegionLevel,
}

impl RegionCascade {
    /// Offers the levels down to `deepest` and starts loading the provinces;
    /// with a `preset`, its path is chosen and the lists along it are loaded.
    pub fn new(deepest: RegionLevel, preset: Option<RegionCode>) -> Self {
        let path = preset.map(|code| code.lineage()).unwrap_or_default();
        let cascade = Self {
            options: RwSignal::new(Vec::new()),
            chosen: RwSignal::new(path.clone()),
            loading: RwSignal::new(true),
            failure: RwSignal::new(None),
            deepest,
        };
        spawn_local(async move {
            let lists = async {
                let mut lists = vec![api::provinces().await?];
                for code in path.iter().filter(|c| c.level() < deepest) {
                    lists.push(api::region_children(code).await?);
                }
                Ok::<_, ApiError>(lists)
            };
            match lists.await {
                Ok(lists) => cascade.options.set(lists),
                Err(error) => cascade.failure.set(Some(error)),
            }
            cascade.loading.set(false);
        });
        cascade
    }

    /// Chooses `value` (a region code, or empty for none) at `level`, drops
    /// the choices below it and loads the next level's list. Returns the
    /// deepest choice now made.
    pub fn choose(self, level: usize, value: &str) -> Option<RegionCode> {
        let Self {
            options,
            chosen,
            loading,
            failure,
            deepest,
        } = self;
        let code = RegionCode::parse(value).ok();
        chosen.update(|c| {
            c.truncate(level);
            c.extend(code.clone());
        });
        options.update(|o| o.truncate(level + 1));
        failure.set(None);
        let picked = chosen.with_untracked(|c| c.last().cloned());
        let Some(code) = code.filter(|c| c.level() < deepest) else {
            loading.set(false);
            return picked;
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
        picked
    }
}

/// One labelled `<select>` per level whose list has loaded (ids
/// `{id_prefix}-1`, `{id_prefix}-2`, …), then the loading line and any
/// failure. Each choice is written to `selected`.
#[component]
pub fn RegionSelects(
    cascade: RegionCascade,
    selected: RwSignal<Option<RegionCode>>,
    id_prefix: &'static str,
    /// The words of the empty choice at a level (counted from 0).
    blank: fn(Locale, usize) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let RegionCascade {
        options,
        chosen,
        loading,
        failure,
        deepest,
    } = cascade;
    let levels = RegionLevel::ALL
        .into_iter()
        .filter(|level| *level <= deepest)
        .enumerate()
        .map(|(index, level)| {
            // Re-rendered only when this level's list changes, which resets it.
            let choices = Memo::new(move |_| options.with(|o| o.get(index).cloned()));
            let id = format!("{id_prefix}-{}", index + 1);
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
                                on:change=move |ev| {
                                    selected.set(cascade.choose(index, &event_target_value(&ev)));
                                }
                            >
                                <option value="" prop:selected=move || chosen.with(|c| c.len() <= index)>
                                    {move || blank(i18n.locale(), index)}
                                </option>
                                {items}
                            </select>
                        </div>
                    }
                })
            }
        })
        .collect_view();
    view! {
        {levels}
        {move || loading.get().then(|| view! { <LoadingLine/> })}
        <ErrorAlert error=failure/>
    }
}

//! The region a coordinator manages (or an instructor runs classes in),
//! chosen by drilling down: the whole country, or a province, then
//! optionally a prefecture, a county and a township. Each list loads when
//! the level above is chosen; an existing scope opens with its path already
//! chosen.

use cultivator_shared::{RegionCode, RegionLevel};
use leptos::prelude::*;

use crate::components::{RegionCascade, RegionSelects};
use crate::i18n::admin::AdminMsg;
use crate::i18n::{Locale, Text, region_name, use_i18n};

/// Coordinators manage down to a township at most.
const DEEPEST: RegionLevel = RegionLevel::Township;

#[component]
pub fn ScopePicker(
    /// The chosen region; `None` for the whole country.
    selected: RwSignal<Option<RegionCode>>,
    /// The fieldset's title: whose region this is.
    #[prop(default = AdminMsg::ScopeLegend)]
    legend: AdminMsg,
    /// The ids of the level lists (`{id_prefix}-1`, …), unique on the page.
    #[prop(default = "scope-level")]
    id_prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let cascade = RegionCascade::new(DEEPEST, selected.get_untracked());

    // The choice in words: "四川省 成都市", or the whole country.
    let summary = move || {
        let names: Vec<String> = cascade.options.with(|lists| {
            cascade.chosen.with(|path| {
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
            <legend>{move || i18n.t(legend)}</legend>
            <p class="hint">{move || i18n.t(AdminMsg::ScopeHint)}</p>
            <RegionSelects cascade selected id_prefix blank=all_of_it/>
            <p class="scope-now" data-test="scope-summary">
                {move || i18n.t(AdminMsg::ScopeNow)}
                <strong>{summary}</strong>
            </p>
        </fieldset>
    }
}

/// Choosing nothing at a level means all of the level above: the whole
/// country at the top.
fn all_of_it(locale: Locale, level: usize) -> &'static str {
    if level == 0 {
        AdminMsg::WholeCountry.text(locale)
    } else {
        AdminMsg::AllOfIt.text(locale)
    }
}

//! Cascading selects for a home region: province, then prefecture, county,
//! township and village, each list loaded when the level above is chosen.
//! The deepest choice is the picked region.

use cultivator_shared::{RegionCode, RegionLevel, ValidationError};
use leptos::prelude::*;

use super::region_cascade::{RegionCascade, RegionSelects};
use crate::i18n::{Locale, Msg, Text, use_i18n, validation_message};

#[component]
pub fn RegionPicker(
    /// The deepest region chosen so far.
    selected: RwSignal<Option<RegionCode>>,
    error: Signal<Option<ValidationError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // On a provincial platform, the lists start in its province.
    let cascade = RegionCascade::new(RegionLevel::Village, crate::platform::home_region());
    view! {
        <fieldset class="field region-picker" aria-describedby="field-region_code-error">
            <legend>{move || i18n.t(Msg::HomeRegion)}</legend>
            <p class="hint">{move || i18n.t(Msg::RegionHint)}</p>
            <RegionSelects cascade selected id_prefix="region-level" blank=choose_option/>
            <p class="field-error" id="field-region_code-error">
                {move || error.get().map(|e| validation_message(i18n.locale(), e))}
            </p>
        </fieldset>
    }
}

/// Every level's empty choice reads "please choose".
fn choose_option(locale: Locale, _level: usize) -> &'static str {
    Msg::ChooseOption.text(locale)
}

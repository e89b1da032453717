//! A labelled text input with its hint and validation message.

use cultivator_shared::{FieldError, ValidationError};
use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n, validation_message};

/// The error reported for `field`, if any, as a signal a [`TextField`] can show.
pub fn field_error(
    errors: RwSignal<Vec<FieldError>>,
    field: &'static str,
) -> Signal<Option<ValidationError>> {
    Signal::derive(move || {
        errors.with(|all| all.iter().find(|e| e.field == field).map(|e| e.error))
    })
}

/// `name` is the JSON field name; the input's id is `field-<name>`.
#[component]
pub fn TextField(
    label: Msg,
    name: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<ValidationError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<Msg>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let described_by = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by.clone()
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="hint">{move || i18n.t(hint)}</p> })}
            <p class="field-error" id=described_by>
                {move || error.get().map(|e| validation_message(i18n.locale(), e))}
            </p>
        </div>
    }
}

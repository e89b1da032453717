//! Form pieces for the online-track pages, labelled by any message enum: a
//! text input or text area, a number input and a checkbox, each showing the
//! server's validation error for its field.

use cultivator_shared::FieldError;
use leptos::prelude::*;

use crate::i18n::{Text, use_i18n, validation_message};

fn error_line(
    errors: Option<RwSignal<Vec<FieldError>>>,
    name: &'static str,
    id: String,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let id = format!("{id}-error");
    view! {
        <p class="field-error" id=id>
            {move || {
                errors.and_then(|all| {
                    all.with(|all| {
                        all.iter()
                            .find(|e| e.field == name)
                            .map(|e| validation_message(i18n.locale(), e.error))
                    })
                })
            }}
        </p>
    }
}

/// A labelled input; `name` is the JSON field name whose
/// errors it shows; the id is `field-<name>` unless given.
#[component]
pub fn Input<T: Text + Send + Sync + 'static>(
    label: T,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] errors: Option<RwSignal<Vec<FieldError>>>,
    #[prop(default = "text")] input_type: &'static str,
    /// The element id, when `field-<name>` would not be unique on the page.
    #[prop(optional)]
    id: Option<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<T>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input
                id=id.clone()
                name=name
                type=input_type
                inputmode=inputmode
                autocomplete="off"
                aria-describedby=format!("{id}-error")
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="hint">{move || i18n.t(hint)}</p> })}
            {error_line(errors, name, id)}
        </div>
    }
}

/// A labelled multi-line text area.
#[component]
pub fn TextArea<T: Text + Send + Sync + 'static>(
    label: T,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] errors: Option<RwSignal<Vec<FieldError>>>,
    #[prop(default = 4)] rows: u32,
    /// The element id, when `field-<name>` would not be unique on the page.
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <textarea
                id=id.clone()
                name=name
                rows=rows
                aria-describedby=format!("{id}-error")
                bind:value=value
            ></textarea>
            {error_line(errors, name, id)}
        </div>
    }
}

/// A checkbox with its label on the right.
#[component]
pub fn CheckBox<T: Text + Send + Sync + 'static>(
    label: T,
    name: &'static str,
    checked: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check">
            <input type="checkbox" name=name bind:checked=checked/>
            " "
            {move || i18n.t(label)}
        </label>
    }
}

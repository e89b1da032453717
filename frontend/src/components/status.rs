//! Loading and failure lines, worded through the i18n layer.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{Msg, api_error_message, use_i18n};

#[component]
pub fn LoadingLine() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="status" role="status">{move || i18n.t(Msg::Loading)}</p> }
}

/// Shows a failed call's localised message, or nothing.
#[component]
pub fn ErrorAlert(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            view! { <p class="alert" role="alert">{move || api_error_message(i18n.locale(), &error)}</p> }
        })
    }
}

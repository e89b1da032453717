//! The bar on top of every page: the app's name, the unread notifications
//! (when signed in) and the language switch.

use leptos::prelude::*;

use super::UnreadBadge;
use crate::i18n::{Locale, Msg, use_i18n};

#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    let switch = Locale::ALL
        .into_iter()
        .map(|locale| {
            view! {
                <button
                    type="button"
                    lang=locale.tag()
                    aria-pressed=move || (i18n.locale() == locale).to_string()
                    on:click=move |_| i18n.set(locale)
                >
                    {locale.native_name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <header class="app-header">
            <a class="brand" href="/" data-test="brand">
                <crate::platform::PlatformLogo/>
                {move || crate::platform::short_name(i18n.locale()).unwrap_or(i18n.t(Msg::AppName))}
            </a>
            <UnreadBadge/>
            <div class="lang-switch" role="group" aria-label=move || i18n.t(Msg::Language)>
                {switch}
            </div>
        </header>
    }
}

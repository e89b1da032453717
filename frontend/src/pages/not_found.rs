//! Shown for any client route the app does not know.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    reload_staff_page();
    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(Msg::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Msg::NotFoundBody)}</p>
            <p>
                <a href="/">{move || i18n.t(Msg::BackHome)}</a>
            </p>
        </section>
    }
}

/// The trainee bundle has no staff pages: a link into one is followed by
/// loading the page from the server, which answers with the staff bundle.
#[cfg(not(feature = "staff"))]
fn reload_staff_page() {
    // The router's path: the address bar may not show it yet. Replacing
    // the history entry keeps the back button out of a loop.
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    if !cultivator_shared::is_staff_page(&path) {
        return;
    }
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    let target = if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    };
    if let Some(window) = web_sys::window() {
        // Failing to leave leaves the not-found page, which is still true.
        let _ = window.location().replace(&target);
    }
}

#[cfg(feature = "staff")]
fn reload_staff_page() {}

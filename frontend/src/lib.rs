//! Cultivator's browser app: a Leptos client-side-rendered WebAssembly app.
//!
//! `api` is the only module that talks HTTP, `i18n` holds every word the user
//! reads, `pages` has one module per route and `components` the pieces they share.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::AppHeader;
use crate::i18n::I18n;
use crate::pages::{
    Checkin, CheckinScreen, ClassDetailPage, Home, Login, NotFound, Register, TeachClassPage,
    TeachClasses,
};

/// Starts the app: replaces the page's loading line with the app.
pub fn start() {
    console_error_panic_hook::set_once();
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(I18n::new());
    provide_context(Notice::new());
    view! {
        <Router>
            <AppHeader/>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/register") view=Register/>
                    <Route path=path!("/classes/:id") view=ClassDetailPage/>
                    <Route path=path!("/sessions/:id/screen") view=CheckinScreen/>
                    <Route path=path!("/checkin/:session") view=Checkin/>
                    // offline rosters and pathway
                    <Route path=path!("/teach/classes") view=TeachClasses/>
                    <Route path=path!("/teach/classes/:id") view=TeachClassPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// A message for the next page: after registering, the sign-in page thanks
/// the person and fills in their mobile number.
#[derive(Debug, Clone, Copy)]
pub struct Notice {
    registered_mobile: RwSignal<Option<String>>,
}

impl Notice {
    fn new() -> Self {
        Self {
            registered_mobile: RwSignal::new(None),
        }
    }

    /// The app's notice (a fresh one outside the app, e.g. in component tests).
    pub fn use_context() -> Self {
        use_context::<Notice>().unwrap_or_else(Notice::new)
    }

    pub fn set_registered(&self, mobile: String) {
        self.registered_mobile.set(Some(mobile));
    }

    /// The number just registered, once: a reload does not show the notice again.
    pub fn take_registered(&self) -> Option<String> {
        self.registered_mobile.try_update(Option::take).flatten()
    }
}

//! Cultivator's browser app: a Leptos client-side-rendered WebAssembly app.
//!
//! `api` is the only module that talks HTTP, `i18n` holds every word the user
//! reads, `pages` has one module per route and `components` the pieces they share.

pub mod api;
pub mod components;
pub mod credential;
pub mod device;
pub mod i18n;
pub mod offline_course;
pub mod outbox;
pub mod pages;
pub mod platform;
mod routes;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::components::AppHeader;
use crate::i18n::I18n;
use crate::pages::{Home, Login, NotFound};

/// Starts the app: replaces the page's loading line with the app.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        offer_reload();
    }));
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
    leptos::task::spawn_local(api::first_screen::refresh_if_cached());
    outbox::start();
}

/// After a panic the app is gone (WebAssembly aborts), most likely because a
/// page's code could not be fetched (see `routes`: the network dropped
/// before the service worker had kept it). Rather than a page that no
/// longer answers, the person gets a link that loads the page again: a
/// plain link, since the app's own code must not run after it stopped.
fn offer_reload() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("app-failed").is_some() {
        return;
    }
    let (Ok(link), Some(body)) = (document.create_element("a"), document.body()) else {
        return;
    };
    let here = document
        .location()
        .and_then(|l| l.href().ok())
        .unwrap_or_else(|| "/".to_owned());
    link.set_id("app-failed");
    link.set_class_name("update-ready");
    // Failing to set the link leaves the page as the panic left it.
    let _ = link.set_attribute("href", &here);
    // Outside the router, whose click handler is code of the stopped app.
    let _ = link.set_attribute("rel", "external");
    link.set_text_content(Some("出错了，点此重新加载 · Something went wrong: reload"));
    let _ = body.append_child(&link);
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(I18n::new());
    provide_context(Notice::new());
    provide_context(components::NoticeBoard::new());
    view! {
        <Router>
            <FirstPageWatch/>
            <AppHeader/>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/register") view={Lazy::<routes::RegisterRoute>::new()}/>
                    <Route path=path!("/account") view={Lazy::<routes::AccountRoute>::new()}/>
                    <Route path=path!("/set-password") view={Lazy::<routes::SetPasswordRoute>::new()}/>
                    <Route path=path!("/reset-password") view={Lazy::<routes::ResetPasswordRoute>::new()}/>
                    <Route path=path!("/classes/:id") view={Lazy::<routes::ClassDetailRoute>::new()}/>
                    <Route path=path!("/checkin/:session") view={Lazy::<routes::CheckinRoute>::new()}/>
                    <Route path=path!("/courses") view={Lazy::<routes::CatalogueRoute>::new()}/>
                    <Route path=path!("/courses/:id") view={Lazy::<routes::CourseRoute>::new()}/>
                    <Route path=path!("/courses/:course/lessons/:lesson") view={Lazy::<routes::LessonRoute>::new()}/>
                    <Route path=path!("/courses/:course/quizzes/:quiz") view={Lazy::<routes::QuizRoute>::new()}/>
                    <Route path=path!("/credits") view={Lazy::<routes::CreditsRoute>::new()}/>
                    <Route path=path!("/certificates") view={Lazy::<routes::CertificatesRoute>::new()}/>
                    <Route path=path!("/verify/:number") view={Lazy::<routes::VerifyRoute>::new()}/>
                    <StaffRoutes/>
                </Routes>
            </main>
        </Router>
    }
}

/// Tells `api::first_screen` when the app leaves the page the server
/// served, whose data it carries.
#[component]
fn FirstPageWatch() -> impl IntoView {
    let pathname = leptos_router::hooks::use_location().pathname;
    let first = pathname.get_untracked();
    Effect::new(move || {
        if pathname.get() != first {
            api::first_screen::left_first_page();
        }
    });
}

/// Pages for instructors, coordinators and administrators, in the staff bundle only. The
/// trainee bundle sends these paths to the server again (see [`NotFound`]).
#[cfg(feature = "staff")]
#[component(transparent)]
fn StaffRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::components::{Outlet, ParentRoute};
    // One route at the top, as the router wants of a route component.
    view! {
        <ParentRoute path=path!("") view=Outlet>
            <Route path=path!("/teach/sessions/:id/screen") view={Lazy::<routes::CheckinScreenRoute>::new()}/>
            <Route path=path!("/teach/courses") view={Lazy::<routes::TeachCoursesRoute>::new()}/>
            <Route path=path!("/teach/courses/:id") view={Lazy::<routes::CourseEditorRoute>::new()}/>
            <Route path=path!("/teach/classes") view={Lazy::<routes::TeachClassesRoute>::new()}/>
            <Route path=path!("/teach/classes/:id") view={Lazy::<routes::TeachClassRoute>::new()}/>
            <Route path=path!("/coord") view={Lazy::<routes::DashboardRoute>::new()}/>
            <Route path=path!("/coord/targets") view={Lazy::<routes::TargetsRoute>::new()}/>
            <Route path=path!("/coord/integrity") view={Lazy::<routes::IntegrityRoute>::new()}/>
            <Route path=path!("/coord/people") view={Lazy::<routes::PeopleRoute>::new()}/>
            <Route path=path!("/coord/platform") view={Lazy::<routes::PlatformRoute>::new()}/>
            <Route path=path!("/coord/audit") view={Lazy::<routes::AuditRoute>::new()}/>
            <Route path=path!("/coord/programmes") view={Lazy::<routes::ProgrammesRoute>::new()}/>
            <Route path=path!("/coord/programmes/:id") view={Lazy::<routes::ProgrammeRoute>::new()}/>
            <Route path=path!("/admin/users") view={Lazy::<routes::UsersRoute>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}

/// The trainee bundle's stand-in: every staff page is "not found", which
/// loads it from the server (the staff bundle).
#[cfg(not(feature = "staff"))]
#[component(transparent)]
fn StaffRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("/teach/*rest") view=NotFound/> }.into_inner()
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

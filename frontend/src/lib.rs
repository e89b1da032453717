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

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::AppHeader;
use crate::i18n::I18n;
use crate::pages::{
    AccountPage, Catalogue, CertificatesPage, Checkin, ClassDetailPage, CoursePage, CreditsPage,
    Home, LessonPage, Login, NotFound, QuizPage, Register, ResetPasswordPage, SetPasswordPage,
    VerifyPage,
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
    leptos::task::spawn_local(api::first_screen::refresh_if_cached());
    outbox::start();
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
                    <Route path=path!("/register") view=Register/>
                    <Route path=path!("/account") view=AccountPage/>
                    <Route path=path!("/set-password") view=SetPasswordPage/>
                    <Route path=path!("/reset-password") view=ResetPasswordPage/>
                    <Route path=path!("/classes/:id") view=ClassDetailPage/>
                    <Route path=path!("/checkin/:session") view=Checkin/>
                    <Route path=path!("/courses") view=Catalogue/>
                    <Route path=path!("/courses/:id") view=CoursePage/>
                    <Route path=path!("/courses/:course/lessons/:lesson") view=LessonPage/>
                    <Route path=path!("/courses/:course/quizzes/:quiz") view=QuizPage/>
                    <Route path=path!("/credits") view=CreditsPage/>
                    <Route path=path!("/certificates") view=CertificatesPage/>
                    <Route path=path!("/verify/:number") view=VerifyPage/>
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
    use crate::pages::{admin, coord, teach};
    use leptos_router::components::{Outlet, ParentRoute};
    // One route at the top, as the router wants of a route component.
    view! {
        <ParentRoute path=path!("") view=Outlet>
            <Route path=path!("/teach/sessions/:id/screen") view=teach::CheckinScreen/>
            <Route path=path!("/teach/courses") view=teach::TeachCourses/>
            <Route path=path!("/teach/courses/:id") view=teach::CourseEditor/>
            <Route path=path!("/teach/classes") view=teach::TeachClasses/>
            <Route path=path!("/teach/classes/:id") view=teach::TeachClassPage/>
            <Route path=path!("/coord") view=coord::DashboardPage/>
            <Route path=path!("/coord/targets") view=coord::TargetsPage/>
            <Route path=path!("/coord/integrity") view=coord::IntegrityPage/>
            <Route path=path!("/coord/people") view=coord::PeoplePage/>
            <Route path=path!("/coord/platform") view=coord::PlatformPage/>
            <Route path=path!("/coord/audit") view=coord::AuditPage/>
            <Route path=path!("/coord/programmes") view=coord::ProgrammesPage/>
            <Route path=path!("/coord/programmes/:id") view=coord::ProgrammePage/>
            <Route path=path!("/admin/users") view=admin::UsersPage/>
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

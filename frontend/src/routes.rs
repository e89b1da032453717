//! Which pages come with the app and which are fetched when first opened.
//!
//! A trainee's first visit on a rural 3G link pays for every byte of the
//! app before anything shows, so only the pages met first (the home page
//! and signing in) and what every page shares (the header, the router, the
//! API client, the words) are in the module that loads with the page. Every
//! other page, registering included (it follows the sign-in page, once), is
//! a lazy route: `cargo xtask frontend` cuts its code out into a WebAssembly
//! chunk of its own, fetched the first time the page is opened, and the
//! service worker keeps every chunk for the next visit and for use with no
//! network.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A lazy route per page: `Route` names the route type, `page` the page's
/// component (taking no properties).
macro_rules! lazy_pages {
    ($($(#[$attr:meta])* $route:ident => $page:path;)*) => {$(
        $(#[$attr])*
        #[doc = concat!("[`", stringify!($page), "`], fetched when first opened.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_pages! {
    RegisterRoute => crate::pages::Register;
    AccountRoute => crate::pages::AccountPage;
    SetPasswordRoute => crate::pages::SetPasswordPage;
    ResetPasswordRoute => crate::pages::ResetPasswordPage;
    ClassDetailRoute => crate::pages::ClassDetailPage;
    CheckinRoute => crate::pages::Checkin;
    CatalogueRoute => crate::pages::Catalogue;
    CourseRoute => crate::pages::CoursePage;
    LessonRoute => crate::pages::LessonPage;
    QuizRoute => crate::pages::QuizPage;
    CreditsRoute => crate::pages::CreditsPage;
    CertificatesRoute => crate::pages::CertificatesPage;
    VerifyRoute => crate::pages::VerifyPage;
}

#[cfg(feature = "staff")]
lazy_pages! {
    CheckinScreenRoute => crate::pages::teach::CheckinScreen;
    TeachCoursesRoute => crate::pages::teach::TeachCourses;
    CourseEditorRoute => crate::pages::teach::CourseEditor;
    TeachClassesRoute => crate::pages::teach::TeachClasses;
    TeachClassRoute => crate::pages::teach::TeachClassPage;
    DashboardRoute => crate::pages::coord::DashboardPage;
    TargetsRoute => crate::pages::coord::TargetsPage;
    IntegrityRoute => crate::pages::coord::IntegrityPage;
    PeopleRoute => crate::pages::coord::PeoplePage;
    PlatformRoute => crate::pages::coord::PlatformPage;
    AuditRoute => crate::pages::coord::AuditPage;
    ProgrammesRoute => crate::pages::coord::ProgrammesPage;
    ProgrammeRoute => crate::pages::coord::ProgrammePage;
    UsersRoute => crate::pages::admin::UsersPage;
}

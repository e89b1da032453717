//! `/`: who is signed in, and what they can study: published courses and
//! classes open for application. Sends visitors who are not signed in to `/login`.

use cultivator_shared::Role;
use cultivator_shared::api::auth::UserView;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::components::{
    ClassCard, ContinueLearning, CourseCard, ErrorAlert, LoadingLine, Notifications, RoleName,
    signed_in_user,
};
use crate::i18n::coord::CoordMsg;
use crate::i18n::{Msg, region_path, use_i18n};
use crate::platform::{PlatformFeatured, PlatformWelcome};

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let me = signed_in_user();
    let courses = LocalResource::new(|| {
        api::first_screen::track();
        api::courses()
    });
    // Trainees see the classes serving their home region (theirs and above).
    let classes = LocalResource::new(|| {
        api::first_screen::track();
        api::rosters::classes_near_me()
    });

    let user = move || match me.get() {
        Some(Ok(user)) => {
            let teaches = user
                .roles
                .iter()
                .any(|g| matches!(g.role, Role::Instructor | Role::Admin));
            view! { <UserPanel user/> <ContinueLearning teaches/> }.into_any()
        }
        Some(Err(error)) if !error.is_unauthenticated() => {
            view! { <ErrorAlert error=Some(error)/> }.into_any()
        }
        _ => view! { <LoadingLine/> }.into_any(),
    };
    let course_list = move || match courses.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(Msg::NoCourses)}</p> }.into_any()
        }
        Some(Ok(page)) => view! {
            <ul class="cards">
                {page.items.into_iter().map(|course| view! { <CourseCard course/> }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    let class_list = move || match classes.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(Msg::NoClasses)}</p> }.into_any()
        }
        Some(Ok(page)) => view! {
            <ul class="cards">
                {page.items.into_iter().map(|class| view! { <ClassCard class/> }).collect_view()}
            </ul>
        }
        .into_any(),
    };

    view! {
        <div class="home">
            <PlatformWelcome/>
            {user}
            <Notifications/>
            <PlatformFeatured/>
            <section class="list-section" aria-labelledby="courses-title">
                <h2 id="courses-title">{move || i18n.t(Msg::CoursesTitle)}</h2>
                {course_list}
            </section>
            <section class="list-section" aria-labelledby="classes-title">
                <h2 id="classes-title">{move || i18n.t(Msg::ClassesTitle)}</h2>
                {class_list}
            </section>
        </div>
    }
}

/// The signed-in person: name, roles, home region, and the way out.
#[component]
fn UserPanel(user: UserView) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<ApiError>);
    let UserView {
        name,
        region_path: home,
        roles,
        ..
    } = user;
    let home_for_roles = home.clone();
    let coordinates = roles
        .iter()
        .any(|g| matches!(g.role, Role::Coordinator | Role::Admin));
    let administers = roles.iter().any(|g| g.role == Role::Admin);
    // National coordinators and admins set programmes up.
    let sets_up_programmes = roles
        .iter()
        .any(|g| g.role == Role::Admin || (g.role == Role::Coordinator && g.scope.is_none()));
    let runs_classes = roles
        .iter()
        .any(|g| matches!(g.role, Role::Instructor | Role::Coordinator | Role::Admin));
    let roles = roles
        .into_iter()
        .map(|grant| view! { <li><RoleName grant home=home_for_roles.clone()/></li> })
        .collect_view();

    // On this device only, or on every device (a lost phone).
    let log_out = move |everywhere: bool| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let done = if everywhere {
                api::logout_everywhere().await
            } else {
                api::logout().await
            };
            match done {
                Ok(()) => navigate("/login", Default::default()),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let log_out_everywhere = log_out.clone();

    view! {
        <section class="card user-panel">
            <p class="greeting">
                {move || i18n.t(Msg::Greeting)}
                <strong data-test="user-name">{name}</strong>
            </p>
            <dl class="facts">
                <dt>{move || i18n.t(Msg::RolesLabel)}</dt>
                <dd>
                    <ul class="roles">{roles}</ul>
                </dd>
                <dt>{move || i18n.t(Msg::HomeRegionLabel)}</dt>
                <dd>{move || region_path(i18n.locale(), &home)}</dd>
            </dl>
            <Show when=move || coordinates>
                <p class="home-links">
                    <a class="button-link" href="/coord" data-test="open-dashboard">
                        {move || i18n.t(CoordMsg::OpenDashboard)}
                    </a>
                    " "
                    <a href="/coord/integrity" data-test="open-integrity-report">
                        {move || i18n.t(crate::i18n::integrity::IntegrityMsg::OpenReport)}
                    </a>
                    " "
                    <a href="/coord/audit" data-test="open-audit">
                        {move || i18n.t(CoordMsg::OpenAudit)}
                    </a>
                    {sets_up_programmes.then(|| view! {
                        " "
                        <a href="/coord/programmes" data-test="open-programmes">
                            {move || i18n.t(CoordMsg::OpenProgrammes)}
                        </a>
                    })}
                    " "
                    <a href="/coord/people" data-test="find-people">{move || i18n.t(Msg::FindPeople)}</a>
                    " "
                    <a href="/coord/platform" data-test="open-platform">{move || i18n.t(CoordMsg::OpenPlatform)}</a>
                </p>
            </Show>
            {runs_classes.then(|| view! {
                <p><a data-test="teach-classes-link" href="/teach/classes">{move || i18n.t(crate::i18n::RosterMsg::TeachLink)}</a></p>
            })}
            {administers.then(|| view! {
                <p><a data-test="admin-users-link" href="/admin/users">{move || i18n.t(Msg::ManageAccounts)}</a></p>
            })}
            <p><a data-test="my-certificates-link" href="/certificates">{move || i18n.t(crate::i18n::certificates::CertMsg::MyCertificatesLink)}</a></p>
            <p><a data-test="my-account-link" href="/account">{move || i18n.t(Msg::MyAccountLink)}</a></p>
            <ErrorAlert error=failure/>
            <button type="button" class="secondary" data-test="logout" on:click=move |_| log_out(false)>
                {move || i18n.t(Msg::Logout)}
            </button>
            " "
            <button
                type="button"
                class="secondary"
                data-test="logout-everywhere"
                on:click=move |_| log_out_everywhere(true)
            >
                {move || i18n.t(Msg::LogoutEverywhere)}
            </button>
        </section>
    }
}

//! `/classes/:id`: a class with its sessions; trainees apply or withdraw and
//! see their status and place on the waitlist; instructors open the
//! check-in screen of a session. An online class lists the courses it
//! follows, with the trainee's progress in each.

use cultivator_shared::api::classes::ClassDetail;
use cultivator_shared::api::online_classes::ClassCourseProgress;
use cultivator_shared::{ClassId, Track};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::{
    Msg, NoticeMsg, OnlineMsg, date_range, enrollment_status_name, percent_done, use_i18n,
};

#[component]
pub fn ClassDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse().ok())
            .map(ClassId)
    };
    let detail = RwSignal::new(None::<ClassDetail>);
    // The courses an online class follows, with the trainee's progress.
    let courses = RwSignal::new(None::<Vec<ClassCourseProgress>>);
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let load = move || {
        if let Some(id) = id() {
            spawn_local(async move {
                let loaded = async {
                    let d = api::class_detail(id).await?;
                    if d.class.track == Track::Online {
                        courses.set(Some(api::my_class_courses(id).await?));
                    }
                    detail.set(Some(d));
                    Ok::<_, ApiError>(())
                }
                .await;
                if let Err(e) = loaded {
                    failure.set(Some(e));
                }
            });
        }
    };
    Effect::new(move |_| load());

    let act = move |apply: bool| {
        let Some(id) = id() else { return };
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = if apply {
                api::apply(id).await
            } else {
                api::withdraw(id).await
            };
            if let Err(e) = result {
                failure.set(Some(e));
            }
            pending.set(false);
            load();
        });
    };

    let body = move || {
        detail.get().map(|d| {
            let mine = d.my_enrollment.clone();
            let active = mine.as_ref().is_some_and(|m| {
                matches!(
                    m.status,
                    cultivator_shared::EnrollmentStatus::Applied
                        | cultivator_shared::EnrollmentStatus::Waitlisted
                        | cultivator_shared::EnrollmentStatus::Enrolled
                )
            });
            let can_manage = d.can_manage;
            let status = mine.map(|m| {
                view! {
                    <p class="notice" data-test="my-status">
                        {move || i18n.t(Msg::MyStatusLabel)} "："
                        <strong>{move || enrollment_status_name(i18n.locale(), m.status)}</strong>
                        {m.waitlist_position.map(|p| view! {
                            " · " {move || i18n.t(Msg::WaitlistPositionLabel)} " "
                            <strong data-test="waitlist-position">{p}</strong>
                        })}
                    </p>
                }
            });
            let sessions = d
                .sessions
                .iter()
                .map(|s| {
                    let cancelled = s.cancelled.clone().map(|c| view! {
                        <span class="badge" data-test="session-cancelled">
                            {move || i18n.t(NoticeMsg::SessionCancelledMark)}
                        </span>
                        " " {c.reason}
                    });
                    let link = (can_manage && s.cancelled.is_none()).then(|| {
                        view! {
                            <a data-test="open-checkin-screen" href=format!("/teach/sessions/{}/screen", s.id)>
                                {move || i18n.t(Msg::OpenCheckinScreen)}
                            </a>
                        }
                    });
                    view! {
                        <li data-test="session">
                            {s.starts_at.format("%Y-%m-%d %H:%M").to_string()} " – "
                            {s.ends_at.format("%H:%M").to_string()} " · " {s.venue.clone()} " "
                            {cancelled}
                            {link}
                        </li>
                    }
                })
                .collect_view();
            let (starts, ends) = (d.class.starts_on, d.class.ends_on);
            let open = d.cancelled.is_none();
            let class_cancelled = d.cancelled.clone().map(|c| view! {
                <p class="notice" role="status" data-test="class-cancelled">
                    {move || i18n.t(NoticeMsg::ClassCancelledBanner)} "：" {c.reason}
                </p>
            });
            let courses = courses.get().map(|list| view! {
                <h2>{move || i18n.t(OnlineMsg::ClassCoursesTitle)}</h2>
                {class_course_list(list)}
            });
            view! {
                <h1>{d.class.title.clone()}</h1>
                <p class="meta">{move || date_range(i18n.locale(), starts, ends)}</p>
                {class_cancelled}
                {status}
                <p>
                    {if active {
                        view! {
                            <button data-test="withdraw" disabled=move || pending.get()
                                on:click=move |_| act(false)>
                                {move || i18n.t(Msg::WithdrawFromClass)}
                            </button>
                        }.into_any()
                    } else if !open {
                        ().into_any()
                    } else {
                        view! {
                            <button class="primary" data-test="apply" disabled=move || pending.get()
                                on:click=move |_| act(true)>
                                {move || i18n.t(Msg::ApplyForClass)}
                            </button>
                        }.into_any()
                    }}
                </p>
                {courses}
                <h2>{move || i18n.t(Msg::SessionsTitle)}</h2>
                <ul class="sessions">{sessions}</ul>
            }
        })
    };

    view! {
        <section class="card">
            <ErrorAlert error=failure/>
            {move || detail.with(Option::is_none).then(|| view! { <LoadingLine/> })}
            {body}
        </section>
    }
}

/// The courses an online class follows, each linked, with the trainee's
/// progress (or that they have yet to enrol in it).
fn class_course_list(list: Vec<ClassCourseProgress>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t(OnlineMsg::NoClassCourses)}</p> }
            .into_any();
    }
    let items = list
        .into_iter()
        .map(|c| {
            let (pct, done) = (c.progress_pct, c.completed);
            let progress = move || match (done, pct) {
                (true, _) => i18n.t(OnlineMsg::CourseCompleted).to_owned(),
                (false, Some(pct)) => percent_done(i18n.locale(), pct),
                (false, None) => i18n.t(OnlineMsg::NotEnrolledYet).to_owned(),
            };
            view! {
                <li data-test="class-course">
                    <a href=format!("/courses/{}", c.course.id)>{c.course.title}</a>
                    " · " <span data-test="class-course-progress">{progress}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="links">{items}</ul> }.into_any()
}

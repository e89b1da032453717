//! The home page's "continue learning": the credit hours earned so far, and
//! each enrolled course with its progress and the lesson to go on with.

use cultivator_shared::api::my_learning::MyCourse;
use leptos::prelude::*;

use crate::api;
use crate::components::ErrorAlert;
use crate::i18n::{OnlineMsg, TeachMsg, credit_hours, percent_done, use_i18n};

#[component]
pub fn ContinueLearning(
    /// Show the way to the authoring pages (instructors and admins).
    teaches: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let courses = LocalResource::new(|| {
        api::first_screen::track();
        api::my_courses()
    });
    let credits = LocalResource::new(|| {
        api::first_screen::track();
        api::my_credits()
    });
    let total = move || {
        credits
            .get()
            .and_then(Result::ok)
            .map(|l| credit_hours(i18n.locale(), l.total))
    };
    let list = move || match courses.get() {
        None => ().into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">{move || i18n.t(OnlineMsg::NoEnrolledCourses)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="cards">
                {list.into_iter().map(|course| view! { <MyCourseCard course/> }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <section class="list-section" aria-labelledby="continue-title">
            <h2 id="continue-title">{move || i18n.t(OnlineMsg::ContinueLearning)}</h2>
            <p class="credits card">
                {move || i18n.t(OnlineMsg::CreditsEarned)} " "
                <strong data-test="credit-total">{total}</strong>
                " · "
                <a href="/credits">{move || i18n.t(OnlineMsg::ViewLedger)}</a>
            </p>
            {list}
            <p class="links">
                <a href="/courses">{move || i18n.t(OnlineMsg::BrowseCatalogue)}</a>
                {teaches.then(|| view! {
                    " · " <a href="/teach/courses" data-test="teach-courses-link">{move || i18n.t(TeachMsg::TeachLink)}</a>
                })}
            </p>
        </section>
    }
}

#[component]
fn MyCourseCard(course: MyCourse) -> impl IntoView {
    let i18n = use_i18n();
    let MyCourse {
        course: summary,
        completed_at,
        progress_pct,
        next_lesson,
        ..
    } = course;
    let id = summary.id;
    let hours = summary.credit_hours;
    let next = next_lesson.filter(|_| completed_at.is_none()).map(|next| {
        view! {
            <a class="button" href=format!("/courses/{id}/lessons/{}", next.id)>
                {move || i18n.t(OnlineMsg::NextLessonLabel)} "：" {next.title}
            </a>
        }
    });
    view! {
        <li class="card item" data-test="my-course">
            <h3><a href=format!("/courses/{id}")>{summary.title}</a></h3>
            <p class="meta">
                <span>{move || credit_hours(i18n.locale(), hours)}</span>
                <span data-test="my-course-progress">{move || if completed_at.is_some() {
                    i18n.t(OnlineMsg::CourseCompleted).to_owned()
                } else {
                    percent_done(i18n.locale(), progress_pct)
                }}</span>
            </p>
            <progress max="100" value=progress_pct></progress>
            {next}
        </li>
    }
}

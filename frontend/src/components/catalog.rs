//! Cards for the catalogue: a published course and a class open for application.

use cultivator_shared::api::catalog::{ClassSummary, CourseSummary};
use leptos::prelude::*;

use crate::i18n::{
    Msg, credit_hours, date_range, enrollment_mode_name, lesson_count, region_name, seats,
    track_name, use_i18n,
};

#[component]
pub fn CourseCard(course: CourseSummary) -> impl IntoView {
    let i18n = use_i18n();
    let CourseSummary {
        id,
        title,
        summary,
        category,
        credit_hours: hours,
        lesson_count: lessons,
    } = course;
    view! {
        <li data-test="course" class="card item">
            <h3><a href=format!("/courses/{id}")>{title}</a></h3>
            <p class="meta">
                <span class="tag">{category}</span>
                <span>{move || credit_hours(i18n.locale(), hours)}</span>
                <span>{move || lesson_count(i18n.locale(), lessons)}</span>
            </p>
            <p class="summary">{summary}</p>
        </li>
    }
}

#[component]
pub fn ClassCard(class: ClassSummary) -> impl IntoView {
    let i18n = use_i18n();
    let ClassSummary {
        id,
        title,
        track,
        programme,
        stage,
        region,
        starts_on,
        ends_on,
        venue,
        seat_limit,
        seats_taken,
        enrollment_mode,
        ..
    } = class;
    let full = seats_taken >= seat_limit;
    let t = move |msg| i18n.t(msg);
    let venue = venue.filter(|v| !v.trim().is_empty()).map(|venue| {
        view! {
            <dt>{move || t(Msg::VenueLabel)}</dt>
            <dd>{venue}</dd>
        }
    });
    view! {
        <li data-test="class" class="card item">
            <h3>
                <a href=format!("/classes/{id}")>{title}</a>
                <span class=format!("badge track-{}", track.as_str())>
                    {move || track_name(i18n.locale(), track)}
                </span>
            </h3>
            <p class="programme">{programme}" · "{stage}</p>
            <dl class="facts">
                <dt>{move || t(Msg::RegionLabel)}</dt>
                <dd>{move || region_name(i18n.locale(), &region).to_owned()}</dd>
                <dt>{move || t(Msg::DatesLabel)}</dt>
                <dd>{move || date_range(i18n.locale(), starts_on, ends_on)}</dd>
                {venue}
                <dt>{move || t(Msg::SeatsLabel)}</dt>
                <dd class:full=full>
                    {seats(seats_taken, seat_limit)}
                    {move || full.then(|| format!(" · {}", t(Msg::SeatsFull)))}
                </dd>
                <dt>{move || t(Msg::EnrollmentLabel)}</dt>
                <dd>{move || enrollment_mode_name(i18n.locale(), enrollment_mode)}</dd>
            </dl>
        </li>
    }
}

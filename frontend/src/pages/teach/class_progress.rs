//! The class page's list of each member's progress in the class's online
//! courses: sortable, a page at a time, and downloadable as CSV or Excel in
//! the same order.

use cultivator_shared::ClassId;
use cultivator_shared::api::class_progress::{MemberProgress, ProgressQuery, ProgressSort};
use leptos::prelude::*;

use super::local_time::local_time;
use crate::api::rosters;
use crate::components::{ErrorAlert, LoadingLine, page_buttons};
use crate::i18n::class_progress::ProgressMsg;
use crate::i18n::use_i18n;

/// Members per page.
const PAGE: u64 = 50;

const SORTS: [(ProgressSort, ProgressMsg); 5] = [
    (ProgressSort::Name, ProgressMsg::ByName),
    (ProgressSort::Percent, ProgressMsg::ByPercent),
    (ProgressSort::VerifiedTime, ProgressMsg::ByTime),
    (ProgressSort::QuizScore, ProgressMsg::ByQuiz),
    (ProgressSort::LastActivity, ProgressMsg::ByActivity),
];

#[component]
pub fn ClassProgressSection(class_id: ClassId) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(ProgressQuery {
        sort: Some(ProgressSort::Name),
        desc: false,
        limit: Some(PAGE),
        offset: None,
    });
    let list = LocalResource::new(move || {
        let q = query.get();
        async move { rosters::class_progress(class_id, &q).await }
    });
    let download = move |ext: &str| {
        let order = rosters::progress_query(&query.get(), false);
        format!(
            "{}?{order}",
            rosters::export_url(class_id, &format!("progress.{ext}"))
        )
    };
    let sort_options = SORTS
        .into_iter()
        .map(|(sort, label)| {
            view! {
                <option value=sort.as_str() selected=move || query.get().sort == Some(sort)>
                    {move || i18n.t(label)}
                </option>
            }
        })
        .collect_view();
    let body = move || match list.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(progress)) if progress.courses == 0 => {
            view! { <p class="empty">{move || i18n.t(ProgressMsg::NoCourses)}</p> }.into_any()
        }
        Some(Ok(progress)) if progress.members.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(ProgressMsg::NoMembers)}</p> }.into_any()
        }
        Some(Ok(progress)) => {
            let offset = query.get_untracked().offset.unwrap_or(0);
            let total = progress.members.total;
            let required = progress.required_lessons;
            let rows = progress
                .members
                .items
                .into_iter()
                .map(move |m| member_row(m, required))
                .collect_view();
            let turn = move |to: u64| {
                query.update(|q| q.offset = Some(to));
            };
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data-table" data-test="class-progress">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(ProgressMsg::Name)}</th>
                                <th scope="col">{move || i18n.t(ProgressMsg::Lessons)}</th>
                                <th scope="col">{move || i18n.t(ProgressMsg::Percent)}</th>
                                <th scope="col">{move || i18n.t(ProgressMsg::Minutes)}</th>
                                <th scope="col">{move || i18n.t(ProgressMsg::Quiz)}</th>
                                <th scope="col">{move || i18n.t(ProgressMsg::LastActivity)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {page_buttons(offset, PAGE, total, turn, ProgressMsg::Previous, ProgressMsg::Next)}
            }
            .into_any()
        }
    };
    view! {
        <section class="class-progress">
            <h2>{move || i18n.t(ProgressMsg::Title)}</h2>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="progress-sort">{move || i18n.t(ProgressMsg::SortBy)}</label>
                    <select id="progress-sort" on:change=move |ev| {
                        let sort = ProgressSort::parse(&event_target_value(&ev));
                        query.update(|q| { q.sort = sort; q.offset = None; });
                    }>
                        {sort_options}
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox"
                        prop:checked=move || query.get().desc
                        on:change=move |ev| {
                            let desc = event_target_checked(&ev);
                            query.update(|q| { q.desc = desc; q.offset = None; });
                        }/>
                    {move || i18n.t(ProgressMsg::Descending)}
                </label>
            </form>
            <p class="links">
                <a href=move || download("csv") download data-test="progress-csv">
                    {move || i18n.t(ProgressMsg::DownloadCsv)}
                </a>
                " "
                <a href=move || download("xlsx") download>
                    {move || i18n.t(ProgressMsg::DownloadXlsx)}
                </a>
            </p>
            {body}
        </section>
    }
}

fn member_row(member: MemberProgress, required: u32) -> impl IntoView {
    let i18n = use_i18n();
    let last = member.last_activity.map(local_time);
    view! {
        <tr data-test="member-progress">
            <th scope="row">{member.name}</th>
            <td class="num">{member.lessons_completed} " / " {required}</td>
            <td class="num">{member.percent} "%"</td>
            <td class="num">{member.verified_ms / 60_000}</td>
            <td class="num">{member.best_quiz_pct.map(|p| p.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
            <td>{match last {
                Some(at) => at.into_any(),
                None => view! { {move || i18n.t(ProgressMsg::Never)} }.into_any(),
            }}</td>
        </tr>
    }
}

//! `/coord/integrity?region=…&kind=…&offset=…`: the integrity report
//! (异常学习报告). Flags on trainees whose home region is within the
//! coordinator's scope, newest first, a page at a time, with the same view
//! as a CSV download. The URL holds the view, so it can be shared.

use cultivator_shared::RegionCode;
use cultivator_shared::api::integrity::{IntegrityFlag, IntegrityKind, IntegrityQuery};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::coord;
use crate::components::{ErrorAlert, LoadingLine, page_links};
use crate::i18n::coord::count;
use crate::i18n::integrity::{IntegrityMsg, basis_name, kind_name};
use crate::i18n::use_i18n;
use crate::pages::teach::local_time::local_time;

/// Flags per page.
const PAGE: u64 = 50;

fn query_from_url() -> Memo<IntegrityQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        params.with(|p| IntegrityQuery {
            region: p.get_str("region").and_then(|v| RegionCode::parse(v).ok()),
            kind: p.get_str("kind").and_then(IntegrityKind::parse),
            limit: Some(PAGE),
            offset: p.get_str("offset").and_then(|v| v.parse().ok()),
        })
    })
}

fn href(query: &IntegrityQuery) -> String {
    let mut pairs = vec![query.to_query_string()];
    pairs.extend(
        query
            .offset
            .filter(|o| *o > 0)
            .map(|o| format!("offset={o}")),
    );
    pairs.retain(|p| !p.is_empty());
    if pairs.is_empty() {
        "/coord/integrity".to_owned()
    } else {
        format!("/coord/integrity?{}", pairs.join("&"))
    }
}

fn minutes(ms: Option<u64>) -> String {
    ms.map_or_else(
        || "—".to_owned(),
        |ms| format!("{:.1}", ms as f64 / 60_000.0),
    )
}

#[component]
pub fn IntegrityPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = query_from_url();
    let flags = LocalResource::new(move || {
        let q = query.get();
        async move { coord::integrity(&q).await }
    });
    let navigate = use_navigate();
    let choose_kind = move |ev| {
        let next = IntegrityQuery {
            kind: IntegrityKind::parse(&event_target_value(&ev)),
            offset: None,
            ..query.get_untracked()
        };
        navigate(&href(&next), Default::default());
    };
    let kind_options = move || {
        let chosen = query.get().kind;
        IntegrityKind::REPORTED
            .into_iter()
            .map(|k| {
                view! {
                    <option value=k.as_str() selected=chosen == Some(k)>
                        {move || kind_name(i18n.locale(), k)}
                    </option>
                }
            })
            .collect_view()
    };
    let download = move || coord::integrity_download(&query.get());

    let body = move || match flags.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(IntegrityMsg::NothingFlagged)}</p> }.into_any()
        }
        Some(Ok(page)) => {
            let q = query.get();
            let offset = q.offset.unwrap_or(0);
            let pager = page_links(
                offset,
                PAGE,
                page.total,
                move |to| {
                    href(&IntegrityQuery {
                        offset: Some(to),
                        ..q.clone()
                    })
                },
                IntegrityMsg::Previous,
                IntegrityMsg::Next,
            );
            let rows = page.items.into_iter().map(flag_row).collect_view();
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data-table" data-test="integrity-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(IntegrityMsg::KindLabel)}</th>
                                <th scope="col">{move || i18n.t(IntegrityMsg::NameColumn)}</th>
                                <th scope="col">{move || i18n.t(IntegrityMsg::MobileColumn)}</th>
                                <th scope="col">{move || i18n.t(IntegrityMsg::RegionColumn)}</th>
                                <th scope="col">{move || i18n.t(IntegrityMsg::SubjectColumn)}</th>
                                <th scope="col">{move || i18n.t(IntegrityMsg::CountColumn)}</th>
                                <th scope="col">{move || i18n.t(IntegrityMsg::TimeColumn)}</th>
                                <th scope="col">{move || i18n.t(IntegrityMsg::FirstColumn)}</th>
                                <th scope="col">{move || i18n.t(IntegrityMsg::LastColumn)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {pager}
            }
            .into_any()
        }
    };

    view! {
        <div class="integrity-report">
            <h1>{move || i18n.t(IntegrityMsg::ReportTitle)}</h1>
            <p class="muted">{move || i18n.t(IntegrityMsg::ReportIntro)}</p>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="filter-kind">{move || i18n.t(IntegrityMsg::KindLabel)}</label>
                    <select id="filter-kind" on:change=choose_kind>
                        <option value="" selected=move || query.get().kind.is_none()>
                            {move || i18n.t(IntegrityMsg::AllKinds)}
                        </option>
                        {kind_options}
                    </select>
                </div>
            </form>
            <p>
                <a class="button-link" href=download download data-test="integrity-csv">
                    {move || i18n.t(IntegrityMsg::DownloadCsv)}
                </a>
            </p>
            {body}
        </div>
    }
}

fn flag_row(flag: IntegrityFlag) -> impl IntoView {
    let i18n = use_i18n();
    let kind = flag.kind;
    let basis = flag.basis;
    let time = (flag.expected_ms.is_some()).then(|| {
        let taken = format!(
            "{} / {}",
            minutes(flag.measured_ms),
            minutes(flag.expected_ms)
        );
        view! {
            {taken} " "
            <span class="muted">
                {move || basis.map(|b| basis_name(i18n.locale(), b)).unwrap_or_default()}
            </span>
        }
    });
    view! {
        <tr data-test="integrity-flag">
            <td>{move || kind_name(i18n.locale(), kind)}</td>
            <th scope="row">{flag.name}</th>
            <td>{flag.mobile}</td>
            <td>{flag.region.to_string()}</td>
            <td>{flag.subject_title.unwrap_or_default()}</td>
            <td class="num">{count(flag.count)}</td>
            <td class="num">{time}</td>
            <td>{local_time(flag.first_at)}</td>
            <td>{local_time(flag.last_at)}</td>
        </tr>
    }
}

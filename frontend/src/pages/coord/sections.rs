//! The dashboard's lower sections: the child regions (chart, table and
//! downloads), people trained per month, and the classes in the region.

use cultivator_shared::api::coordination::{ChildRow, Dashboard, DashboardQuery, TrackPair};
use cultivator_shared::{ProgrammeId, RegionCode, Track};
use leptos::prelude::*;

use super::charts::{AXIS, BAND, Bar, Column, TOP, bullet_chart, monthly_chart};
use super::dashboard::{href_for_region, name_of};
use crate::api::coord;
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::coord::{CoordMsg, count, month, percent};
use crate::i18n::{Locale, region_name, track_name, use_i18n};

/// The width to draw charts at: the width a card's content has on this
/// screen, so that the chart is shown at 1:1 and its text at its real size.
fn chart_width() -> u32 {
    let page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map_or(720, |e| e.client_width());
    // The page's and the card's padding (1 rem of 17 px each side, 1.5 rem
    // from 640 px) and the card's border, as in app.css.
    let chrome = if page >= 640 { 4 * 26 + 2 } else { 4 * 17 + 2 };
    u32::try_from(page.min(1100) - chrome).map_or(280, |w| w.max(280))
}

fn shown(track: Option<Track>, pair: TrackPair) -> u64 {
    match track {
        Some(t) => pair.get(t),
        None => pair.online + pair.offline,
    }
}

/// An SVG drawn by the charts module, or why it could not be drawn.
fn svg_view(drawn: Result<String, String>) -> AnyView {
    match drawn {
        Ok(svg) => view! { <div class="chart-svg" inner_html=svg></div> }.into_any(),
        Err(error) => view! { <p class="alert">{error}</p> }.into_any(),
    }
}

#[component]
pub fn ChildrenSection(board: Dashboard, query: DashboardQuery) -> impl IntoView {
    let i18n = use_i18n();
    if board.children.is_empty() {
        return view! { <p class="empty">{move || i18n.t(CoordMsg::NoChildren)}</p> }.into_any();
    }
    let track = query.track;
    let rows = board.children.clone();
    let width = chart_width();
    let chart = {
        let rows = rows.clone();
        move || {
            let bars: Vec<Bar> = rows
                .iter()
                .map(|r| Bar {
                    name: region_name(i18n.locale(), &r.region).to_owned(),
                    target: shown(track, r.target),
                    trained: shown(track, r.trained),
                })
                .collect();
            svg_view(bullet_chart(&bars, width))
        }
    };
    // Links laid over the bands make each region's bar open that region.
    let height = f64::from(TOP + BAND * rows.len() as u32 + AXIS);
    let links = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let top = f64::from(TOP + BAND * i as u32) / height * 100.0;
            let tall = f64::from(BAND) / height * 100.0;
            let href = href_for_region(&query, Some(row.region.code.clone()));
            view! {
                <a
                    class="chart-hit"
                    href=href
                    style=format!("top:{top:.3}%;height:{tall:.3}%")
                    aria-label=name_of(&row.region)
                ></a>
            }
        })
        .collect_view();
    let downloads = ["csv", "xlsx"].map(|ext| {
        let href = coord::dashboard_download(&query, ext);
        let label = if ext == "csv" {
            CoordMsg::DownloadCsv
        } else {
            CoordMsg::DownloadXlsx
        };
        view! {
            <a class="button-link" href=href download data-test=format!("download-{ext}")>
                {move || i18n.t(label)}
            </a>
        }
    });
    let targets_href = format!(
        "/coord/targets?programme={}{}",
        board.programme,
        query
            .region
            .as_ref()
            .map(|r| format!("&region={r}"))
            .unwrap_or_default()
    );
    view! {
        <section class="card chart-card" aria-labelledby="children-title">
            <h2 id="children-title">{move || i18n.t(CoordMsg::ChildrenChartTitle)}</h2>
            <Legend first=(CoordMsg::LegendTarget, "pale-green") second=(CoordMsg::LegendTrained, "green")/>
            <div class="chart-frame">{chart} {links}</div>
            <p class="hint">{move || i18n.t(CoordMsg::ChildrenChartHint)}</p>
        </section>
        <section class="card" aria-labelledby="table-title">
            <h2 id="table-title">{move || i18n.t(CoordMsg::TableTitle)}</h2>
            <ChildrenTable rows query/>
            <div class="actions">
                {downloads}
                <a class="button-link" href=targets_href>{move || i18n.t(CoordMsg::TargetsLink)}</a>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Legend(first: (CoordMsg, &'static str), second: (CoordMsg, &'static str)) -> impl IntoView {
    let i18n = use_i18n();
    let item = move |(msg, class): (CoordMsg, &'static str)| {
        view! { <li><span class=format!("swatch {class}")></span>{move || i18n.t(msg)}</li> }
    };
    view! { <ul class="legend">{item(first)} {item(second)}</ul> }
}

#[component]
fn ChildrenTable(rows: Vec<ChildRow>, query: DashboardQuery) -> impl IntoView {
    let i18n = use_i18n();
    let tracks: Vec<Track> = Track::ALL
        .iter()
        .copied()
        .filter(|t| query.track.is_none_or(|f| f == *t))
        .collect();
    let heads = tracks
        .iter()
        .map(|t| {
            let t = *t;
            let name = move || track_name(i18n.locale(), t);
            view! {
                <th scope="col">{name}" "{move || i18n.t(CoordMsg::LegendTrained)}</th>
                <th scope="col">{name}" "{move || i18n.t(CoordMsg::LegendTarget)}</th>
            }
        })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let href = href_for_region(&query, Some(row.region.code.clone()));
            let cells = tracks
                .iter()
                .map(|t| {
                    view! {
                        <td class="num">{count(row.trained.get(*t))}</td>
                        <td class="num">{count(row.target.get(*t))}</td>
                    }
                })
                .collect_view();
            let code = row.region.code.to_string();
            view! {
                <tr data-region=code>
                    <th scope="row"><a href=href>{name_of(&row.region)}</a></th>
                    {cells}
                    <td class="num">{count(row.shortfall)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table" data-test="children-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(CoordMsg::RegionColumn)}</th>
                        {heads}
                        <th scope="col">{move || i18n.t(CoordMsg::ShortfallColumn)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn MonthlySection(board: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let months = board.months;
    let width = chart_width();
    let chart = move || {
        if months.is_empty() {
            return view! { <p class="empty">{i18n.t(CoordMsg::NoMonths)}</p> }.into_any();
        }
        let locale = i18n.locale();
        let columns: Vec<Column> = months
            .iter()
            .map(|m| Column {
                label: short_month(locale, m.month),
                online: m.trained.online,
                offline: m.trained.offline,
            })
            .collect();
        svg_view(monthly_chart(&columns, width))
    };
    view! {
        <section class="card chart-card" aria-labelledby="months-title">
            <h2 id="months-title">{move || i18n.t(CoordMsg::MonthlyChartTitle)}</h2>
            <ul class="legend">
                <li><span class="swatch online"></span>{move || track_name(i18n.locale(), Track::Online)}</li>
                <li><span class="swatch offline"></span>{move || track_name(i18n.locale(), Track::Offline)}</li>
            </ul>
            {chart}
        </section>
    }
}

/// "26/5" for axis labels; the full month name is for prose.
fn short_month(locale: Locale, yyyymm: i32) -> String {
    match locale {
        Locale::ZhCn => format!("{}/{}", yyyymm / 100 % 100, yyyymm % 100),
        Locale::En => month(locale, yyyymm),
    }
}

#[component]
pub fn ClassesSection(region: Option<RegionCode>, programme: Option<ProgrammeId>) -> impl IntoView {
    let i18n = use_i18n();
    let classes = LocalResource::new(move || {
        let region = region.clone();
        async move { coord::classes_in(region.as_ref(), programme).await }
    });
    let list = move || match classes.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(CoordMsg::NoClassesInScope)}</p> }.into_any()
        }
        Some(Ok(page)) => {
            let rows = page
                .items
                .into_iter()
                .map(|c| {
                    let href = format!("/classes/{}", c.id);
                    view! {
                        <tr>
                            <th scope="row"><a href=href>{c.title}</a></th>
                            <td class="num">{percent(Some(c.fill_rate))}</td>
                            <td class="num">{percent(c.attendance_rate)}</td>
                            <td class="num">{percent(c.completion_rate)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data-table" data-test="classes-table">
                        <thead>
                            <tr>
                                <th scope="col"></th>
                                <th scope="col">{move || i18n.t(CoordMsg::FillRate)}</th>
                                <th scope="col">{move || i18n.t(CoordMsg::AttendanceRate)}</th>
                                <th scope="col">{move || i18n.t(CoordMsg::CompletionRate)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="classes-title">
            <h2 id="classes-title">{move || i18n.t(CoordMsg::ClassesTitle)}</h2>
            {list}
        </section>
    }
}

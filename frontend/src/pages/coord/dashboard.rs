//! `/coord`: the coordinator's dashboard. The URL holds the view (region,
//! programme, track, period), so drilling down, the breadcrumb and the back
//! button all work as links.

use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::coordination::{Dashboard, DashboardQuery, Progress};
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{ProgrammeId, RegionCode, Role, Track};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::filters::Filters;
use super::sections::{ChildrenSection, ClassesSection, MonthlySection};
use crate::api::coord;
use crate::components::{ErrorAlert, LoadingLine, signed_in_user};
use crate::i18n::coord::{CoordMsg, people, percent};
use crate::i18n::integrity::IntegrityMsg;
use crate::i18n::{Msg, region_name, track_name, use_i18n};

/// The view the URL asks for.
pub fn query_from_url() -> Memo<DashboardQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        params.with(|p| DashboardQuery {
            programme: p
                .get_str("programme")
                .and_then(|v| v.parse().ok())
                .map(ProgrammeId),
            region: p.get_str("region").and_then(|v| RegionCode::parse(v).ok()),
            track: p.get_str("track").and_then(Track::parse),
            from: p.get_str("from").and_then(|v| v.parse().ok()),
            to: p.get_str("to").and_then(|v| v.parse().ok()),
            platform: p.get_str("platform").map(str::to_owned),
        })
    })
}

/// The dashboard's address for `query`.
pub fn dashboard_href(query: &DashboardQuery) -> String {
    let params = query.to_query_string();
    if params.is_empty() {
        "/coord".to_owned()
    } else {
        format!("/coord?{params}")
    }
}

/// The same view for another region (`None`: the whole country).
pub fn href_for_region(query: &DashboardQuery, region: Option<RegionCode>) -> String {
    dashboard_href(&DashboardQuery {
        region,
        ..query.clone()
    })
}

/// Whether the user coordinates the whole country (or administers).
fn is_national(user: &UserView) -> bool {
    user.roles
        .iter()
        .any(|g| g.role == Role::Admin || (g.role == Role::Coordinator && g.scope.is_none()))
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = query_from_url();
    let me = signed_in_user();
    let board = LocalResource::new(move || {
        let q = query.get();
        async move { coord::dashboard(&q).await }
    });
    let national = move || {
        me.get()
            .and_then(Result::ok)
            .is_some_and(|u| is_national(&u))
    };

    let body = move || match board.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(board)) => {
            let q = query.get();
            view! {
                <Breadcrumb board=board.clone() query=q.clone() national=national()/>
                <Headline board=board.clone() track=q.track/>
                <ChildrenSection board=board.clone() query=q.clone()/>
                <MonthlySection board=board.clone()/>
                <super::platform_table::PlatformSection query=q.clone()/>
                <ClassesSection region=q.region.clone() programme=Some(board.programme)/>
            }
            .into_any()
        }
    };

    view! {
        <div class="dashboard">
            <h1>{move || i18n.t(CoordMsg::DashboardTitle)}</h1>
            <p class="home-links">
                <a href="/coord/integrity" data-test="integrity-link">
                    {move || i18n.t(IntegrityMsg::OpenReport)}
                </a>
            </p>
            <Filters query/>
            {body}
        </div>
    }
}

/// Where this view sits: the whole country (for national staff), the regions
/// above, and this one.
#[component]
fn Breadcrumb(board: Dashboard, query: DashboardQuery, national: bool) -> impl IntoView {
    let i18n = use_i18n();
    let here = board.region.clone();
    let root = (national && here.is_some()).then(|| {
        let href = href_for_region(&query, None);
        view! { <li><a href=href>{move || i18n.t(Msg::WholeCountry)}</a></li> }
    });
    let above = board
        .breadcrumb
        .iter()
        .cloned()
        .map(|region| {
            let href = href_for_region(&query, Some(region.code.clone()));
            view! { <li><a href=href>{move || region_name(i18n.locale(), &region).to_owned()}</a></li> }
        })
        .collect_view();
    let current = move || match &here {
        Some(region) => region_name(i18n.locale(), region).to_owned(),
        None => i18n.t(Msg::WholeCountry).to_owned(),
    };
    let title = board.programme_title.clone();
    view! {
        <nav class="breadcrumb" aria-label="breadcrumb">
            <ol>
                {root}
                {above}
                <li aria-current="page" data-test="dashboard-region">{current}</li>
            </ol>
        </nav>
        <p class="programme-title">{title}</p>
    }
}

/// Trained against target per track, with the pace and where it leads.
#[component]
fn Headline(board: Dashboard, track: Option<Track>) -> impl IntoView {
    let cards = Track::ALL
        .iter()
        .copied()
        .filter(|t| track.is_none_or(|f| f == *t))
        .map(|t| {
            let progress = match t {
                Track::Online => board.online,
                Track::Offline => board.offline,
            };
            view! { <TrackCard track=t progress/> }
        })
        .collect_view();
    view! { <section class="headline">{cards}</section> }
}

#[component]
fn TrackCard(track: Track, progress: Progress) -> impl IntoView {
    let i18n = use_i18n();
    let Progress {
        trained,
        target,
        percent: done,
        monthly_pace,
        projected,
    } = progress;
    let width = done.map_or(0.0, |p| p.clamp(0.0, 100.0));
    let target_line = move || {
        if target == 0 {
            i18n.t(CoordMsg::NoTarget).to_owned()
        } else {
            format!(
                "{} {}",
                i18n.t(CoordMsg::Target),
                people(i18n.locale(), target)
            )
        }
    };
    // The pace is rounded to a tenth of a person by the server.
    let pace = move || format!("{} {}", i18n.t(CoordMsg::MonthlyPace), monthly_pace.round());
    view! {
        <article class=format!("card track-card track-{}", track.as_str()) data-test=format!("headline-{}", track.as_str())>
            <h2>{move || track_name(i18n.locale(), track)}</h2>
            <p class="big-number">
                <span data-test="trained">{move || people(i18n.locale(), trained)}</span>
                <span class="percent">{percent(done)}</span>
            </p>
            <div class="meter" role="img" aria-label=percent(done)>
                <div class="meter-fill" style=format!("width:{width}%")></div>
            </div>
            <p class="muted">{target_line}</p>
            <p class="muted">{pace}</p>
            <p class="muted">
                {move || i18n.t(CoordMsg::Projected)}" "
                <strong>{move || people(i18n.locale(), projected)}</strong>
            </p>
        </article>
    }
}

/// A region's name in the current language, for views built once.
pub fn name_of(region: &RegionView) -> impl Fn() -> String + use<> {
    let i18n = use_i18n();
    let region = region.clone();
    move || region_name(i18n.locale(), &region).to_owned()
}

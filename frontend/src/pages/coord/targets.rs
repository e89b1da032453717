//! `/coord/targets?programme=…&region=…&year=…`: the targets of the regions
//! directly below one region, editable by a coordinator whose scope covers
//! it, with a warning when they do not add up to the region's own target.

use chrono::Datelike;
use cultivator_shared::api::coordination::{ChildTarget, SetTargetsRequest, TargetsView};
use cultivator_shared::{ProgrammeId, RegionCode, Track as StudyTrack};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::dashboard::name_of;
use crate::api::{ApiError, coord};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::coord::{CoordMsg, count};
use crate::i18n::{Msg, region_name, use_i18n};

#[derive(Debug, Clone, PartialEq)]
struct View {
    programme: Option<ProgrammeId>,
    region: Option<RegionCode>,
    year: Option<i32>,
}

#[component]
pub fn TargetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let view_of = Memo::new(move |_| {
        params.with(|p| View {
            programme: p
                .get_str("programme")
                .and_then(|v| v.parse().ok())
                .map(ProgrammeId),
            region: p.get_str("region").and_then(|v| RegionCode::parse(v).ok()),
            year: p.get_str("year").and_then(|v| v.parse().ok()),
        })
    });
    let programmes = LocalResource::new(coord::programmes);
    // Without a programme in the address, the newest.
    let programme = move || {
        view_of.get().programme.or_else(|| {
            programmes
                .get()
                .and_then(Result::ok)
                .and_then(|list| list.first().map(|p| p.id))
        })
    };
    let saved = RwSignal::new(0u32);
    let targets = LocalResource::new(move || {
        let (v, programme) = (view_of.get(), programme());
        saved.track();
        async move {
            match programme {
                Some(programme) => coord::targets(programme, v.region.as_ref(), v.year)
                    .await
                    .map(Some),
                None => Ok(None),
            }
        }
    });
    let navigate = use_navigate();
    let years = move || {
        let chosen = programme();
        programmes
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().find(|p| Some(p.id) == chosen))
            .map(|p| (p.starts_on.year()..=p.ends_on.year()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let year_options = move || {
        let chosen = view_of.get().year;
        years()
            .into_iter()
            .map(|y| view! { <option value=y.to_string() selected=chosen == Some(y)>{y}</option> })
            .collect_view()
    };
    let change_year = move |ev: leptos::ev::Event| {
        let v = view_of.get_untracked();
        let mut href = format!(
            "/coord/targets?programme={}",
            programme().map(|p| p.0).unwrap_or(0)
        );
        if let Some(r) = v.region {
            href.push_str(&format!("&region={r}"));
        }
        if let Ok(year) = event_target_value(&ev).parse::<i32>() {
            href.push_str(&format!("&year={year}"));
        }
        navigate(&href, Default::default());
    };
    let back = move || {
        let v = view_of.get();
        let mut pairs = Vec::new();
        pairs.extend(programme().map(|p| format!("programme={p}")));
        pairs.extend(v.region.map(|r| format!("region={r}")));
        format!("/coord?{}", pairs.join("&"))
    };
    let body = move || match targets.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(None)) => view! { <p class="empty">{i18n.t(CoordMsg::NoProgramme)}</p> }.into_any(),
        Some(Ok(Some(found))) => match programme() {
            Some(programme) => view! {
                <TargetsForm found programme year=view_of.get_untracked().year saved/>
            }
            .into_any(),
            None => ().into_any(),
        },
    };
    view! {
        <div class="targets-page">
            <p><a href=back>{move || i18n.t(CoordMsg::BackToDashboard)}</a></p>
            <h1>{move || i18n.t(CoordMsg::TargetsTitle)}</h1>
            <div class="field">
                <label for="targets-year">{move || i18n.t(CoordMsg::YearLabel)}</label>
                <select id="targets-year" on:change=change_year>
                    <option value="" selected=move || view_of.get().year.is_none()>
                        {move || i18n.t(CoordMsg::WholeProgramme)}
                    </option>
                    {year_options}
                </select>
            </div>
            {body}
        </div>
    }
}

#[component]
fn TargetsForm(
    found: TargetsView,
    programme: ProgrammeId,
    year: Option<i32>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let rows: Vec<(RegionCode, RwSignal<String>, RwSignal<String>)> = found
        .children
        .iter()
        .map(|c| {
            (
                c.region.code.clone(),
                RwSignal::new(c.target.online.to_string()),
                RwSignal::new(c.target.offline.to_string()),
            )
        })
        .collect();
    let inputs = found
        .children
        .iter()
        .zip(rows.iter().cloned())
        .map(|(child, (code, online, offline))| {
            // Each input is named by its row and column, for screen readers.
            let label = |track| {
                let name = name_of(&child.region);
                move || format!("{} · {}", name(), crate::i18n::track_name(i18n.locale(), track))
            };
            let (online_label, offline_label) = (label(StudyTrack::Online), label(StudyTrack::Offline));
            view! {
                <tr data-region=code.to_string()>
                    <th scope="row">{name_of(&child.region)}</th>
                    <td><input type="number" min="0" inputmode="numeric" name="online" aria-label=online_label prop:value=online on:input=move |ev| online.set(event_target_value(&ev))/></td>
                    <td><input type="number" min="0" inputmode="numeric" name="offline" aria-label=offline_label prop:value=offline on:input=move |ev| offline.set(event_target_value(&ev))/></td>
                </tr>
            }
        })
        .collect_view();
    let own = found.target.map(|t| {
        view! {
            <p>{move || i18n.t(CoordMsg::OwnTarget)}": "{count(t.online)}" / "{count(t.offline)}</p>
        }
    });
    let sum = found.children_sum;
    let warning = (!found.adds_up).then(
        || view! { <p class="alert" role="status">{move || i18n.t(CoordMsg::NotAddingUp)}</p> },
    );
    let region = found.region.clone();
    let heading = move || match &region {
        Some(r) => region_name(i18n.locale(), r).to_owned(),
        None => i18n.t(Msg::WholeCountry).to_owned(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let targets = rows
            .iter()
            .map(|(code, online, offline)| ChildTarget {
                region: code.clone(),
                online: online.get_untracked().trim().parse().unwrap_or(0),
                offline: offline.get_untracked().trim().parse().unwrap_or(0),
            })
            .collect();
        let request = SetTargetsRequest {
            programme,
            year,
            targets,
        };
        spawn_local(async move {
            match coord::set_targets(&request).await {
                Ok(()) => {
                    failure.set(None);
                    done.set(true);
                    saved.update(|n| *n += 1);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <form class="card" on:submit=submit>
            <h2>{heading}</h2>
            {own}
            <p>{move || i18n.t(CoordMsg::ChildrenSum)}": "{count(sum.online)}" / "{count(sum.offline)}</p>
            {warning}
            <div class="table-scroll" tabindex="0">
                <table class="data-table targets-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(CoordMsg::RegionColumn)}</th>
                            <th scope="col">{move || crate::i18n::track_name(i18n.locale(), StudyTrack::Online)}</th>
                            <th scope="col">{move || crate::i18n::track_name(i18n.locale(), StudyTrack::Offline)}</th>
                        </tr>
                    </thead>
                    <tbody>{inputs}</tbody>
                </table>
            </div>
            <ErrorAlert error=failure/>
            <Show when=move || done.get()>
                <p class="notice" role="status">{move || i18n.t(CoordMsg::TargetsSaved)}</p>
            </Show>
            <button type="submit" class="primary">{move || i18n.t(CoordMsg::SaveTargets)}</button>
        </form>
    }
}

//! The dashboard's filters: programme, track, period and the platform people
//! registered through. Each change moves to the address of the new view, so
//! it can be bookmarked and shared.

use cultivator_shared::api::coordination::DashboardQuery;
use cultivator_shared::{ProgrammeId, Track};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::dashboard::dashboard_href;
use crate::api::{coord, platform_items};
use crate::i18n::branding::BrandingMsg;
use crate::i18n::coord::CoordMsg;
use crate::i18n::{Locale, track_name, use_i18n};

/// `2026-05` (an `<input type="month">` value) as `202605`.
fn month_from_input(value: &str) -> Option<i32> {
    let (year, month) = value.split_once('-')?;
    let (year, month): (i32, i32) = (year.parse().ok()?, month.parse().ok()?);
    (1..=12).contains(&month).then_some(year * 100 + month)
}

fn month_to_input(month: Option<i32>) -> String {
    month.map_or_else(String::new, |m| format!("{:04}-{:02}", m / 100, m % 100))
}

#[component]
pub fn Filters(query: Memo<DashboardQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let programmes = LocalResource::new(coord::programmes);
    let platforms = LocalResource::new(platform_items::platforms);
    let navigate = use_navigate();
    let go = move |change: &dyn Fn(&mut DashboardQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        navigate(&dashboard_href(&next), Default::default());
    };
    let (go_programme, go_track, go_from, go_to) = (go.clone(), go.clone(), go.clone(), go.clone());

    let programme_options = move || {
        let chosen = query.get().programme;
        programmes
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                view! {
                    <option value=p.id.to_string() selected=chosen == Some(p.id)>{p.title}</option>
                }
            })
            .collect_view()
    };
    let track_options = move || {
        let chosen = query.get().track;
        Track::ALL
            .iter()
            .copied()
            .map(|t| {
                view! {
                    <option value=t.as_str() selected=chosen == Some(t)>
                        {move || track_name(i18n.locale(), t)}
                    </option>
                }
            })
            .collect_view()
    };

    let platform_options = move || {
        let chosen = query.get().platform;
        platforms
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let selected = chosen.as_deref() == Some(p.code.as_str());
                let name = move || match i18n.locale() {
                    Locale::ZhCn => p.branding.short_zh.clone(),
                    Locale::En => p.branding.short_en.clone(),
                };
                view! { <option value=p.code.clone() selected=selected>{name}</option> }
            })
            .collect_view()
    };

    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="filter-programme">{move || i18n.t(CoordMsg::ProgrammeLabel)}</label>
                <select
                    id="filter-programme"
                    on:change=move |ev| {
                        let id = event_target_value(&ev).parse().ok().map(ProgrammeId);
                        go_programme(&|q| q.programme = id);
                    }
                >
                    {programme_options}
                </select>
            </div>
            <div class="field">
                <label for="filter-track">{move || i18n.t(CoordMsg::TrackLabel)}</label>
                <select
                    id="filter-track"
                    on:change=move |ev| {
                        let track = Track::parse(&event_target_value(&ev));
                        go_track(&|q| q.track = track);
                    }
                >
                    <option value="" selected=move || query.get().track.is_none()>
                        {move || i18n.t(CoordMsg::AllTracks)}
                    </option>
                    {track_options}
                </select>
            </div>
            <div class="field">
                <label for="filter-from">{move || i18n.t(CoordMsg::FromLabel)}</label>
                <input
                    id="filter-from"
                    type="month"
                    prop:value=move || month_to_input(query.get().from)
                    on:change=move |ev| {
                        let from = month_from_input(&event_target_value(&ev));
                        go_from(&|q| q.from = from);
                    }
                />
            </div>
            <div class="field">
                <label for="filter-to">{move || i18n.t(CoordMsg::ToLabel)}</label>
                <input
                    id="filter-to"
                    type="month"
                    prop:value=move || month_to_input(query.get().to)
                    on:change=move |ev| {
                        let to = month_from_input(&event_target_value(&ev));
                        go_to(&|q| q.to = to);
                    }
                />
            </div>
            <div class="field">
                <label for="filter-platform">{move || i18n.t(BrandingMsg::PlatformFilter)}</label>
                <select
                    id="filter-platform"
                    data-test="filter-platform"
                    on:change=move |ev| {
                        let code = Some(event_target_value(&ev)).filter(|c| !c.is_empty());
                        go(&|q| q.platform = code.clone());
                    }
                >
                    <option value="" selected=move || query.get().platform.is_none()>
                        {move || i18n.t(BrandingMsg::AllPlatforms)}
                    </option>
                    {platform_options}
                </select>
            </div>
        </form>
        <Show when=move || query.get().platform.is_some()>
            <p class="hint" data-test="platform-filtered">{move || i18n.t(BrandingMsg::FilteredHint)}</p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_inputs_round_trip() {
        assert_eq!(month_from_input("2026-05"), Some(202605));
        assert_eq!(month_from_input("2026-13"), None);
        assert_eq!(month_from_input(""), None);
        assert_eq!(month_to_input(Some(202605)), "2026-05");
        assert_eq!(month_to_input(None), "");
    }
}

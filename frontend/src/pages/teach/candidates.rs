//! For a class of a gated stage: who completed the stage before it, with
//! their progress, and selecting who may apply (coordinators over the
//! candidates' region only; others see the list and who is selected).
//! Nothing is shown for a class that belongs to no stage, or whose stage has
//! no stage before it.

use cultivator_shared::api::pathway::StageCandidates;
use cultivator_shared::{ClassId, ErrorCode, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::local_time;
use crate::api::{ApiError, rosters};
use crate::components::{ErrorAlert, page_buttons};
use crate::i18n::{RosterMsg, use_i18n};

/// Candidates per page.
const CANDIDATES_PAGE: u64 = 50;

#[component]
pub fn Candidates(class_id: ClassId) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<StageCandidates>);
    let failure = RwSignal::new(None::<ApiError>);
    // A province can have thousands of candidates: a page at a time.
    let offset = RwSignal::new(0_u64);
    let load = move || {
        spawn_local(async move {
            match rosters::candidates(class_id, CANDIDATES_PAGE, offset.get_untracked()).await {
                Ok(c) => list.set(Some(c)),
                // A class without a stage has no candidates to show.
                Err(e) if e.code() == Some(ErrorCode::Conflict) => list.set(None),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    load();
    let turn = move |to: u64| {
        offset.set(to);
        load();
    };
    let choose = move |user: UserId, selected: bool| {
        spawn_local(async move {
            if let Err(e) = rosters::set_selected(class_id, user, selected).await {
                failure.set(Some(e));
            }
            load();
        });
    };
    move || {
        let list = list.get().filter(|l| l.previous_stage_title.is_some())?;
        let may_select = list.may_select;
        let rows = list
            .candidates
            .iter()
            .map(|c| {
                let (user, selected) = (c.user, c.selected);
                view! {
                    <tr data-test="candidate">
                        <td>{c.name.clone()}</td>
                        <td>{c.mobile.clone()}</td>
                        <td>{local_time(c.completed_at)}</td>
                        <td>{c.classes_completed}</td>
                        <td>{c.credit_hours.to_string()}</td>
                        <td>
                            {selected.then(|| view! { <strong>{move || i18n.t(RosterMsg::SelectedMark)}</strong> " " })}
                            {may_select.then(|| view! {
                                <button data-test="select-candidate" on:click=move |_| choose(user, !selected)>
                                    {move || i18n.t(if selected { RosterMsg::Unselect } else { RosterMsg::Select })}
                                </button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let empty = list.candidates.is_empty();
        let pages = (list.total > CANDIDATES_PAGE).then(|| {
            page_buttons(
                offset.get_untracked(),
                CANDIDATES_PAGE,
                list.total,
                turn,
                RosterMsg::RosterPrevious,
                RosterMsg::RosterNext,
            )
        });
        Some(view! {
            <section class="candidates">
                <h2>{move || i18n.t(RosterMsg::CandidatesTitle)}</h2>
                <p class="meta">{list.previous_stage_title.clone()} " → " {list.stage_title.clone()}</p>
                <ErrorAlert error=failure/>
                {empty.then(|| view! { <p class="empty">{move || i18n.t(RosterMsg::NoCandidates)}</p> })}
                <div class="table-scroll" tabindex="0">
                    <table>
                        <thead><tr>
                            <th></th><th></th><th></th>
                            <th>{move || i18n.t(RosterMsg::CompletedClasses)}</th>
                            <th>{move || i18n.t(RosterMsg::CreditHours)}</th>
                            <th></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {pages}
            </section>
        })
    }
}

//! A class's instructors on its page: listed, one removed, one added from
//! the instructors whose region covers the class's.

use cultivator_shared::api::classes::ClassInstructors;
use cultivator_shared::{ClassId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, rosters};
use crate::components::ErrorAlert;
use crate::i18n::{NoticeMsg, use_i18n};

#[component]
pub fn ClassInstructorsEditor(class_id: ClassId) -> impl IntoView {
    let i18n = use_i18n();
    let staff = RwSignal::new(None::<ClassInstructors>);
    let failure = RwSignal::new(None::<ApiError>);
    let chosen = RwSignal::new(None::<UserId>);
    let load = move || {
        spawn_local(async move {
            match rosters::instructors(class_id).await {
                Ok(s) => {
                    chosen.set(s.eligible.first().map(|m| m.id));
                    staff.set(Some(s));
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    load();
    let change = move |user: UserId, listed: bool| {
        failure.set(None);
        spawn_local(async move {
            match rosters::set_instructor(class_id, user, listed).await {
                Ok(()) => load(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(user) = chosen.get_untracked() {
            change(user, true);
        }
    };
    let body = move || {
        staff.get().map(|s| {
            let listed = s
                .instructors
                .into_iter()
                .map(|m| {
                    let user = m.id;
                    view! {
                        <li data-test="class-instructor">
                            {m.name} " "
                            <button type="button" class="secondary" on:click=move |_| change(user, false)>
                                {move || i18n.t(NoticeMsg::RemoveInstructor)}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            let none = s.eligible.is_empty();
            let options = s
                .eligible
                .into_iter()
                .map(|m| view! { <option value=m.id.to_string()>{m.name}</option> })
                .collect_view();
            view! {
                <ul class="links">{listed}</ul>
                {if none {
                    view! { <p class="empty">{move || i18n.t(NoticeMsg::NoEligible)}</p> }.into_any()
                } else {
                    view! {
                        <form on:submit=on_add data-test="add-instructor">
                            <label>{move || i18n.t(NoticeMsg::ChooseInstructor)}
                                <select name="instructor" on:change=move |ev| {
                                    chosen.set(event_target_value(&ev).parse().ok().map(UserId));
                                }>{options}</select>
                            </label>
                            <button type="submit">{move || i18n.t(NoticeMsg::AddInstructor)}</button>
                        </form>
                    }
                    .into_any()
                }}
            }
        })
    };
    view! {
        <section class="class-instructors" aria-labelledby="instructors-title">
            <h2 id="instructors-title">{move || i18n.t(NoticeMsg::InstructorsTitle)}</h2>
            <ErrorAlert error=failure/>
            {body}
        </section>
    }
}

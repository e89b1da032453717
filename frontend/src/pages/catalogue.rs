//! `/courses`: the course catalogue, searched by words and filtered by category.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api;
use crate::components::{CourseCard, ErrorAlert, LoadingLine};
use crate::i18n::{OnlineMsg, use_i18n};

#[component]
pub fn Catalogue() -> impl IntoView {
    let i18n = use_i18n();
    let words = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    // What was last searched for: typing does not search, submitting does.
    let asked = RwSignal::new((String::new(), String::new()));
    let categories = LocalResource::new(api::course_categories);
    let found = LocalResource::new(move || {
        let (q, c) = asked.get();
        api::search_courses(q, c)
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        asked.set((words.get_untracked(), category.get_untracked()));
    };
    let options = move || {
        categories
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
            .collect_view()
    };
    let list = move || match found.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(OnlineMsg::NoMatches)}</p> }.into_any()
        }
        Some(Ok(page)) => view! {
            <ul class="cards">
                {page.items.into_iter().map(|course| view! { <CourseCard course/> }).collect_view()}
            </ul>
        }
        .into_any(),
    };

    view! {
        <section class="catalogue">
            <h1>{move || i18n.t(OnlineMsg::CatalogueTitle)}</h1>
            <form class="search card" role="search" on:submit=on_submit>
                <div class="field">
                    <label for="field-q">{move || i18n.t(OnlineMsg::SearchLabel)}</label>
                    <input id="field-q" name="q" type="search" bind:value=words/>
                </div>
                <div class="field">
                    <label for="field-category">{move || i18n.t(OnlineMsg::CategoryLabel)}</label>
                    <select
                        id="field-category"
                        name="category"
                        on:change=move |ev| {
                            category.set(event_target_value(&ev));
                            asked.set((words.get_untracked(), event_target_value(&ev)));
                        }
                    >
                        <option value="">{move || i18n.t(OnlineMsg::AllCategories)}</option>
                        {options}
                    </select>
                </div>
                <button type="submit" class="primary" data-test="search">
                    {move || i18n.t(OnlineMsg::SearchSubmit)}
                </button>
            </form>
            {list}
        </section>
    }
}

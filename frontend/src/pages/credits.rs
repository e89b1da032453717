//! `/credits`: the trainee's credit-hour ledger (学时台账): each thing that
//! earned hours, and the total.

use std::collections::HashMap;

use cultivator_shared::api::learning::CreditEntryView;
use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::{OnlineMsg, credit_hours, local_time, use_i18n};

#[component]
pub fn CreditsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ledger = LocalResource::new(api::my_credits);
    // Course titles for the ledger's online lines.
    let titles = LocalResource::new(|| async {
        api::my_courses()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.course.id.0, c.course.title))
            .collect::<HashMap<i64, String>>()
    });
    let body = move || match ledger.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(ledger)) => {
            let total = ledger.total;
            let empty = ledger.entries.is_empty();
            let rows = move || {
                let titles = titles.get().unwrap_or_default();
                ledger
                    .entries
                    .iter()
                    .map(|entry| {
                        let CreditEntryView {
                            source,
                            source_id,
                            credit_hours: hours,
                            earned_at,
                        } = entry.clone();
                        let what = match source.as_str() {
                            "course" => titles
                                .get(&source_id)
                                .cloned()
                                .unwrap_or_else(|| i18n.t(OnlineMsg::SourceCourse).to_owned()),
                            "session" => i18n.t(OnlineMsg::SourceSession).to_owned(),
                            _ => i18n.t(OnlineMsg::SourceOther).to_owned(),
                        };
                        view! {
                            <li class="ledger-line" data-test="ledger-line">
                                <span class="what">{what}</span>
                                <span class="hours">{credit_hours(i18n.locale(), hours)}</span>
                                <span class="meta">{local_time(earned_at)}</span>
                            </li>
                        }
                    })
                    .collect_view()
            };
            view! {
                <p class="total" data-test="credit-total">
                    {move || i18n.t(OnlineMsg::LedgerTotal)} " "
                    <strong>{move || credit_hours(i18n.locale(), total)}</strong>
                </p>
                {empty.then(|| view! { <p class="empty">{move || i18n.t(OnlineMsg::LedgerEmpty)}</p> })}
                <ul class="ledger">{rows}</ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="card">
            <h1>{move || i18n.t(OnlineMsg::LedgerTitle)}</h1>
            {body}
        </section>
    }
}

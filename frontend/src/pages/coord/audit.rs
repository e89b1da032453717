//! `/coord/audit?action=…&object_kind=…&actor=…&from=…&until=…&offset=…`:
//! the audit trail (操作日志) for admins and coordinators (their region's
//! records), newest first, a page at a time, and the same view as a CSV
//! download. The URL holds the view, so it can be shared.

use chrono::{DateTime, Utc};
use cultivator_shared::UserId;
use cultivator_shared::api::audit::{AuditAction, AuditObject, AuditQuery, AuditRecordView};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::setup;
use crate::components::{ErrorAlert, LoadingLine, page_links};
use crate::i18n::setup::{SetupMsg, action_name, object_name};
use crate::i18n::use_i18n;
use crate::pages::teach::local_time::{from_local_input, local_time, to_local_input};

/// Records per page.
const PAGE: u64 = 50;

fn instant(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

fn query_from_url() -> Memo<AuditQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        params.with(|p| AuditQuery {
            actor: p.get_str("actor").and_then(|v| v.parse().ok()).map(UserId),
            action: p.get_str("action").and_then(AuditAction::parse),
            object_kind: p.get_str("object_kind").and_then(AuditObject::parse),
            object_id: p.get_str("object_id").and_then(|v| v.parse().ok()),
            region: None,
            from: instant(p.get_str("from")),
            until: instant(p.get_str("until")),
            limit: Some(PAGE),
            offset: p.get_str("offset").and_then(|v| v.parse().ok()),
        })
    })
}

fn href(query: &AuditQuery) -> String {
    let mut pairs = vec![query.to_query_string()];
    pairs.extend(
        query
            .offset
            .filter(|o| *o > 0)
            .map(|o| format!("offset={o}")),
    );
    pairs.retain(|p| !p.is_empty());
    if pairs.is_empty() {
        "/coord/audit".to_owned()
    } else {
        format!("/coord/audit?{}", pairs.join("&"))
    }
}

/// A `<input type="date">` value for an instant, in the browser's time zone.
fn date_input(at: Option<DateTime<Utc>>) -> String {
    at.map(|at| to_local_input(at).chars().take(10).collect())
        .unwrap_or_default()
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = query_from_url();
    let records = LocalResource::new(move || {
        let q = query.get();
        async move { setup::audit(&q).await }
    });
    let navigate = use_navigate();
    let action = RwSignal::new(String::new());
    let object = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    // The form shows the view the URL holds.
    Effect::new(move || {
        let q = query.get();
        action.set(q.action.map(|a| a.as_str().to_owned()).unwrap_or_default());
        object.set(
            q.object_kind
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
        );
        actor.set(q.actor.map(|a| a.0.to_string()).unwrap_or_default());
        from.set(date_input(q.from));
        until.set(date_input(q.until));
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = |s: RwSignal<String>| {
            let text = s.get_untracked();
            (!text.is_empty())
                .then(|| from_local_input(&format!("{text}T00:00")))
                .flatten()
        };
        let next = AuditQuery {
            actor: actor.get_untracked().trim().parse().ok().map(UserId),
            action: AuditAction::parse(&action.get_untracked()),
            object_kind: AuditObject::parse(&object.get_untracked()),
            object_id: None,
            region: None,
            from: day(from),
            until: day(until),
            limit: Some(PAGE),
            offset: None,
        };
        navigate(&href(&next), Default::default());
    };
    let action_options = move || {
        AuditAction::ALL
            .iter()
            .map(|a| {
                let a = *a;
                view! {
                    <option value=a.as_str() selected=move || action.get() == a.as_str()>
                        {move || action_name(i18n.locale(), a)}
                    </option>
                }
            })
            .collect_view()
    };
    let object_options = move || {
        AuditObject::ALL
            .iter()
            .map(|k| {
                let k = *k;
                view! {
                    <option value=k.as_str() selected=move || object.get() == k.as_str()>
                        {move || object_name(i18n.locale(), k)}
                    </option>
                }
            })
            .collect_view()
    };
    let download = move || setup::audit_download(&query.get());

    let body = move || match records.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(SetupMsg::NothingRecorded)}</p> }.into_any()
        }
        Some(Ok(page)) => {
            let q = query.get();
            let offset = q.offset.unwrap_or(0);
            let pager = page_links(
                offset,
                PAGE,
                page.total,
                move |to| {
                    href(&AuditQuery {
                        offset: Some(to),
                        ..q.clone()
                    })
                },
                SetupMsg::Previous,
                SetupMsg::Next,
            );
            let rows = page.items.into_iter().map(record_row).collect_view();
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data-table" data-test="audit-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(SetupMsg::When)}</th>
                                <th scope="col">{move || i18n.t(SetupMsg::Actor)}</th>
                                <th scope="col">{move || i18n.t(SetupMsg::Action)}</th>
                                <th scope="col">{move || i18n.t(SetupMsg::Object)}</th>
                                <th scope="col">{move || i18n.t(SetupMsg::Region)}</th>
                                <th scope="col">{move || i18n.t(SetupMsg::Change)}</th>
                                <th scope="col">{move || i18n.t(SetupMsg::Address)}</th>
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
        <div class="audit-trail">
            <h1>{move || i18n.t(SetupMsg::AuditTitle)}</h1>
            <p class="muted">{move || i18n.t(SetupMsg::AuditIntro)}</p>
            <form class="filters" on:submit=apply>
                <div class="field">
                    <label for="audit-action">{move || i18n.t(SetupMsg::Action)}</label>
                    <select id="audit-action" on:change=move |ev| action.set(event_target_value(&ev))>
                        <option value="" selected=move || action.get().is_empty()>
                            {move || i18n.t(SetupMsg::AllActions)}
                        </option>
                        {action_options}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-object">{move || i18n.t(SetupMsg::Object)}</label>
                    <select id="audit-object" on:change=move |ev| object.set(event_target_value(&ev))>
                        <option value="" selected=move || object.get().is_empty()>
                            {move || i18n.t(SetupMsg::AllObjects)}
                        </option>
                        {object_options}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-actor">{move || i18n.t(SetupMsg::ActorId)}</label>
                    <input id="audit-actor" type="text" inputmode="numeric" bind:value=actor/>
                </div>
                <div class="field">
                    <label for="audit-from">{move || i18n.t(SetupMsg::From)}</label>
                    <input id="audit-from" type="date" bind:value=from/>
                </div>
                <div class="field">
                    <label for="audit-until">{move || i18n.t(SetupMsg::Until)}</label>
                    <input id="audit-until" type="date" bind:value=until/>
                </div>
                <button type="submit" data-test="audit-filter">{move || i18n.t(SetupMsg::Filter)}</button>
            </form>
            <p>
                <a class="button-link" href=download download data-test="audit-csv">
                    {move || i18n.t(SetupMsg::DownloadCsv)}
                </a>
            </p>
            {body}
        </div>
    }
}

fn record_row(record: AuditRecordView) -> impl IntoView {
    let i18n = use_i18n();
    let action = record.action;
    let object = record.object_kind;
    let actor = match (record.actor, record.actor_name) {
        (Some(id), Some(name)) => format!("{name} (#{id})"),
        (Some(id), None) => format!("#{id}"),
        (None, _) => String::new(),
    };
    let system = record.actor.is_none();
    let change = match (record.before, record.after) {
        (Some(before), Some(after)) => format!("{before} → {after}"),
        (None, Some(after)) => after,
        (Some(before), None) => before,
        (None, None) => String::new(),
    };
    view! {
        <tr data-test="audit-record">
            <td>{local_time(record.at)}</td>
            <td>
                {actor}
                {system.then(|| view! { {move || i18n.t(SetupMsg::System)} })}
                <br/>
                <span class="muted">{record.actor_roles}</span>
            </td>
            <th scope="row">{move || action_name(i18n.locale(), action)}</th>
            <td>{move || object_name(i18n.locale(), object)} " #" {record.object_id}</td>
            <td>{record.region.unwrap_or_default()}</td>
            <td class="change"><code>{change}</code></td>
            <td>{record.address.unwrap_or_default()}</td>
        </tr>
    }
}

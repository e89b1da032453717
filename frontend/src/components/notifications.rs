//! The signed-in person's in-app notifications (e.g. a seat that came free),
//! newest first, each linking to its class.

use leptos::prelude::*;

use crate::api::rosters;
use crate::i18n::{RosterMsg, notification_text, use_i18n};

#[component]
pub fn Notifications() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(rosters::notifications);
    move || {
        let items = match list.get() {
            Some(Ok(items)) => items,
            _ => return None,
        };
        let empty = items.is_empty();
        let rows = items
            .into_iter()
            .map(|n| {
                let kind = n.kind;
                let link = n.class_id.map(|c| {
                    view! { <a href=format!("/classes/{c}")>{n.class_title.clone().unwrap_or_default()}</a> }
                });
                view! {
                    <li data-test="notification">
                        {move || i18n.t(notification_text(kind))} " " {link}
                        <span class="meta">" · " {n.created_at.format("%Y-%m-%d").to_string()}</span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card notifications" aria-labelledby="notifications-title">
                <h2 id="notifications-title">{move || i18n.t(RosterMsg::NotificationsTitle)}</h2>
                {empty.then(|| view! { <p class="empty">{move || i18n.t(RosterMsg::NoNotifications)}</p> })}
                <ul>{rows}</ul>
            </section>
        })
    }
}

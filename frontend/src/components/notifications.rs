//! The signed-in person's notifications: the list (newest first, unread
//! ones marked, each linking to its object, with the time, place or reason
//! it tells of), marking them read, and the unread count in the header.
//! The count and the list share [`NoticeBoard`], so marking read anywhere
//! updates both.

use cultivator_shared::api::notifications::{NotificationKind, NotificationView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

use crate::api::notices;
use crate::components::ErrorAlert;
use crate::i18n::{NoticeMsg, RosterMsg, local_time, notification_text, use_i18n};

/// Bumped whenever notifications are marked read, so that every view of
/// them loads again.
#[derive(Debug, Clone, Copy)]
pub struct NoticeBoard {
    version: RwSignal<u32>,
}

impl NoticeBoard {
    pub fn new() -> Self {
        Self {
            version: RwSignal::new(0),
        }
    }

    /// The app's board (a fresh one outside the app, e.g. in component tests).
    pub fn use_context() -> Self {
        use_context::<NoticeBoard>().unwrap_or_default()
    }

    /// Tracks the board: a view reading this reloads when it changes.
    fn track(&self) {
        self.version.track();
    }

    fn changed(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }
}

impl Default for NoticeBoard {
    fn default() -> Self {
        Self::new()
    }
}

/// "消息 3 条未读" in the header, linking to the list; nothing for a visitor
/// not signed in. Reloaded on every navigation and whenever one is read.
#[component]
pub fn UnreadBadge() -> impl IntoView {
    let i18n = use_i18n();
    let board = NoticeBoard::use_context();
    let location = use_location();
    let count = LocalResource::new(move || {
        board.track();
        location.pathname.track();
        crate::api::first_screen::track();
        notices::unread_count()
    });
    move || {
        let unread = match count.get() {
            Some(Ok(c)) => c.unread,
            _ => return None,
        };
        Some(view! {
            <a class="unread-badge" href="/#notifications-title" data-test="unread-count">
                {move || i18n.t(NoticeMsg::HeaderNotices)}
                {(unread > 0).then(|| view! {
                    " " <span class="badge">{unread}</span> " " {move || i18n.t(NoticeMsg::UnreadSuffix)}
                })}
            </a>
        })
    }
}

/// What a notice tells beyond its kind: the class (linked), and the time,
/// place, reason or stage it carries.
fn particulars(n: &NotificationView) -> impl IntoView + use<> {
    let i18n = use_i18n();
    // A class notice names its class; the others say where the link goes.
    let text = match n.kind {
        NotificationKind::SelectedForStage => Some(NoticeMsg::SeeClasses),
        NotificationKind::PasswordReset => Some(NoticeMsg::OpenAccount),
        NotificationKind::CertificateIssued => Some(NoticeMsg::SeeCertificate),
        _ => None,
    };
    let title = n.class_title.clone().unwrap_or_default();
    let link = n.link().map(|href| match text {
        Some(text) => view! { <a href=href>{move || i18n.t(text)}</a> }.into_any(),
        None => view! { <a href=href>{title}</a> }.into_any(),
    });
    let d = &n.detail;
    let when = d.starts_at.map(|at| {
        let end = d
            .ends_at
            .map(|e| format!(" – {}", local_time(e)))
            .unwrap_or_default();
        format!(" · {}{end}", local_time(at))
    });
    let venue = d.venue.clone().map(|v| format!(" · {v}"));
    let stage = d.stage.clone().map(|s| format!(" “{s}”"));
    let reason = d.reason.clone().map(|r| {
        view! { <span class="reason">" · " {move || i18n.t(NoticeMsg::Reason)} "：" {r}</span> }
    });
    view! { " " {link} {stage} {when} {venue} {reason} }
}

#[component]
pub fn Notifications() -> impl IntoView {
    let i18n = use_i18n();
    let board = NoticeBoard::use_context();
    let failure = RwSignal::new(None);
    let list = LocalResource::new(move || {
        board.track();
        crate::api::first_screen::track();
        notices::notifications()
    });
    let mark = move |id: Option<i64>| {
        spawn_local(async move {
            let done = match id {
                Some(id) => notices::mark_read(id).await,
                None => notices::mark_all_read().await,
            };
            match done {
                Ok(()) => board.changed(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    move || {
        let items = match list.get() {
            Some(Ok(page)) => page.items,
            _ => return None,
        };
        let empty = items.is_empty();
        let any_unread = items.iter().any(|n| n.read_at.is_none());
        let rows = items
            .into_iter()
            .map(|n| {
                let kind = n.kind;
                let id = n.id;
                let unread = n.read_at.is_none();
                view! {
                    <li data-test="notification" class:unread=unread>
                        {unread.then(|| view! {
                            <span class="badge">{move || i18n.t(NoticeMsg::Unread)}</span> " "
                        })}
                        {move || i18n.t(notification_text(kind))}
                        {particulars(&n)}
                        <span class="meta">" · " {local_time(n.created_at)}</span>
                        {unread.then(|| view! {
                            " "
                            <button type="button" class="link" data-test="mark-read"
                                on:click=move |_| mark(Some(id))>
                                {move || i18n.t(NoticeMsg::MarkRead)}
                            </button>
                        })}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card notifications" aria-labelledby="notifications-title">
                <h2 id="notifications-title">{move || i18n.t(RosterMsg::NotificationsTitle)}</h2>
                <ErrorAlert error=failure/>
                {empty.then(|| view! { <p class="empty">{move || i18n.t(RosterMsg::NoNotifications)}</p> })}
                <ul>{rows}</ul>
                {any_unread.then(|| view! {
                    <button type="button" data-test="mark-all-read" on:click=move |_| mark(None)>
                        {move || i18n.t(NoticeMsg::MarkAllRead)}
                    </button>
                })}
            </section>
        })
    }
}

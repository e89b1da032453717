//! `/admin/users`: find accounts by name or mobile number, page through them,
//! change the roles each holds, issue reset codes, and create accounts. Anyone else who opens it is told plainly
//! that the page is for administrators.

use cultivator_shared::{ErrorCode, Role, UserId};
use leptos::prelude::*;

use super::account::AccountRow;
use super::create_accounts::{BulkCreate, CreateAccount};
use crate::api::admin;
use crate::components::{ErrorAlert, LoadingLine, signed_in_user};
use crate::i18n::admin::{AdminMsg, range_of};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = signed_in_user();
    let body = move || match me.get() {
        Some(Ok(user)) if user.roles.iter().any(|g| g.role == Role::Admin) => {
            view! { <AccountBrowser/> <CreateAccount/> <BulkCreate/> }.into_any()
        }
        Some(Ok(_)) => view! { <Refusal/> }.into_any(),
        Some(Err(error)) if !error.is_unauthenticated() => {
            view! { <ErrorAlert error=Some(error)/> }.into_any()
        }
        _ => view! { <LoadingLine/> }.into_any(),
    };
    view! {
        <div class="admin-users">
            <h1>{move || i18n.t(AdminMsg::UsersTitle)}</h1>
            {body}
        </div>
    }
}

/// What someone who is not an administrator sees instead of the accounts.
#[component]
fn Refusal() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-test="admin-refused">
            <p class="alert" role="alert">{move || i18n.t(AdminMsg::Refused)}</p>
            <p><a href="/">{move || i18n.t(Msg::BackHome)}</a></p>
        </section>
    }
}

/// The search box, one page of accounts, and the way to the next.
#[component]
fn AccountBrowser() -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let offset = RwSignal::new(0u64);
    // One editor open at a time keeps the form ids unique on the page.
    let editing = RwSignal::new(None::<UserId>);
    let accounts = LocalResource::new(move || {
        let (q, from) = (query.get(), offset.get());
        async move { admin::users(&q, from).await }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        editing.set(None);
        offset.set(0);
        query.set(typed.get_untracked().trim().to_owned());
    };
    let list = move || match accounts.get() {
        None => view! { <LoadingLine/> }.into_any(),
        // The session may have lost the role since the page opened.
        Some(Err(error)) if error.code() == Some(ErrorCode::Forbidden) => {
            view! { <Refusal/> }.into_any()
        }
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(AdminMsg::NoAccounts)}</p> }.into_any()
        }
        Some(Ok(page)) => {
            let shown = page.items.len() as u64;
            let rows = page
                .items
                .into_iter()
                .map(|user| view! { <AccountRow user editing/> })
                .collect_view();
            view! {
                <ul class="accounts">{rows}</ul>
                <Pager total=page.total shown offset/>
            }
            .into_any()
        }
    };
    view! {
        <form class="search admin-search" role="search" on:submit=search>
            <label for="admin-q">{move || i18n.t(AdminMsg::SearchLabel)}</label>
            <div class="search-row">
                <input id="admin-q" name="q" type="search" autocomplete="off" bind:value=typed/>
                <button type="submit" class="primary">{move || i18n.t(AdminMsg::SearchSubmit)}</button>
            </div>
        </form>
        {list}
    }
}

/// "21–40 of 57", with buttons to the pages either side.
#[component]
fn Pager(total: u64, shown: u64, offset: RwSignal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let from = offset.get_untracked();
    let last = from + shown;
    let back = move |_| offset.set(from.saturating_sub(admin::PAGE_SIZE));
    let on = move |_| offset.set(last);
    let range = move || range_of(i18n.locale(), from + 1, last, total);
    if from == 0 && last >= total {
        return view! { <p class="pager muted">{range}</p> }.into_any();
    }
    view! {
        <nav class="pager">
            <button type="button" class="secondary" disabled={from == 0} on:click=back>
                {move || i18n.t(AdminMsg::Previous)}
            </button>
            <span>{range}</span>
            <button type="button" class="secondary" disabled={last >= total} on:click=on>
                {move || i18n.t(AdminMsg::Next)}
            </button>
        </nav>
    }
    .into_any()
}

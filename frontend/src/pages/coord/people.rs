//! `/coord/people`: coordinators (and administrators) find people in the
//! regions they oversee, by name or whole mobile number, and issue a
//! password reset code to a trainee who forgot theirs. Numbers are masked
//! for coordinators (docs/personal-data.md).

use cultivator_shared::api::admin::PersonSummary;
use cultivator_shared::{ErrorCode, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, admin};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::admin::AdminMsg;
use crate::i18n::{Msg, region_path, use_i18n};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let people = LocalResource::new(move || {
        let q = query.get();
        async move { admin::people(&q, 0).await }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.set(typed.get_untracked().trim().to_owned());
    };
    let list = move || match people.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) if error.code() == Some(ErrorCode::Forbidden) => view! {
            <p class="alert" role="alert">{move || i18n.t(AdminMsg::PeopleRefused)}</p>
        }
        .into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{move || i18n.t(AdminMsg::NoAccounts)}</p> }.into_any()
        }
        Some(Ok(page)) => view! {
            <ul class="accounts">
                {page.items.into_iter().map(|person| view! { <Person person/> }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <div class="admin-users">
            <h1>{move || i18n.t(AdminMsg::PeopleTitle)}</h1>
            <p class="hint">{move || i18n.t(AdminMsg::PeopleIntro)}</p>
            <form class="search admin-search" role="search" on:submit=search>
                <label for="people-q">{move || i18n.t(AdminMsg::PeopleSearchLabel)}</label>
                <div class="search-row">
                    <input id="people-q" name="q" type="search" autocomplete="off" bind:value=typed/>
                    <button type="submit" class="primary">{move || i18n.t(AdminMsg::SearchSubmit)}</button>
                </div>
            </form>
            {list}
            <p><a href="/">{move || i18n.t(Msg::BackHome)}</a></p>
        </div>
    }
}

#[component]
fn Person(person: PersonSummary) -> impl IntoView {
    let i18n = use_i18n();
    let id: UserId = person.id;
    let home = person.region_path;
    let code = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let issue = move |_| {
        failure.set(None);
        spawn_local(async move {
            match admin::issue_reset_code(id).await {
                Ok(issued) => code.set(Some(issued.code)),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <li class="card account" data-test="person">
            <h2>{person.name}</h2>
            <dl class="facts">
                <dt>{move || i18n.t(AdminMsg::MobileLabel)}</dt>
                <dd data-test="mobile">{person.mobile}</dd>
                <dt>{move || i18n.t(Msg::HomeRegionLabel)}</dt>
                <dd>{move || region_path(i18n.locale(), &home)}</dd>
            </dl>
            {person.may_reset_password.then(|| view! {
                <button type="button" class="secondary" data-test="issue-reset-code" on:click=issue>
                    {move || i18n.t(AdminMsg::IssueResetCode)}
                </button>
            })}
            {move || code.get().map(|code| view! {
                <div class="notice" role="status">
                    <p>
                        {move || i18n.t(AdminMsg::ResetCodeIs)}
                        <strong class="reset-code" data-test="reset-code">{code}</strong>
                    </p>
                    <p class="hint">{move || i18n.t(AdminMsg::ResetCodeHint)}</p>
                </div>
            })}
            <ErrorAlert error=failure/>
        </li>
    }
}

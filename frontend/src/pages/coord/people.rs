//! `/coord/people`: coordinators (and administrators) find people in the
//! regions they oversee, by name or whole mobile number, and issue a
//! password reset code to a trainee who forgot theirs, or move a trainee
//! who moved house to their new home region; each person's certificates.
//! Numbers are masked for coordinators (docs/personal-data.md).

use cultivator_shared::api::admin::{PersonSummary, SetRegionRequest};
use cultivator_shared::{ErrorCode, FieldError, RegionCode, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::person_certificates::PersonCertificates;
use crate::api::{ApiError, admin};
use crate::components::{ErrorAlert, LoadingLine, RegionPicker, field_error};
use crate::i18n::admin::AdminMsg;
use crate::i18n::{Msg, region_path, use_i18n};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    // One region picker open at a time: its fields have fixed ids.
    let moving = RwSignal::new(None::<UserId>);
    let query = RwSignal::new(String::new());
    let people = LocalResource::new(move || {
        let q = query.get();
        async move { admin::people(&q, 0).await }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.set(typed.get_untracked().trim().to_owned());
    };
    let list = move || {
        match people.get() {
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
                {page.items.into_iter().map(|person| view! { <Person person moving/> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
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
fn Person(person: PersonSummary, moving: RwSignal<Option<UserId>>) -> impl IntoView {
    let i18n = use_i18n();
    let id: UserId = person.id;
    let home = RwSignal::new(person.region_path);
    let code = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let moved = RwSignal::new(false);
    let issue = move |_| {
        failure.set(None);
        spawn_local(async move {
            match admin::issue_reset_code(id).await {
                Ok(issued) => code.set(Some(issued.code)),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let open_move = move |_| {
        failure.set(None);
        moved.set(false);
        moving.set(Some(id));
    };
    let may_help = person.may_reset_password;
    view! {
        <li class="card account" data-test="person">
            <h2>{person.name}</h2>
            <dl class="facts">
                <dt>{move || i18n.t(AdminMsg::MobileLabel)}</dt>
                <dd data-test="mobile">{person.mobile}</dd>
                <dt>{move || i18n.t(Msg::HomeRegionLabel)}</dt>
                <dd data-test="home-region">{move || home.with(|h| region_path(i18n.locale(), h))}</dd>
            </dl>
            {may_help.then(|| view! {
                <div class="actions">
                    <button type="button" class="secondary" data-test="issue-reset-code" on:click=issue>
                        {move || i18n.t(AdminMsg::IssueResetCode)}
                    </button>
                    <button type="button" class="secondary" data-test="move-home" on:click=open_move>
                        {move || i18n.t(AdminMsg::MoveHome)}
                    </button>
                </div>
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
            <Show when=move || moving.get() == Some(id)>
                <MoveHome id home moving moved failure/>
            </Show>
            <Show when=move || moved.get()>
                <p class="notice" role="status" data-test="home-moved">{move || i18n.t(AdminMsg::HomeMoved)}</p>
            </Show>
            <ErrorAlert error=failure/>
            <PersonCertificates person=id/>
        </li>
    }
}

/// The region picker for a person's new home, and the button that saves it.
#[component]
fn MoveHome(
    id: UserId,
    home: RwSignal<Vec<cultivator_shared::api::regions::RegionView>>,
    moving: RwSignal<Option<UserId>>,
    moved: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let selected = RwSignal::new(None::<RegionCode>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = SetRegionRequest {
            region_code: selected
                .get_untracked()
                .map(|c| c.to_string())
                .unwrap_or_default(),
        };
        failure.set(None);
        // The shared rules speak first: no region chosen is said before sending.
        if let Err(fields) = request.validate() {
            errors.set(fields);
            return;
        }
        errors.set(Vec::new());
        spawn_local(async move {
            match admin::move_home(id, &request).await {
                Ok(user) => {
                    home.set(user.region_path);
                    moving.set(None);
                    moved.set(true);
                }
                Err(ApiError::Api { body, .. }) if !body.fields.is_empty() => {
                    errors.set(body.fields.clone());
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <form class="move-home" on:submit=save>
            <RegionPicker selected error=field_error(errors, "region_code")/>
            <div class="actions">
                <button type="submit" class="primary" data-test="save-home">{move || i18n.t(AdminMsg::SaveHome)}</button>
                <button type="button" class="secondary" on:click=move |_| moving.set(None)>
                    {move || i18n.t(AdminMsg::CloseEditor)}
                </button>
            </div>
        </form>
    }
}

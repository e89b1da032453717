//! `/account`: the signed-in person's own account: their name (changed with
//! a reason), their password, a copy of their data, and deleting the
//! account. Forms are checked with the shared rules before sending.

use cultivator_shared::FieldError;
use cultivator_shared::api::auth::{
    ChangePasswordRequest, DeleteAccountRequest, RenameRequest, UserView,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, account};
use crate::components::{ErrorAlert, LoadingLine, TextField, field_error, signed_in_user};
use crate::i18n::account::AccountMsg;
use crate::i18n::{Msg, region_path, use_i18n};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = signed_in_user();
    let body = move || match me.get() {
        Some(Ok(user)) => view! {
            <NameForm user=user.clone()/>
            <PasswordForm/>
            <MyData/>
            <DeleteAccount/>
        }
        .into_any(),
        Some(Err(error)) if !error.is_unauthenticated() => {
            view! { <ErrorAlert error=Some(error)/> }.into_any()
        }
        _ => view! { <LoadingLine/> }.into_any(),
    };
    view! {
        <div class="account-page">
            <h1>{move || i18n.t(AccountMsg::AccountTitle)}</h1>
            {body}
            <p><a href="/">{move || i18n.t(Msg::BackHome)}</a></p>
        </div>
    }
}

/// Sets `errors` and `failure` from a failed call.
fn show_failure(
    error: ApiError,
    errors: RwSignal<Vec<FieldError>>,
    failure: RwSignal<Option<ApiError>>,
) {
    if let ApiError::Api { body, .. } = &error {
        errors.set(body.fields.clone());
    }
    failure.set(Some(error));
}

#[component]
fn NameForm(user: UserView) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(user.name.clone());
    let reason = RwSignal::new(String::new());
    let home = user.region_path.clone();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = RenameRequest {
            name: name.get_untracked(),
            reason: reason.get_untracked(),
        };
        failure.set(None);
        saved.set(false);
        if let Err(fields) = request.validate() {
            errors.set(fields);
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        spawn_local(async move {
            match account::rename(&request).await {
                Ok(updated) => {
                    name.set(updated.name);
                    reason.set(String::new());
                    saved.set(true);
                }
                Err(error) => show_failure(error, errors, failure),
            }
            pending.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="name-title">
            <h2 id="name-title">{move || i18n.t(AccountMsg::NameSection)}</h2>
            <form on:submit=on_submit novalidate>
                <TextField label=Msg::NameLabel name="name" value=name
                    error=field_error(errors, "name") autocomplete="name"/>
                <TextField label=Msg::ChangeReasonLabel name="reason" value=reason
                    error=field_error(errors, "reason")/>
                <p class="hint">{move || i18n.t(AccountMsg::RenameHint)}</p>
                <ErrorAlert error=failure/>
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || i18n.t(AccountMsg::Renamed)}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || i18n.t(AccountMsg::RenameSubmit)}
                </button>
            </form>
            <dl class="facts">
                <dt>{move || i18n.t(Msg::HomeRegionLabel)}</dt>
                <dd>{move || region_path(i18n.locale(), &home)}</dd>
            </dl>
            <p class="hint">{move || i18n.t(AccountMsg::RegionByStaff)}</p>
        </section>
    }
}

/// The current password and a new one. `on_done` runs after a change.
#[component]
pub fn PasswordFields(
    submit: AccountMsg,
    #[prop(into)] on_done: Callback<UserView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        failure.set(None);
        if let Err(fields) = request.validate() {
            errors.set(fields);
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        spawn_local(async move {
            match account::change_password(&request).await {
                Ok(user) => {
                    current.set(String::new());
                    new.set(String::new());
                    on_done.run(user);
                }
                Err(error) => show_failure(error, errors, failure),
            }
            pending.set(false);
        });
    };
    view! {
        <form on:submit=on_submit novalidate>
            <TextField label=Msg::CurrentPasswordLabel name="current_password" value=current
                error=field_error(errors, "current_password") input_type="password"
                autocomplete="current-password"/>
            <TextField label=Msg::NewPasswordLabel name="new_password" value=new
                error=field_error(errors, "new_password") input_type="password"
                autocomplete="new-password" hint=Msg::PasswordHint/>
            <ErrorAlert error=failure/>
            <button type="submit" class="primary" disabled=move || pending.get()>
                {move || i18n.t(submit)}
            </button>
        </form>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(false);
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{move || i18n.t(AccountMsg::PasswordSection)}</h2>
            <Show when=move || changed.get()>
                <p class="notice" role="status" data-test="password-changed">
                    {move || i18n.t(AccountMsg::PasswordChanged)}
                </p>
            </Show>
            <PasswordFields submit=AccountMsg::ChangePasswordSubmit
                on_done=move |_| changed.set(true)/>
        </section>
    }
}

#[component]
fn MyData() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="data-title">
            <h2 id="data-title">{move || i18n.t(AccountMsg::DataSection)}</h2>
            <p class="hint">{move || i18n.t(AccountMsg::DataHint)}</p>
            <p class="home-links">
                <a class="button-link" href=account::my_data_url("json") download="my-data.json">
                    {move || i18n.t(AccountMsg::DownloadJson)}
                </a>
                " "
                <a class="button-link" href=account::my_data_url("csv") download="my-data.csv">
                    {move || i18n.t(AccountMsg::DownloadCsv)}
                </a>
            </p>
        </section>
    }
}

#[component]
fn DeleteAccount() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let confirmed = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || !confirmed.get_untracked() {
            return;
        }
        let request = DeleteAccountRequest {
            password: password.get_untracked(),
        };
        failure.set(None);
        if let Err(fields) = request.validate() {
            errors.set(fields);
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match account::delete_account(&request).await {
                Ok(()) => navigate("/login", Default::default()),
                Err(error) => {
                    show_failure(error, errors, failure);
                    pending.set(false);
                }
            }
        });
    };
    view! {
        <section class="card danger-zone" aria-labelledby="delete-title">
            <h2 id="delete-title">{move || i18n.t(AccountMsg::DeleteSection)}</h2>
            <p>{move || i18n.t(AccountMsg::DeleteWarning)}</p>
            <form on:submit=on_submit novalidate>
                <TextField label=Msg::PasswordLabel name="password" value=password
                    error=field_error(errors, "password") input_type="password"
                    autocomplete="current-password"/>
                <div class="field checkbox">
                    <input id="delete-confirm" type="checkbox"
                        prop:checked=move || confirmed.get()
                        on:change=move |ev| confirmed.set(event_target_checked(&ev))/>
                    <label for="delete-confirm">{move || i18n.t(AccountMsg::DeleteConfirm)}</label>
                </div>
                <ErrorAlert error=failure/>
                <button type="submit" class="danger"
                    disabled=move || pending.get() || !confirmed.get()>
                    {move || i18n.t(AccountMsg::DeleteSubmit)}
                </button>
            </form>
        </section>
    }
}

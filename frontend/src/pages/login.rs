//! `/login`: mobile number and password.

use cultivator_shared::api::auth::LoginRequest;
use cultivator_shared::{FieldError, ValidationError};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::Notice;
use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, TextField, field_error};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let registered = Notice::use_context().take_registered();
    let mobile = RwSignal::new(registered.clone().unwrap_or_default());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = LoginRequest {
            mobile: mobile.get_untracked(),
            password: password.get_untracked(),
        };
        let missing: Vec<FieldError> =
            [("mobile", &request.mobile), ("password", &request.password)]
                .into_iter()
                .filter(|(_, value)| value.trim().is_empty())
                .map(|(field, _)| FieldError::new(field, ValidationError::Required))
                .collect();
        failure.set(None);
        errors.set(missing);
        if !errors.with_untracked(Vec::is_empty) {
            return;
        }
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::login(&request).await {
                // An account made by staff sets a password of its own first.
                Ok(user) if user.must_change_password => {
                    navigate("/set-password", Default::default())
                }
                Ok(_) => navigate("/", Default::default()),
                Err(error) => {
                    if let ApiError::Api { body, .. } = &error {
                        errors.set(body.fields.clone());
                    }
                    failure.set(Some(error));
                    pending.set(false);
                }
            }
        });
    };

    view! {
        <crate::platform::PlatformWelcome/>
        <section class="card narrow">
            <h1>{move || i18n.t(Msg::LoginTitle)}</h1>
            {registered
                .map(|_| view! { <p class="notice" role="status">{move || i18n.t(Msg::RegisteredNotice)}</p> })}
            <form on:submit=on_submit novalidate>
                <TextField
                    label=Msg::MobileLabel
                    name="mobile"
                    value=mobile
                    error=field_error(errors, "mobile")
                    input_type="tel"
                    autocomplete="username"
                    inputmode="numeric"
                />
                <TextField
                    label=Msg::PasswordLabel
                    name="password"
                    value=password
                    error=field_error(errors, "password")
                    input_type="password"
                    autocomplete="current-password"
                />
                <ErrorAlert error=failure/>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || i18n.t(if pending.get() { Msg::LoggingIn } else { Msg::LoginSubmit })}
                </button>
            </form>
            <p class="switch">
                {move || i18n.t(Msg::ForgotPassword)}
                " "
                <a href="/reset-password" data-test="forgot-password">{move || i18n.t(Msg::GoResetPassword)}</a>
            </p>
            <p class="switch">
                {move || i18n.t(Msg::NoAccount)}
                " "
                <a href="/register">{move || i18n.t(Msg::GoRegister)}</a>
            </p>
        </section>
    }
}

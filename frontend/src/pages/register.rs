//! `/register`: name, mobile, password and home region. Checked with the
//! shared rules before sending; on success the person signs in.

use cultivator_shared::api::auth::RegisterRequest;
use cultivator_shared::{FieldError, RegionCode};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::Notice;
use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, RegionPicker, TextField, field_error};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn Register() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let notice = Notice::use_context();
    let name = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let region = RwSignal::new(None::<RegionCode>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = RegisterRequest {
            name: name.get_untracked(),
            mobile: mobile.get_untracked(),
            password: password.get_untracked(),
            region_code: region.get_untracked().map(String::from).unwrap_or_default(),
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
            match api::register(&request).await {
                Ok(user) => {
                    notice.set_registered(user.mobile);
                    navigate("/login", Default::default());
                }
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
        <section class="card narrow">
            <h1>{move || i18n.t(Msg::RegisterTitle)}</h1>
            <form on:submit=on_submit novalidate>
                <TextField
                    label=Msg::NameLabel
                    name="name"
                    value=name
                    error=field_error(errors, "name")
                    autocomplete="name"
                />
                <TextField
                    label=Msg::MobileLabel
                    name="mobile"
                    value=mobile
                    error=field_error(errors, "mobile")
                    input_type="tel"
                    autocomplete="tel"
                    inputmode="numeric"
                />
                <TextField
                    label=Msg::PasswordLabel
                    name="password"
                    value=password
                    error=field_error(errors, "password")
                    input_type="password"
                    autocomplete="new-password"
                    hint=Msg::PasswordHint
                />
                <RegionPicker selected=region error=field_error(errors, "region_code")/>
                <ErrorAlert error=failure/>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || i18n.t(if pending.get() { Msg::Submitting } else { Msg::RegisterSubmit })}
                </button>
            </form>
            <p class="switch">
                {move || i18n.t(Msg::HaveAccount)}
                " "
                <a href="/login">{move || i18n.t(Msg::GoLogin)}</a>
            </p>
        </section>
    }
}

//! `/reset-password`: setting a new password with the reset code a staff
//! member handed over (mobile number, code, new password). No session is
//! needed; afterwards the person signs in with the new password.

use cultivator_shared::FieldError;
use cultivator_shared::api::auth::ResetWithCodeRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, account};
use crate::components::{ErrorAlert, TextField, field_error};
use crate::i18n::account::AccountMsg;
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let mobile = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let done = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = ResetWithCodeRequest {
            mobile: mobile.get_untracked(),
            code: code.get_untracked(),
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
            match account::reset_with_code(&request).await {
                Ok(()) => done.set(true),
                Err(error) => {
                    if let ApiError::Api { body, .. } = &error {
                        errors.set(body.fields.clone());
                    }
                    failure.set(Some(error));
                }
            }
            pending.set(false);
        });
    };
    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(AccountMsg::ResetTitle)}</h1>
            <Show
                when=move || done.get()
                fallback=move || view! {
                    <p>{move || i18n.t(AccountMsg::ResetIntro)}</p>
                    <form on:submit=on_submit novalidate>
                        <TextField label=Msg::MobileLabel name="mobile" value=mobile
                            error=field_error(errors, "mobile") input_type="tel"
                            autocomplete="username" inputmode="numeric"/>
                        <TextField label=Msg::ResetCodeLabel name="code" value=code
                            error=field_error(errors, "code") autocomplete="one-time-code"/>
                        <TextField label=Msg::NewPasswordLabel name="new_password" value=new
                            error=field_error(errors, "new_password") input_type="password"
                            autocomplete="new-password" hint=Msg::PasswordHint/>
                        <ErrorAlert error=failure/>
                        <button type="submit" class="primary" disabled=move || pending.get()>
                            {move || i18n.t(AccountMsg::ResetSubmit)}
                        </button>
                    </form>
                }
            >
                <p class="notice" role="status" data-test="reset-done">
                    {move || i18n.t(AccountMsg::ResetDone)}
                </p>
                <p><a class="button-link" href="/login">{move || i18n.t(Msg::GoLogin)}</a></p>
            </Show>
        </section>
    }
}

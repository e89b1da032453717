//! `/set-password`: where an account made by an administrator or a roster
//! import is sent after signing in, to set a password of its own. Until it
//! does, the server answers nothing else.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::account::PasswordFields;
use crate::i18n::account::AccountMsg;
use crate::i18n::use_i18n;

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    view! {
        <section class="card narrow">
            <h1>{move || i18n.t(AccountMsg::SetPasswordTitle)}</h1>
            <p>{move || i18n.t(AccountMsg::SetPasswordIntro)}</p>
            <PasswordFields submit=AccountMsg::SetPasswordSubmit
                on_done=move |_| navigate("/", Default::default())/>
        </section>
    }
}

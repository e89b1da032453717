//! One account in the list: who it is, the roles it holds, (opened on
//! demand) the editor that replaces them, signing it out everywhere, and
//! issuing a password reset code (shown here once).

use cultivator_shared::UserId;
use cultivator_shared::api::auth::UserView;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::role_editor::RoleEditor;
use crate::api::{ApiError, admin};
use crate::components::{ErrorAlert, RoleName};
use crate::i18n::admin::AdminMsg;
use crate::i18n::{Msg, region_path, use_i18n};

#[component]
pub fn AccountRow(user: UserView, editing: RwSignal<Option<UserId>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = user.id;
    let current = RwSignal::new(user);
    let saved = RwSignal::new(false);
    let open = move || editing.get() == Some(id);
    let toggle = move |_| {
        saved.set(false);
        editing.update(|e| *e = if *e == Some(id) { None } else { Some(id) });
    };
    let on_saved = Callback::new(move |updated: UserView| {
        current.set(updated);
        saved.set(true);
        editing.set(None);
    });
    let summary = move || {
        let UserView {
            name,
            mobile,
            region_path: home,
            roles,
            ..
        } = current.get();
        let home_for_roles = home.clone();
        let roles = roles
            .into_iter()
            .map(|grant| view! { <li><RoleName grant home=home_for_roles.clone()/></li> })
            .collect_view();
        view! {
            <h2>{name}</h2>
            <dl class="facts">
                <dt>{move || i18n.t(AdminMsg::MobileLabel)}</dt>
                <dd data-test="mobile">{mobile}</dd>
                <dt>{move || i18n.t(Msg::HomeRegionLabel)}</dt>
                <dd>{move || region_path(i18n.locale(), &home)}</dd>
                <dt>{move || i18n.t(Msg::RolesLabel)}</dt>
                <dd><ul class="roles" data-test="roles">{roles}</ul></dd>
            </dl>
        }
    };
    let editor =
        move || open().then(|| view! { <RoleEditor user=current.get_untracked() on_saved/> });
    let signed_out = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let sign_out = move |_| {
        spawn_local(async move {
            match admin::sign_out(id).await {
                Ok(()) => signed_out.set(true),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let reset_code = RwSignal::new(None::<String>);
    let issue_reset = move |_| {
        failure.set(None);
        spawn_local(async move {
            match admin::issue_reset_code(id).await {
                Ok(issued) => reset_code.set(Some(issued.code)),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <li class="card account" data-test="account" data-user=id.to_string()>
            {summary}
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-test="roles-saved">
                    {move || i18n.t(AdminMsg::Saved)}
                </p>
            </Show>
            <button
                type="button"
                class="secondary"
                data-test="edit-roles"
                aria-expanded=move || open().to_string()
                on:click=toggle
            >
                {move || i18n.t(if open() { AdminMsg::CloseEditor } else { AdminMsg::EditRoles })}
            </button>
            " "
            <button type="button" class="secondary" data-test="sign-out-user" on:click=sign_out>
                {move || i18n.t(AdminMsg::SignOutUser)}
            </button>
            " "
            <button type="button" class="secondary" data-test="issue-reset-code" on:click=issue_reset>
                {move || i18n.t(AdminMsg::IssueResetCode)}
            </button>
            {move || reset_code.get().map(|code| view! {
                <div class="notice" role="status">
                    <p>
                        {move || i18n.t(AdminMsg::ResetCodeIs)}
                        <strong class="reset-code" data-test="reset-code">{code}</strong>
                    </p>
                    <p class="hint">{move || i18n.t(AdminMsg::ResetCodeHint)}</p>
                </div>
            })}
            <Show when=move || signed_out.get()>
                <p class="notice" role="status" data-test="user-signed-out">
                    {move || i18n.t(AdminMsg::SignedOutUser)}
                </p>
            </Show>
            <ErrorAlert error=failure/>
            {editor}
        </li>
    }
}

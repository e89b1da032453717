//! The roles of one account as checkboxes, with the coordinator's and the
//! instructor's regions beside them. Saving sends the whole set in one request; input is checked
//! first by the shared rules, and what the server refuses is shown in words.

use cultivator_shared::api::admin::SetRolesRequest;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::{FieldError, Role, RoleGrant, ValidationError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::scope_picker::ScopePicker;
use crate::api::{ApiError, admin};
use crate::components::{ErrorAlert, RoleName};
use crate::i18n::admin::AdminMsg;
use crate::i18n::{role_name, use_i18n, validation_message};
use crate::pages::teach::field_errors;

#[component]
pub fn RoleEditor(user: UserView, on_saved: Callback<UserView>) -> impl IntoView {
    let i18n = use_i18n();
    let id = user.id;
    let holds = |role| user.roles.iter().any(|g| g.role == role);
    let coordinator = RwSignal::new(holds(Role::Coordinator));
    let instructor = RwSignal::new(holds(Role::Instructor));
    let checks = Role::ALL.map(|role| {
        let on = match role {
            Role::Coordinator => coordinator,
            Role::Instructor => instructor,
            _ => RwSignal::new(holds(role)),
        };
        (role, on)
    });
    // The editor sets one region per role; further grants of that role,
    // which the API allows, are kept as they are.
    let mut scopes = user.roles.iter().filter(|g| g.role == Role::Coordinator);
    let scope = RwSignal::new(scopes.next().and_then(|g| g.scope.clone()));
    let mut teaching = user.roles.iter().filter(|g| g.role == Role::Instructor);
    let instructor_scope = RwSignal::new(teaching.next().and_then(|g| g.scope.clone()));
    let others: Vec<RoleGrant> = scopes.cloned().collect();
    let other_teaching: Vec<RoleGrant> = teaching.cloned().collect();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    let others_for_submit = others.clone();
    let teaching_for_submit = other_teaching.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut roles = Vec::new();
        for (role, on) in checks {
            match (on.get_untracked(), role) {
                (false, _) => {}
                (true, Role::Coordinator) => {
                    roles.push(RoleGrant::coordinator(scope.get_untracked()));
                    roles.extend(others_for_submit.iter().cloned());
                }
                (true, Role::Instructor) => {
                    roles.push(RoleGrant::instructor(instructor_scope.get_untracked()));
                    roles.extend(teaching_for_submit.iter().cloned());
                }
                (true, role) => roles.push(RoleGrant::global(role)),
            }
        }
        let request = SetRolesRequest { roles };
        failure.set(None);
        if let Err(found) = request.validate() {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            let result = admin::set_roles(id, &request).await;
            busy.set(false);
            match result {
                Ok(updated) => on_saved.run(updated),
                Err(error) => {
                    errors.set(field_errors(&error));
                    failure.set(Some(error));
                }
            }
        });
    };

    let boxes = checks
        .into_iter()
        .map(|(role, on)| {
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name="role"
                        value=role.as_str()
                        prop:checked=move || on.get()
                        on:change=move |ev| {
                            on.set(event_target_checked(&ev));
                            errors.set(Vec::new());
                        }
                    />
                    {move || role_name(i18n.locale(), role)}
                </label>
            }
        })
        .collect_view();
    let others: Vec<RoleGrant> = others.into_iter().chain(other_teaching).collect();
    let kept = (!others.is_empty()).then(|| {
        let grants = others
            .into_iter()
            .map(|grant| view! { <li><RoleName grant home=Vec::new()/></li> })
            .collect_view();
        view! {
            <div class="hint">
                {move || i18n.t(AdminMsg::OtherScopes)}
                <ul class="roles">{grants}</ul>
            </div>
        }
    });
    let problems = move || {
        errors.with(|all| {
            all.iter()
                .map(|e| match e.error {
                    ValidationError::Required => i18n.t(AdminMsg::NeedOneRole).to_owned(),
                    other => validation_message(i18n.locale(), other),
                })
                .map(|line| view! { <li>{line}</li> })
                .collect_view()
        })
    };
    view! {
        <form class="role-editor" on:submit=submit novalidate>
            <fieldset class="role-set">
                <legend>{move || i18n.t(AdminMsg::RolesLegend)}</legend>
                <div class="role-checks">{boxes}</div>
            </fieldset>
            {move || coordinator.get().then(|| view! { <ScopePicker selected=scope/> })}
            {move || instructor.get().then(|| view! {
                <ScopePicker
                    selected=instructor_scope
                    legend=AdminMsg::InstructorScopeLegend
                    id_prefix="instructor-scope-level"
                />
            })}
            {kept}
            <ul class="field-error" data-test="role-errors">{problems}</ul>
            <ErrorAlert error=failure/>
            <ErrorDetail error=failure/>
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || i18n.t(if busy.get() { AdminMsg::Saving } else { AdminMsg::SaveRoles })}
            </button>
        </form>
    }
}

/// The status and machine code of a refused request, small, for a support call.
#[component]
fn ErrorDetail(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.with(|e| match e {
            Some(ApiError::Api { status, body }) => {
                let code = serde_json::to_string(&body.code).unwrap_or_default();
                let text = format!("HTTP {status} · {}", code.trim_matches('"'));
                Some(view! { <p class="error-code" data-test="error-code">{text}</p> })
            }
            _ => None,
        })
    }
}

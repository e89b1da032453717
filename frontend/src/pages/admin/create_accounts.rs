//! Creating accounts on `/admin/users`: one at a time (name, mobile, home
//! region; the one-time password is shown once), or many from a file whose
//! one-time password sheet is downloaded once.

use cultivator_shared::api::admin::NewAccountRequest;
use cultivator_shared::api::rosters::RosterRejection;
use cultivator_shared::{FieldError, RegionCode};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::api::admin::{self, Import};
use crate::components::{ErrorAlert, RegionPicker, TextField, field_error, save_file};
use crate::i18n::admin::AdminMsg;
use crate::i18n::{Msg, RosterMsg, column_name, problem_name, use_i18n};

#[component]
pub fn CreateAccount() -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let region = RwSignal::new(None::<RegionCode>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let created = RwSignal::new(None::<(String, String)>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = NewAccountRequest {
            name: name.get_untracked(),
            mobile: mobile.get_untracked(),
            region_code: region.get_untracked().map(String::from).unwrap_or_default(),
        };
        failure.set(None);
        created.set(None);
        if let Err(fields) = request.validate() {
            errors.set(fields);
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        spawn_local(async move {
            match admin::create_account(&request).await {
                Ok(account) => {
                    created.set(Some((account.user.mobile, account.one_time_password)));
                    name.set(String::new());
                    mobile.set(String::new());
                }
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
        <section class="card" aria-labelledby="create-account-title">
            <h2 id="create-account-title">{move || i18n.t(AdminMsg::CreateTitle)}</h2>
            <form on:submit=on_submit novalidate>
                <TextField label=Msg::NameLabel name="name" value=name
                    error=field_error(errors, "name")/>
                <TextField label=Msg::MobileLabel name="mobile" value=mobile
                    error=field_error(errors, "mobile") input_type="tel" inputmode="numeric"/>
                <RegionPicker selected=region error=field_error(errors, "region_code")/>
                <ErrorAlert error=failure/>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || i18n.t(AdminMsg::CreateSubmit)}
                </button>
            </form>
            {move || created.get().map(|(mobile, password)| view! {
                <div class="notice" role="status" data-test="account-created">
                    <p>{move || i18n.t(AdminMsg::CreatedNotice)}</p>
                    <p>{mobile} " · " <strong data-test="one-time-password">{password}</strong></p>
                </div>
            })}
        </section>
    }
}

#[component]
pub fn BulkCreate() -> impl IntoView {
    let i18n = use_i18n();
    let file_input = NodeRef::<Input>::new();
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let rejection = RwSignal::new(None::<RosterRejection>);
    let done = RwSignal::new(false);
    let no_file = RwSignal::new(false);
    let upload = move |ev: SubmitEvent| {
        ev.prevent_default();
        let file = file_input
            .get()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        no_file.set(file.is_none());
        let Some(file) = file else {
            return;
        };
        pending.set(true);
        rejection.set(None);
        failure.set(None);
        done.set(false);
        spawn_local(async move {
            match admin::import_accounts(file).await {
                Ok(Import::Created(sheet)) => {
                    match save_file("new-accounts-passwords.csv", "text/csv", &sheet) {
                        Ok(()) => done.set(true),
                        Err(_) => failure.set(Some(ApiError::Unexpected { status: 200 })),
                    }
                }
                Ok(Import::Rejected(r)) => rejection.set(Some(r)),
                Err(e) => failure.set(Some(e)),
            }
            pending.set(false);
        });
    };
    let problems = move || {
        rejection.get().map(|r| {
            let rows = r
                .problems
                .into_iter()
                .map(|p| {
                    view! {
                        <tr>
                            <td>{p.row}</td>
                            <td>{move || column_name(i18n.locale(), p.column)}</td>
                            <td>{move || problem_name(i18n.locale(), p.code)}</td>
                            <td>{p.value.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="alert" role="alert">{move || i18n.t(AdminMsg::BulkRejected)}</p>
                <div class="table-scroll" tabindex="0">
                    <table>
                        <thead><tr>
                            <th>{move || i18n.t(RosterMsg::RowLabel)}</th>
                            <th>{move || i18n.t(RosterMsg::ColumnLabel)}</th>
                            <th>{move || i18n.t(RosterMsg::ProblemLabel)}</th>
                            <th>{move || i18n.t(RosterMsg::ValueLabel)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="bulk-create-title">
            <h2 id="bulk-create-title">{move || i18n.t(AdminMsg::BulkTitle)}</h2>
            <p class="hint">{move || i18n.t(AdminMsg::BulkHint)}</p>
            <form on:submit=upload>
                <div class="field">
                    <label for="accounts-file">{move || i18n.t(AdminMsg::BulkFileLabel)}</label>
                    <input id="accounts-file" type="file" name="accounts" node_ref=file_input
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                </div>
                <Show when=move || no_file.get()>
                    <p class="field-error">{move || i18n.t(AdminMsg::ChooseFile)}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || i18n.t(AdminMsg::BulkSubmit)}
                </button>
            </form>
            <ErrorAlert error=failure/>
            <Show when=move || done.get()>
                <p class="notice" role="status">{move || i18n.t(AdminMsg::BulkDone)}</p>
            </Show>
            {problems}
        </section>
    }
}

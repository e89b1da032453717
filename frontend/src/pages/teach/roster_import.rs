//! Roster import on the class page: choose a CSV or Excel file, see every
//! problem of a refused file, or follow the background import to its end
//! and download the one-time password sheet (once).

use std::time::Duration;

use cultivator_shared::ClassId;
use cultivator_shared::api::rosters::{RosterImportJob, RosterImportState, RosterRejection};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::api::rosters::{self, Upload};
use crate::components::{ErrorAlert, save_file};
use crate::i18n::{RosterMsg, column_name, problem_name, use_i18n};

#[component]
pub fn RosterImport(
    class_id: ClassId,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let file_input = NodeRef::<Input>::new();
    let rejection = RwSignal::new(None::<RosterRejection>);
    let job = RwSignal::new(None::<RosterImportJob>);
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    // Polls a running job once a second until it ends.
    let poll = move || {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let Some(current) = job.get_untracked() else {
                    return;
                };
                if current.state != RosterImportState::Running {
                    return;
                }
                spawn_local(async move {
                    match rosters::import_job(current.id).await {
                        Ok(next) => {
                            let finished = next.state != RosterImportState::Running;
                            job.set(Some(next));
                            if finished {
                                on_done();
                            }
                        }
                        Err(e) => failure.set(Some(e)),
                    }
                });
            },
            Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    };
    poll();
    // An import still running (or whose sheet waits) shows again after a reload.
    spawn_local(async move {
        if let Ok(jobs) = rosters::class_imports(class_id).await
            && let Some(latest) = jobs.into_iter().next()
            && (latest.state == RosterImportState::Running || latest.password_sheet_ready)
            && job.get_untracked().is_none()
        {
            job.set(Some(latest));
        }
    });

    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = file_input
            .get()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        pending.set(true);
        rejection.set(None);
        failure.set(None);
        spawn_local(async move {
            match rosters::upload_roster(class_id, file).await {
                Ok(Upload::Started(started)) => job.set(Some(started)),
                Ok(Upload::Rejected(r)) => rejection.set(Some(r)),
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
                        <tr data-test="roster-problem">
                            <td>{p.row}</td>
                            <td>{move || column_name(i18n.locale(), p.column)}</td>
                            <td>{move || problem_name(i18n.locale(), p.code)}</td>
                            <td>{p.value.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h4 class="alert" role="alert">{move || i18n.t(RosterMsg::ProblemsTitle)}</h4>
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

    let progress = move || {
        job.get().map(|j| {
            let state = match j.state {
                RosterImportState::Running => RosterMsg::ImportRunning,
                RosterImportState::Succeeded => RosterMsg::ImportSucceeded,
                RosterImportState::Failed => RosterMsg::ImportFailed,
            };
            let counts = [
                (RosterMsg::CreatedAccounts, j.created_accounts),
                (RosterMsg::MatchedAccounts, j.matched_accounts),
                (RosterMsg::EnrolledCount, j.enrolled),
                (RosterMsg::WaitlistedCount, j.waitlisted),
                (RosterMsg::UnchangedCount, j.unchanged),
            ];
            let done = j.state == RosterImportState::Succeeded;
            let sheet = (done && j.password_sheet_ready).then(|| {
                let id = j.id;
                let take = move |_| {
                    job.update(|j| if let Some(j) = j { j.password_sheet_ready = false; });
                    spawn_local(async move {
                        let saved = rosters::take_password_sheet(id).await.and_then(|bytes| {
                            save_file(&format!("roster-import-{id}-passwords.csv"), "text/csv", &bytes)
                                .map_err(|_| ApiError::Unexpected { status: 200 })
                        });
                        if let Err(e) = saved {
                            failure.set(Some(e));
                        }
                    });
                };
                view! {
                    <button type="button" class="button" data-test="password-sheet" on:click=take>
                        {move || i18n.t(RosterMsg::PasswordSheet)}
                    </button>
                }
            });
            view! {
                <div class="import-progress" data-test="import-progress">
                    <p role="status"><strong>{move || i18n.t(state)}</strong></p>
                    <progress max=j.total_rows.to_string() value=j.processed_rows.to_string()></progress>
                    <p>{j.processed_rows} " / " {j.total_rows}</p>
                    {done.then(|| view! {
                        <ul class="counts">
                            {counts.into_iter().map(|(label, n)| view! {
                                <li>{move || i18n.t(label)} "：" {n}</li>
                            }).collect_view()}
                        </ul>
                    })}
                    {sheet}
                </div>
            }
        })
    };

    view! {
        <section class="roster-import">
            <h2>{move || i18n.t(RosterMsg::ImportTitle)}</h2>
            <p class="hint">{move || i18n.t(RosterMsg::ImportHint)}</p>
            <form on:submit=upload>
                <input type="file" name="roster" node_ref=file_input
                    aria-label=move || i18n.t(RosterMsg::ImportTitle)
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                <button type="submit" disabled=move || pending.get() data-test="upload-roster">
                    {move || i18n.t(RosterMsg::ImportSubmit)}
                </button>
            </form>
            <ErrorAlert error=failure/>
            {problems}
            {progress}
        </section>
    }
}

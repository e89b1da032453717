//! `/teach/classes/:id`: running one class. Its settings, cancelling it and
//! its instructors; the roster with statuses and places in line, decisions
//! on applications, sessions (with their check-in screens and attendance by
//! hand, moved or cancelled), finalising, downloads, roster import
//! and, for a gated stage, the candidates to select; for an online class,
//! the courses it follows; its certificates, printed all at once.

use cultivator_shared::api::Page;
use cultivator_shared::api::classes::{
    ClassDetail, Finalised, NewSessionRequest, RosterEntry, RosterQuery,
};
use cultivator_shared::{ClassId, EnrollmentId, EnrollmentStatus, Track};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::attendance::SessionAttendance;
use super::candidates::Candidates;
use super::class_certificates::ClassCertificates;
use super::class_changes::{CancelClass, ClassSettings, SessionChanges};
use super::class_courses::ClassCoursesEditor;
use super::class_staff::ClassInstructorsEditor;
use super::roster_import::RosterImport;
use super::{from_local_input, local_time, now, to_local_input};
use crate::api::{self, ApiError, rosters};
use crate::components::{ErrorAlert, LoadingLine, page_buttons};
use crate::i18n::{
    Msg, NoticeMsg, RosterMsg, date_range, enrollment_status_name, mode_name, use_i18n,
};

#[component]
pub fn TeachClassPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse().ok())
        .map(ClassId);
    let detail = RwSignal::new(None::<ClassDetail>);
    let roster = RwSignal::new(Page::<RosterEntry> {
        items: Vec::new(),
        total: 0,
    });
    // The roster is read a page at a time: a class can have thousands.
    let roster_query = RwSignal::new(RosterQuery::default());
    let failure = RwSignal::new(None::<ApiError>);
    let finalised = RwSignal::new(None::<Finalised>);
    let load = move || {
        let Some(id) = id else { return };
        spawn_local(async move {
            match api::class_detail(id).await {
                Ok(d) => detail.set(Some(d)),
                Err(e) => failure.set(Some(e)),
            }
            match rosters::roster(id, &roster_query.get_untracked()).await {
                Ok(r) => roster.set(r),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    load();

    let decide = move |enrollment: EnrollmentId, action: &'static str| {
        failure.set(None);
        spawn_local(async move {
            if let Err(e) = rosters::decide(enrollment, action).await {
                failure.set(Some(e));
            }
            load();
        });
    };
    let finalise = move |_| {
        let Some(id) = id else { return };
        spawn_local(async move {
            match rosters::finalise(id).await {
                Ok(f) => finalised.set(Some(f)),
                Err(e) => failure.set(Some(e)),
            }
            load();
        });
    };

    let show_roster = move |change: &dyn Fn(&mut RosterQuery)| {
        roster_query.update(|q| change(q));
        load();
    };
    let roster_rows = move || {
        roster
            .get()
            .items
            .into_iter()
            .map(|e| {
                let enrollment = e.enrollment;
                let status = e.status;
                let waiting = matches!(status, EnrollmentStatus::Applied | EnrollmentStatus::Waitlisted);
                let removable = matches!(status, EnrollmentStatus::Enrolled | EnrollmentStatus::Waitlisted);
                view! {
                    <tr data-test="roster-entry">
                        <td>{e.name.clone()}</td>
                        <td>{e.mobile.clone()}</td>
                        <td data-test="roster-status">
                            {move || enrollment_status_name(i18n.locale(), status)}
                            {e.waitlist_position.map(|p| format!(" #{p}"))}
                        </td>
                        <td class="actions">
                            {waiting.then(|| view! {
                                <button data-test="approve" on:click=move |_| decide(enrollment, "approve")>
                                    {move || i18n.t(RosterMsg::Approve)}
                                </button>
                                <button on:click=move |_| decide(enrollment, "reject")>
                                    {move || i18n.t(RosterMsg::Reject)}
                                </button>
                            })}
                            {removable.then(|| view! {
                                <button class="secondary" on:click=move |_| decide(enrollment, "remove")>
                                    {move || i18n.t(RosterMsg::Remove)}
                                </button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    let body = move || {
        detail.get().map(|d| {
            let class_id = d.class.id;
            let (starts, ends) = (d.class.starts_on, d.class.ends_on);
            let mode = d.class.enrollment_mode;
            let online = d.class.track == Track::Online;
            let cancelled = d.cancelled.clone();
            let open = cancelled.is_none();
            let sessions = d
                .sessions
                .iter()
                .map(|s| {
                    let session = s.id;
                    let changes = (open && s.cancelled.is_none()).then(|| {
                        view! { <SessionChanges session=s.clone() days=(starts, ends) on_changed=load/> }
                    });
                    let mark = s.cancelled.clone().map(|c| view! {
                        <span class="badge" data-test="session-cancelled">
                            {move || i18n.t(NoticeMsg::SessionCancelledMark)}
                        </span>
                        " " {c.reason}
                    });
                    view! {
                        <li data-test="session">
                            {local_time(s.starts_at)} " – " {local_time(s.ends_at)} " · " {s.venue.clone()} " "
                            {mark}
                            {s.cancelled.is_none().then(|| view! {
                                <a data-test="open-checkin-screen" href=format!("/teach/sessions/{session}/screen")>
                                    {move || i18n.t(Msg::OpenCheckinScreen)}
                                </a>
                            })}
                            {changes}
                            <SessionAttendance session/>
                        </li>
                    }
                })
                .collect_view();
            let banner = cancelled.map(|c| view! {
                <p class="notice" role="status" data-test="class-cancelled">
                    {move || i18n.t(NoticeMsg::ClassCancelledBanner)} "：" {c.reason}
                </p>
            });
            let settings = open.then(|| view! {
                <ClassSettings detail=d.clone() on_saved=load/>
                <CancelClass class_id on_cancelled=load/>
            });
            let exports = [
                (RosterMsg::RosterCsv, "roster.csv"),
                (RosterMsg::RosterXlsx, "roster.xlsx"),
                (RosterMsg::AttendanceCsv, "attendance.csv"),
                (RosterMsg::AttendanceXlsx, "attendance.xlsx"),
            ]
            .into_iter()
            .map(|(label, file)| {
                view! { <li><a href=rosters::export_url(class_id, file) download>{move || i18n.t(label)}</a></li> }
            })
            .collect_view();
            view! {
                <h1 data-test="class-title">{d.class.title.clone()}</h1>
                {banner}
                <p class="meta">
                    {move || date_range(i18n.locale(), starts, ends)} " · "
                    {d.class.seats_taken} "/" {d.class.seat_limit} " · "
                    {move || i18n.t(mode_name(mode))}
                </p>
                <p><a href=format!("/classes/{class_id}")>{move || i18n.t(Msg::ClassDetailLink)}</a></p>
                {settings}
                <ClassInstructorsEditor class_id/>
                {online.then(|| view! { <ClassCoursesEditor class_id/> })}
                {online.then(|| view! { <super::class_progress::ClassProgressSection class_id/> })}
                <h2>{move || i18n.t(Msg::SessionsTitle)}</h2>
                <ul class="sessions">{sessions}</ul>
                {open.then(|| view! { <AddSession class_id days=(starts, ends) on_added=load/> })}
                <h2>{move || i18n.t(RosterMsg::ExportsTitle)}</h2>
                <ul class="links">{exports}</ul>
                <RosterImport class_id on_done=load/>
                <Candidates class_id/>
                <ClassCertificates class_id/>
            }
        })
    };

    view! {
        <section class="card teach-class">
            <ErrorAlert error=failure/>
            {move || detail.with(Option::is_none).then(|| view! { <LoadingLine/> })}
            {body}
            <h2>{move || i18n.t(RosterMsg::RosterTitle)}</h2>
            <RosterFilter query=roster_query on_change=move |status| {
                show_roster(&|q| {
                    q.status = status;
                    q.offset = None;
                })
            }/>
            {move || roster.with(|r| r.items.is_empty()).then(|| view! {
                <p class="empty">{move || i18n.t(RosterMsg::NoRoster)}</p>
            })}
            <div class="table-scroll" tabindex="0">
                <table class="roster"><tbody>{roster_rows}</tbody></table>
            </div>
            {move || {
                let total = roster.with(|r| r.total);
                let query = roster_query.get();
                (total > query.limit()).then(|| page_buttons(
                    query.offset(),
                    query.limit(),
                    total,
                    move |to| show_roster(&|q| q.offset = Some(to)),
                    RosterMsg::RosterPrevious,
                    RosterMsg::RosterNext,
                ))
            }}
            <p>
                <button data-test="finalise" on:click=finalise>{move || i18n.t(RosterMsg::Finalise)}</button>
            </p>
            {move || finalised.get().map(|f| view! {
                <p class="notice" data-test="finalised">
                    {move || i18n.t(RosterMsg::FinalisedCompleted)} "：" {f.completed} " · "
                    {move || i18n.t(RosterMsg::FinalisedNotEligible)} "：" {f.not_eligible}
                </p>
            })}
        </section>
    }
}

#[component]
fn AddSession(
    class_id: ClassId,
    /// The class's first and last day: sessions must fall on them.
    days: (chrono::NaiveDate, chrono::NaiveDate),
    on_added: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let start = RwSignal::new(to_local_input(now()));
    let end = RwSignal::new(to_local_input(now() + chrono::Duration::hours(3)));
    let venue = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(starts_at), Some(ends_at)) = (
            from_local_input(&start.get_untracked()),
            from_local_input(&end.get_untracked()),
        ) else {
            return;
        };
        let venue = venue.get_untracked();
        let request = NewSessionRequest {
            starts_at,
            ends_at,
            venue: (!venue.trim().is_empty()).then_some(venue),
            capacity_note: None,
        };
        // The same rules as the server's, explained before sending.
        if let Err(problems) = request.validate_for(Some(days)) {
            failure.set(Some(ApiError::Api {
                status: 422,
                body: cultivator_shared::ApiErrorBody {
                    code: cultivator_shared::ErrorCode::ValidationFailed,
                    message: String::new(),
                    fields: problems,
                },
            }));
            return;
        }
        spawn_local(async move {
            match rosters::add_session(class_id, &request).await {
                Ok(_) => on_added(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <details class="add-session">
            <summary>{move || i18n.t(RosterMsg::AddSessionTitle)}</summary>
            <form on:submit=on_submit novalidate>
                <label>{move || i18n.t(RosterMsg::SessionStartLabel)}
                    <input type="datetime-local" name="session_starts_at" bind:value=start/></label>
                <label>{move || i18n.t(RosterMsg::SessionEndLabel)}
                    <input type="datetime-local" name="session_ends_at" bind:value=end/></label>
                <label>{move || i18n.t(RosterMsg::VenueLabel)}
                    <input type="text" name="session_venue" bind:value=venue/></label>
                <ErrorAlert error=failure/>
                <button type="submit">{move || i18n.t(RosterMsg::AddSessionSubmit)}</button>
            </form>
        </details>
    }
}

/// Which part of the roster to show: everyone, or those of one status
/// (the waitlist, the applications to decide, ...).
#[component]
fn RosterFilter(
    query: RwSignal<RosterQuery>,
    on_change: impl Fn(Option<EnrollmentStatus>) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    const SHOWN: [EnrollmentStatus; 6] = [
        EnrollmentStatus::Enrolled,
        EnrollmentStatus::Applied,
        EnrollmentStatus::Waitlisted,
        EnrollmentStatus::Completed,
        EnrollmentStatus::Withdrawn,
        EnrollmentStatus::Rejected,
    ];
    let options = SHOWN
        .into_iter()
        .map(|status| {
            view! {
                <option value=status.as_str() selected=move || query.get().status == Some(status)>
                    {move || enrollment_status_name(i18n.locale(), status)}
                </option>
            }
        })
        .collect_view();
    view! {
        <p class="field roster-filter">
            <label for="roster-status">{move || i18n.t(RosterMsg::RosterShow)}</label>
            " "
            <select id="roster-status" data-test="roster-status-filter"
                on:change=move |ev| on_change(EnrollmentStatus::parse(&event_target_value(&ev)))>
                <option value="" selected=move || query.get().status.is_none()>
                    {move || i18n.t(RosterMsg::RosterEveryone)}
                </option>
                {options}
            </select>
        </p>
    }
}

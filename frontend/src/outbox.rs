//! What was done with no signal, kept on this device until the server has
//! it: a trainee's check-in read from the instructor's screen, an
//! instructor's attendance mark, a trainee's progress in a saved lesson.
//! Each carries the device's time when it was done; the server checks that
//! moment (see the server's `domain::device_time`). Progress reports go
//! first, together, in batches: the server judges them in time order on the
//! trainee's study clock, so while any wait, new ones queue behind them.
//!
//! The outbox is sent when the app starts, when the browser says the
//! network is back, and every few seconds while anything waits. An answer
//! ends a parcel's wait, accepted or refused (kept for the page that queued
//! it to show); no answer (no network, or the server failing) keeps it.
//! Signing out empties it, with the check-in codes and keys this device
//! holds, so nothing of one person is sent as the next. The outbox also
//! remembers whose it is: when someone else is found signed in (a second
//! person signing in on a shared phone without the first signing out), the
//! first person's parcels are dropped, never sent as the second; and while
//! nobody is signed in, nothing is sent until someone signs in.

use std::cell::Cell;
use std::time::Duration;

use chrono::{DateTime, Utc};
use cultivator_shared::api::checkin::AttendanceState;
use cultivator_shared::api::learning::{
    LessonProgressView, MAX_OFFLINE_REPORTS, OfflineReport, ProgressReport,
};
use cultivator_shared::{ClassSessionId, ErrorCode, LessonId, UserId};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::device;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Parcel {
    CheckIn {
        session: ClassSessionId,
        code: String,
        at: DateTime<Utc>,
    },
    Mark {
        session: ClassSessionId,
        user: UserId,
        state: AttendanceState,
        at: DateTime<Utc>,
    },
    Progress(OfflineReport),
}

impl Parcel {
    fn progress(&self) -> Option<OfflineReport> {
        match self {
            Parcel::Progress(report) => Some(*report),
            _ => None,
        }
    }
}

/// What became of a parcel: `refused` is `None` when it was accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivered {
    pub parcel: Parcel,
    pub refused: Option<ErrorCode>,
}

const WAITING: &str = "cultivator.outbox";
/// The account whose parcels wait (the last one seen signed in).
const OWNER: &str = "cultivator.outbox.owner";
const DELIVERED: &str = "cultivator.outbox.delivered";
/// Delivered parcels remembered for their pages to show.
const REMEMBERED: usize = 50;
/// How often the outbox is tried while anything waits.
const RETRY: Duration = Duration::from_secs(5);

thread_local! {
    static SENDING: Cell<bool> = const { Cell::new(false) };
    /// The server said nobody is signed in: the periodic retry waits for a
    /// sign-in instead of asking again every few seconds.
    static SIGNED_OUT: Cell<bool> = const { Cell::new(false) };
}

/// `user` is signed in on this device (an answer of sign-in, registration
/// or `auth/me`). Parcels someone else left waiting are dropped.
pub fn seen(user: UserId) {
    SIGNED_OUT.with(|s| s.set(false));
    let owner: Option<UserId> = device::read_json(OWNER);
    if owner.is_some_and(|o| o != user) {
        forget();
    }
    if owner != Some(user) {
        device::write_json(OWNER, &user);
    }
}

/// Parcels waiting for the network, oldest first.
pub fn waiting() -> Vec<Parcel> {
    device::read_json(WAITING).unwrap_or_default()
}

/// Keeps `parcel` until it can be sent, and tries at once.
pub fn put(parcel: Parcel) {
    let mut all = waiting();
    if !all.contains(&parcel) {
        all.push(parcel);
    }
    device::write_json(WAITING, &all);
    leptos::task::spawn_local(send_waiting());
}

/// Sends a progress report now, or keeps it with the device's time when
/// there is no network or earlier ones still wait. `None`: it was kept.
pub async fn report_progress(
    lesson: LessonId,
    report: ProgressReport,
) -> Result<Option<LessonProgressView>, ApiError> {
    if progress_waiting() > 0 {
        keep_progress(lesson, report);
        return Ok(None);
    }
    match api::report_progress(lesson, &report).await {
        Ok(view) => Ok(Some(view)),
        Err(ApiError::Network) => {
            keep_progress(lesson, report);
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Keeps a progress report made now, to be sent with the others.
pub fn keep_progress(lesson: LessonId, report: ProgressReport) {
    put(Parcel::Progress(OfflineReport {
        lesson_id: lesson,
        at: device::now(),
        report,
    }));
}

/// How many progress reports wait for the network.
pub fn progress_waiting() -> usize {
    waiting().iter().filter_map(Parcel::progress).count()
}

/// What became of `parcel`, once it was sent.
pub fn outcome_of(parcel: &Parcel) -> Option<Delivered> {
    device::read_json::<Vec<Delivered>>(DELIVERED)
        .unwrap_or_default()
        .into_iter()
        .find(|d| d.parcel == *parcel)
}

/// Empties the outbox, and everything else this device keeps of the
/// person (check-in keys, what courses were saved: the service worker
/// empties its own caches at sign-out).
pub fn forget() {
    device::remove(OWNER);
    device::remove(WAITING);
    device::remove(DELIVERED);
    device::remove_prefixed(crate::api::KIT_PREFIX);
    crate::offline_course::forget();
}

/// Sends what waits, oldest first, until the network fails; only as the
/// person the parcels belong to.
pub async fn send_waiting() {
    if waiting().is_empty() || SENDING.with(|s| s.replace(true)) {
        return;
    }
    // Who is signed in now (`seen` drops another person's parcels); the
    // home page's first screen usually answers without a request.
    match api::me().await {
        Ok(_) if !waiting().is_empty() && send_progress().await => send_the_rest().await,
        Err(error) if error.is_unauthenticated() => SIGNED_OUT.with(|s| s.set(true)),
        _ => {}
    }
    SENDING.with(|s| s.set(false));
}

/// Sends waiting progress reports in batches, oldest first; `false` when the
/// network failed. Their answers need no page: each lesson shows its stored
/// progress when opened.
async fn send_progress() -> bool {
    loop {
        let batch: Vec<OfflineReport> = waiting()
            .iter()
            .filter_map(Parcel::progress)
            .take(MAX_OFFLINE_REPORTS)
            .collect();
        if batch.is_empty() {
            return true;
        }
        if let Err(error) = api::report_offline_progress(batch.clone()).await
            && keeps_waiting(&error)
        {
            return false;
        }
        let mut left = waiting();
        left.retain(|p| p.progress().is_none_or(|r| !batch.contains(&r)));
        device::write_json(WAITING, &left);
    }
}

async fn send_the_rest() {
    for parcel in waiting() {
        let answer = match &parcel {
            Parcel::CheckIn { session, code, at } => {
                api::check_in(*session, code.clone(), Some(*at))
                    .await
                    .map(|_| ())
            }
            Parcel::Mark {
                session,
                user,
                state,
                at,
            } => api::mark_attendance(*session, *user, *state, Some(*at))
                .await
                .map(|_| ()),
            // Sent in batches before the rest.
            Parcel::Progress(_) => continue,
        };
        let refused = match answer {
            Ok(()) => None,
            Err(error) if keeps_waiting(&error) => break,
            Err(error) => Some(error.code().unwrap_or(ErrorCode::InvalidBody)),
        };
        deliver(Delivered { parcel, refused });
    }
}

/// No answer yet: no network, the server failing, or nobody signed in
/// (the parcel goes once the person signs in again; until then the
/// periodic retry stops asking).
fn keeps_waiting(error: &ApiError) -> bool {
    match error {
        ApiError::Network => true,
        ApiError::Unexpected { status } | ApiError::Api { status, .. } if *status >= 500 => true,
        _ if error.is_unauthenticated() => {
            SIGNED_OUT.with(|s| s.set(true));
            true
        }
        _ => false,
    }
}

fn deliver(delivered: Delivered) {
    let mut left = waiting();
    left.retain(|p| *p != delivered.parcel);
    device::write_json(WAITING, &left);
    let mut done: Vec<Delivered> = device::read_json(DELIVERED).unwrap_or_default();
    done.push(delivered);
    let skip = done.len().saturating_sub(REMEMBERED);
    device::write_json(DELIVERED, &done[skip..]);
}

/// Sends the outbox now, whenever the network comes back, and every few
/// seconds while anything waits. Called once when the app starts.
pub fn start() {
    leptos::task::spawn_local(send_waiting());
    if let Some(window) = web_sys::window() {
        let on_online = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            leptos::task::spawn_local(send_waiting());
        });
        // The app lives as long as the page: the listener is never removed.
        let _ =
            window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget();
    }
    // The interval lives as long as the page, too.
    let _ = leptos::prelude::set_interval_with_handle(
        || {
            if !waiting().is_empty() && !SIGNED_OUT.with(Cell::get) {
                leptos::task::spawn_local(send_waiting());
            }
        },
        RETRY,
    );
}

//! Offline track: classes, applications and check-in.

use chrono::{DateTime, Utc};
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceEntry, AttendanceState, CheckinCode, CheckinKit,
    CheckinRequest, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::{ClassDetail, MyEnrollment};
use cultivator_shared::{ClassId, ClassSessionId, UserId};
use gloo_net::http::Request;

use super::{ApiError, ApiResult, get, send_json, url};

/// A class with its sessions and the signed-in user's enrollment.
pub async fn class_detail(id: ClassId) -> ApiResult<ClassDetail> {
    get(&url(&format!("/classes/{id}"))).await
}

pub async fn apply(id: ClassId) -> ApiResult<MyEnrollment> {
    send_json(Request::post(&url(&format!("/classes/{id}/apply"))), &()).await
}

pub async fn withdraw(id: ClassId) -> ApiResult<MyEnrollment> {
    send_json(Request::post(&url(&format!("/classes/{id}/withdraw"))), &()).await
}

/// The session's current check-in code and QR (instructors).
pub async fn checkin_code(session: ClassSessionId) -> ApiResult<CheckinCode> {
    get(&url(&format!("/sessions/{session}/checkin-code"))).await
}

/// Who has arrived at the session (instructors; polled).
pub async fn attendance(session: ClassSessionId) -> ApiResult<Vec<AttendanceEntry>> {
    get(&url(&format!("/sessions/{session}/attendance"))).await
}

/// Checks in with `code`; `at` is when it was read, for one made with no
/// signal and sent later (see `crate::outbox`).
pub async fn check_in(
    session: ClassSessionId,
    code: String,
    at: Option<DateTime<Utc>>,
) -> ApiResult<AttendanceEntry> {
    send_json(
        Request::post(&url(&format!("/sessions/{session}/checkin"))),
        &CheckinRequest { code, at },
    )
    .await
}

/// Marks a trainee by hand (instructors); `at` as for [`check_in`].
pub async fn mark_attendance(
    session: ClassSessionId,
    user: UserId,
    state: AttendanceState,
    at: Option<DateTime<Utc>>,
) -> ApiResult<AttendanceCorrection> {
    send_json(
        Request::put(&url(&format!("/sessions/{session}/attendance/{user}"))),
        &MarkAttendanceRequest { state, at },
    )
    .await
}

/// Where the instructor's device keeps a session's check-in kit, so that
/// its screen shows codes with no network (emptied at sign-out).
pub const KIT_PREFIX: &str = "cultivator.checkin-kit.";

/// A session's check-in kit as this device keeps it: with how far the
/// device's clock was behind the server's when it came (seconds).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct KeptKit {
    pub kit: CheckinKit,
    pub clock_behind_secs: i64,
}

/// The session's check-in kit (instructors), kept on this device; with no
/// network, the one kept before.
pub async fn checkin_kit(session: ClassSessionId) -> ApiResult<KeptKit> {
    let key = format!("{KIT_PREFIX}{session}");
    match get::<CheckinKit>(&url(&format!("/sessions/{session}/checkin-kit"))).await {
        Ok(kit) => {
            let device_now = crate::device::now();
            let kept = KeptKit {
                clock_behind_secs: (kit.server_time - device_now).num_seconds(),
                kit,
            };
            crate::device::write_json(&key, &kept);
            Ok(kept)
        }
        Err(ApiError::Network) => crate::device::read_json(&key).ok_or(ApiError::Network),
        Err(error) => Err(error),
    }
}

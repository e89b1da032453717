//! Offline track: classes, applications and check-in.

use cultivator_shared::api::checkin::{AttendanceEntry, CheckinCode, CheckinRequest};
use cultivator_shared::api::classes::{ClassDetail, MyEnrollment};
use cultivator_shared::{ClassId, ClassSessionId};
use gloo_net::http::Request;

use super::{ApiResult, get, send_json, url};

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

pub async fn check_in(session: ClassSessionId, code: String) -> ApiResult<AttendanceEntry> {
    send_json(
        Request::post(&url(&format!("/sessions/{session}/checkin"))),
        &CheckinRequest { code },
    )
    .await
}

//! Instructors' calls: creating classes and sessions, changing and
//! cancelling them, the class's instructors, the roster and its decisions,
//! attendance by hand, finalising, roster import, candidates for gated
//! stages.

use cultivator_shared::api::Page;
use cultivator_shared::api::catalog::ClassSummary;
use cultivator_shared::api::checkin::{AttendanceCorrection, AttendanceEntry};
use cultivator_shared::api::classes::{
    CancelRequest, ClassDetail, ClassInstructors, CreateClassRequest, Finalised, MyEnrollment,
    NewSessionRequest, RosterEntry, RosterQuery, SessionView, UpdateClassRequest,
};
use cultivator_shared::api::pathway::{ProgrammeView, StageCandidates};
use cultivator_shared::api::rosters::{RosterImportJob, RosterRejection};
use cultivator_shared::{ClassId, ClassSessionId, EnrollmentId, RosterImportId, UserId};
use gloo_net::http::Request;

use super::{ApiError, ApiResult, error_from, get, read, send_json, url, with_csrf};

pub async fn programmes() -> ApiResult<Vec<ProgrammeView>> {
    get(&url("/programmes")).await
}

pub async fn classes_i_run() -> ApiResult<Vec<ClassSummary>> {
    get(&url("/instructor/classes")).await
}

pub async fn create_class(request: &CreateClassRequest) -> ApiResult<ClassDetail> {
    send_json(Request::post(&url("/classes")), request).await
}

pub async fn add_session(class: ClassId, request: &NewSessionRequest) -> ApiResult<SessionView> {
    send_json(
        Request::post(&url(&format!("/classes/{class}/sessions"))),
        request,
    )
    .await
}

pub async fn update_class(class: ClassId, request: &UpdateClassRequest) -> ApiResult<ClassDetail> {
    send_json(Request::put(&url(&format!("/classes/{class}"))), request).await
}

pub async fn cancel_class(class: ClassId, reason: String) -> ApiResult<ClassDetail> {
    send_json(
        Request::post(&url(&format!("/classes/{class}/cancel"))),
        &CancelRequest { reason },
    )
    .await
}

pub async fn update_session(
    session: ClassSessionId,
    request: &NewSessionRequest,
) -> ApiResult<SessionView> {
    send_json(Request::put(&url(&format!("/sessions/{session}"))), request).await
}

pub async fn cancel_session(session: ClassSessionId, reason: String) -> ApiResult<SessionView> {
    send_json(
        Request::post(&url(&format!("/sessions/{session}/cancel"))),
        &CancelRequest { reason },
    )
    .await
}

pub async fn instructors(class: ClassId) -> ApiResult<ClassInstructors> {
    get(&url(&format!("/classes/{class}/instructors"))).await
}

/// Adds (`true`) or removes an instructor of the class.
pub async fn set_instructor(class: ClassId, user: UserId, listed: bool) -> ApiResult<()> {
    let path = url(&format!("/classes/{class}/instructors/{user}"));
    let builder = if listed {
        Request::put(&path)
    } else {
        Request::delete(&path)
    };
    let response = with_csrf(builder)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(&response).await)
    }
}

/// One page of the class's roster, of one status if `query` says so.
pub async fn roster(class: ClassId, query: &RosterQuery) -> ApiResult<Page<RosterEntry>> {
    let mut path = format!(
        "/classes/{class}/enrollments?limit={}&offset={}",
        query.limit(),
        query.offset()
    );
    if let Some(status) = query.status {
        path.push_str(&format!("&status={}", status.as_str()));
    }
    get(&url(&path)).await
}

/// `action` is `approve`, `reject` or `remove`.
pub async fn decide(enrollment: EnrollmentId, action: &'static str) -> ApiResult<MyEnrollment> {
    send_json(
        Request::post(&url(&format!("/enrollments/{enrollment}/{action}"))),
        &(),
    )
    .await
}

pub async fn session_attendance(session: ClassSessionId) -> ApiResult<Vec<AttendanceEntry>> {
    get(&url(&format!("/sessions/{session}/attendance"))).await
}

pub async fn corrections(session: ClassSessionId) -> ApiResult<Vec<AttendanceCorrection>> {
    get(&url(&format!("/sessions/{session}/attendance/corrections"))).await
}

pub async fn finalise(class: ClassId) -> ApiResult<Finalised> {
    send_json(
        Request::post(&url(&format!("/classes/{class}/finalise"))),
        &(),
    )
    .await
}

/// What became of an uploaded roster.
#[derive(Debug, Clone, PartialEq)]
pub enum Upload {
    Started(RosterImportJob),
    Rejected(RosterRejection),
}

pub async fn upload_roster(class: ClassId, file: web_sys::File) -> ApiResult<Upload> {
    let request = with_csrf(Request::post(&url(&format!(
        "/classes/{class}/roster-imports"
    ))))
    .header("content-type", "application/octet-stream")
    .body(file)
    .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.status() == 422 {
        return match response.json::<RosterRejection>().await {
            Ok(rejection) => Ok(Upload::Rejected(rejection)),
            Err(_) => Err(error_from(&response).await),
        };
    }
    read(response).await.map(Upload::Started)
}

pub async fn import_job(id: RosterImportId) -> ApiResult<RosterImportJob> {
    get(&url(&format!("/roster-imports/{id}"))).await
}

/// Takes the one-time password sheet (CSV). A POST: the server erases the
/// sheet as it hands it out, so a second call gets 410 Gone.
pub async fn take_password_sheet(id: RosterImportId) -> ApiResult<Vec<u8>> {
    let response = with_csrf(Request::post(&url(&format!(
        "/roster-imports/{id}/passwords.csv"
    ))))
    .send()
    .await
    .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(error_from(&response).await);
    }
    let status = response.status();
    response
        .binary()
        .await
        .map_err(|_| ApiError::Unexpected { status })
}

pub fn export_url(class: ClassId, file: &str) -> String {
    url(&format!("/classes/{class}/{file}"))
}

/// One page of the candidates for the class's stage.
pub async fn candidates(class: ClassId, limit: u64, offset: u64) -> ApiResult<StageCandidates> {
    get(&url(&format!(
        "/classes/{class}/candidates?limit={limit}&offset={offset}"
    )))
    .await
}

pub async fn set_selected(class: ClassId, user: UserId, selected: bool) -> ApiResult<()> {
    let path = url(&format!("/classes/{class}/candidates/{user}"));
    let builder = if selected {
        Request::put(&path)
    } else {
        Request::delete(&path)
    };
    let response = with_csrf(builder)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(&response).await)
    }
}

/// Open classes serving the signed-in person's home region (theirs and above).
pub async fn classes_near_me() -> ApiResult<cultivator_shared::api::Page<ClassSummary>> {
    if let Some(known) = super::first_screen::signed_in_list(|h| h.near_me.clone()) {
        return known;
    }
    get(&url("/classes/near-me")).await
}

/// The latest roster imports into a class, newest first.
pub async fn class_imports(class: ClassId) -> ApiResult<Vec<RosterImportJob>> {
    get(&url(&format!("/classes/{class}/roster-imports"))).await
}

/// One page of the members' progress in the class's online part.
pub async fn class_progress(
    class: ClassId,
    query: &cultivator_shared::api::class_progress::ProgressQuery,
) -> ApiResult<cultivator_shared::api::class_progress::ClassProgress> {
    get(&url(&format!(
        "/classes/{class}/progress?{}",
        progress_query(query, true)
    )))
    .await
}

/// The order (and page) as URL parameters.
pub fn progress_query(
    query: &cultivator_shared::api::class_progress::ProgressQuery,
    paged: bool,
) -> String {
    let mut pairs = Vec::new();
    pairs.extend(query.sort.map(|s| format!("sort={}", s.as_str())));
    if query.desc {
        pairs.push("desc=true".to_owned());
    }
    if paged {
        pairs.extend(query.limit.map(|l| format!("limit={l}")));
        pairs.extend(query.offset.map(|o| format!("offset={o}")));
    }
    pairs.join("&")
}

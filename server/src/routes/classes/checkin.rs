//! Session check-in: the instructor's rotating code and QR, the trainee's
//! check-in, the live attendance list and marks made by hand.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use chrono::{Duration, Utc};
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceEntry, CheckinCode, CheckinKit, CheckinRequest,
    MarkAttendanceRequest,
};
use cultivator_shared::{ApiErrorBody, ClassId, ClassSessionId, UserId};
use qrcode::QrCode;
use qrcode::render::svg;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize_checkin_code, roster_mobiles};
use crate::auth::{ClientAddr, CurrentUser, ManagedClass};
use crate::db::{attendance, class_sessions};
use crate::domain::classes::attendance_marks::{self, HandMark};
use crate::domain::classes::checkin::{self, Claim, Policy};
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current_code))
        .routes(routes!(checkin_kit))
        .routes(routes!(check_in))
        .routes(routes!(live_attendance))
        .routes(routes!(mark_attendance))
        .routes(routes!(corrections))
}

fn policy(state: &AppState) -> Policy {
    Policy {
        period_secs: state.config.checkin_period_secs.max(1),
        margin: Duration::minutes(i64::from(state.config.checkin_margin_minutes)),
        sync_window: Duration::hours(i64::from(state.config.checkin_sync_hours)),
    }
}

/// Loads the session and checks that `user` may manage its class.
async fn managed_session(
    state: &AppState,
    user: CurrentUser,
    id: i64,
) -> Result<class_sessions::Model, ApiError> {
    Ok(session_and_class(state, user, id).await?.0)
}

/// The session and its class, which `user` may manage.
async fn session_and_class(
    state: &AppState,
    user: CurrentUser,
    id: i64,
) -> Result<(class_sessions::Model, ManagedClass), ApiError> {
    let session = checkin::session(&state.db, ClassSessionId(id)).await?;
    let managed = ManagedClass::authorize(state, user, ClassId(session.class_id)).await?;
    Ok((session, managed))
}

/// The session, provided `user` may see its codes
/// (`permissions::authorize_checkin_code`).
async fn session_showing_codes(
    state: &AppState,
    user: CurrentUser,
    id: i64,
) -> Result<class_sessions::Model, ApiError> {
    let (session, managed) = session_and_class(state, user, id).await?;
    authorize_checkin_code(&managed.user, &managed.staff)?;
    Ok(session)
}

/// The origin for QR links: configured, or the one the instructor's browser used.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    crate::routes::public_origin(state, headers)
}

/// The current 6-digit code, seconds until it rotates, and its QR (SVG):
/// for those who run the class only (`permissions::authorize_checkin_code`).
#[utoipa::path(get, path = "/sessions/{id}/checkin-code", tag = "checkin",
    params(("id" = i64, Path, description = "Session id")),
    responses((status = 200, body = CheckinCode), (status = 403, body = ApiErrorBody)))]
async fn current_code(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<ApiJson<CheckinCode>, ApiError> {
    let session = session_showing_codes(&state, user, id).await?;
    let period = policy(&state).period_secs;
    let now = Utc::now().timestamp();
    let code = checkin::code_for(&session.checkin_secret, checkin::window_of(now, period));
    let url = format!("{}/checkin/{id}?code={code}", origin(&state, &headers));
    let qr_svg = QrCode::new(url.as_bytes())
        .map_err(ApiError::internal)?
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .build();
    Ok(ApiJson(CheckinCode {
        session: ClassSessionId(id),
        code,
        seconds_left: checkin::seconds_left(now, period),
        period_secs: period,
        url,
        qr_svg,
    }))
}

/// What the instructor's device needs to show the session's codes with no
/// network (the session's device key, never the stored secret): for those
/// who run the class only, as the codes themselves.
#[utoipa::path(get, path = "/sessions/{id}/checkin-kit", tag = "checkin",
    params(("id" = i64, Path, description = "Session id")),
    responses((status = 200, body = CheckinKit), (status = 403, body = ApiErrorBody)))]
async fn checkin_kit(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<ApiJson<CheckinKit>, ApiError> {
    let session = session_showing_codes(&state, user, id).await?;
    let policy = policy(&state);
    Ok(ApiJson(CheckinKit {
        session: ClassSessionId(id),
        device_key: checkin::device_key(&session.checkin_secret),
        period_secs: policy.period_secs,
        opens_at: session.starts_at - policy.margin,
        closes_at: session.ends_at,
        link: format!("{}/checkin/{id}", origin(&state, &headers)),
        server_time: Utc::now(),
    }))
}

/// Checks the signed-in trainee in with the code from the screen or the QR,
/// now or, with `at`, as read with no signal at that moment.
#[utoipa::path(post, path = "/sessions/{id}/checkin", tag = "checkin",
    request_body = CheckinRequest,
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, body = AttendanceEntry),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn check_in(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<CheckinRequest>,
) -> Result<ApiJson<AttendanceEntry>, ApiError> {
    let trainee = user.id;
    let entry = checkin::check_in(
        &state.db,
        &user.actor(address),
        ClassSessionId(id),
        trainee,
        Claim {
            code: &request.code,
            at: request.at,
        },
        policy(&state),
        Utc::now(),
    )
    .await?;
    Ok(ApiJson(entry))
}

/// Every enrolled trainee with their attendance, arrivals first, and their
/// wrong codes and any lock on their code entry (poll it).
#[utoipa::path(get, path = "/sessions/{id}/attendance", tag = "checkin",
    params(("id" = i64, Path, description = "Session id")),
    responses((status = 200, body = Vec<AttendanceEntry>), (status = 403, body = ApiErrorBody)))]
async fn live_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<Vec<AttendanceEntry>>, ApiError> {
    // Whole numbers for the class's instructors, who may call a trainee
    // who is missing; masked for the coordinators who may also look.
    let (session, managed) = session_and_class(&state, user, id).await?;
    let mobiles = roster_mobiles(&managed.user, &managed.staff);
    Ok(ApiJson(
        checkin::live_list(&state.db, &session, mobiles, Utc::now()).await?,
    ))
}

/// Marks a trainee present, absent or excused by hand (audited); with `at`,
/// a mark made with no network at that moment (the later record stands).
#[utoipa::path(put, path = "/sessions/{id}/attendance/{user}", tag = "checkin",
    request_body = MarkAttendanceRequest,
    params(
        ("id" = i64, Path, description = "Session id"),
        ("user" = i64, Path, description = "Trainee's user id"),
    ),
    responses(
        (status = 200, body = AttendanceCorrection),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn mark_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    Path((id, trainee)): Path<(i64, i64)>,
    ApiJson(request): ApiJson<MarkAttendanceRequest>,
) -> Result<ApiJson<AttendanceCorrection>, ApiError> {
    let by = user.id;
    let actor = user.actor(address);
    let (_, managed) = session_and_class(&state, user, id).await?;
    let correction = attendance_marks::mark(
        &state.db,
        &actor,
        &managed.class.region_code,
        ClassSessionId(id),
        HandMark {
            trainee: UserId(trainee),
            state: request.state,
            by,
            at: request.at,
        },
        policy(&state),
        Utc::now(),
    )
    .await?;
    Ok(ApiJson(correction))
}

/// Every hand-made change to attendance at the session, oldest first.
#[utoipa::path(get, path = "/sessions/{id}/attendance/corrections", tag = "checkin",
    params(("id" = i64, Path, description = "Session id")),
    responses((status = 200, body = Vec<AttendanceCorrection>), (status = 403, body = ApiErrorBody)))]
async fn corrections(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<Vec<AttendanceCorrection>>, ApiError> {
    managed_session(&state, user, id).await?;
    Ok(ApiJson(
        attendance::corrections_of(&state.db, ClassSessionId(id)).await?,
    ))
}

//! Check-in at class sessions with rotating codes: each way to get it wrong
//! has its own error, and the instructor's live list shows arrivals and
//! audited corrections.

use chrono::{Duration, Utc};
use cultivator_server::db::class_sessions;
use cultivator_server::domain::classes::checkin;
use cultivator_shared::ErrorCode;
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceEntry, AttendanceMethod, AttendanceState, CheckinCode,
    CheckinRequest, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::{NewSessionRequest, SessionView};
use cultivator_tests::classes::{Setup, class_in_session as setup};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::{Backend, on_both_databases};
use reqwest::{Method, StatusCode};

on_both_databases!(
    a_trainee_checks_in_once_with_the_code_on_the_screen,
    wrong_expired_and_foreign_codes_are_refused,
    only_enrolled_trainees_check_in_and_only_during_the_session,
    instructors_mark_attendance_by_hand_and_every_change_is_audited,
    guessing_codes_locks_the_trainee_s_code_entry_for_the_session,
);

const TRAINEE: &str = "13800000010";
const OUTSIDER: &str = "13800000011";

async fn code_of(instructor: &ApiClient, session: &SessionView) -> anyhow::Result<CheckinCode> {
    expect_json(
        instructor
            .get(&format!("/api/v1/sessions/{}/checkin-code", session.id))
            .await?,
        StatusCode::OK,
    )
    .await
}

async fn check_in(
    trainee: &ApiClient,
    session: &SessionView,
    code: &str,
) -> anyhow::Result<reqwest::Response> {
    trainee
        .post(
            &format!("/api/v1/sessions/{}/checkin", session.id),
            &CheckinRequest {
                code: code.into(),
                at: None,
            },
        )
        .await
}

async fn a_trainee_checks_in_once_with_the_code_on_the_screen(
    backend: Backend,
) -> anyhow::Result<()> {
    let Setup {
        app,
        instructor,
        trainee,
        session,
    } = setup(backend).await?;
    let shown = code_of(&instructor, &session).await?;
    assert_eq!(shown.code.len(), 6);
    assert!(shown.seconds_left >= 1 && shown.seconds_left <= shown.period_secs);
    assert!(
        shown
            .url
            .ends_with(&format!("/checkin/{}?code={}", session.id, shown.code))
    );
    assert!(shown.qr_svg.contains("<svg"));

    let entry: AttendanceEntry = expect_json(
        check_in(&trainee, &session, &shown.code).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(entry.state, Some(AttendanceState::Present));
    assert_eq!(entry.method, Some(AttendanceMethod::Code));

    // Twice is refused, even with a fresh code.
    let fresh = code_of(&instructor, &session).await?;
    expect_error(
        check_in(&trainee, &session, &fresh.code).await?,
        StatusCode::CONFLICT,
        ErrorCode::AlreadyCheckedIn,
    )
    .await?;

    // The instructor's live list shows the arrival first.
    let live: Vec<AttendanceEntry> = expect_json(
        instructor
            .get(&format!("/api/v1/sessions/{}/attendance", session.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(live.first().map(|e| e.mobile.as_str()), Some(TRAINEE));
    assert_eq!(
        live.first().and_then(|e| e.state),
        Some(AttendanceState::Present)
    );
    // Trainees cannot see the code.
    expect_error(
        trainee
            .get(&format!("/api/v1/sessions/{}/checkin-code", session.id))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

async fn wrong_expired_and_foreign_codes_are_refused(backend: Backend) -> anyhow::Result<()> {
    let Setup {
        app,
        instructor,
        trainee,
        session,
    } = setup(backend).await?;
    let stored = class_sessions::find(&app.db, session.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("session missing"))?;
    let window = checkin::window_of(Utc::now().timestamp(), 15);
    let two_windows_ago = checkin::code_for(&stored.checkin_secret, window - 2);
    expect_error(
        check_in(&trainee, &session, &two_windows_ago).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::CheckinCodeExpired,
    )
    .await?;

    // The code of another session of the same class is wrong for this one.
    let class_id = stored.class_id;
    let other: SessionView = expect_json(
        instructor
            .post(
                &format!("/api/v1/classes/{class_id}/sessions"),
                &NewSessionRequest {
                    starts_at: Utc::now() - Duration::hours(1),
                    ends_at: Utc::now() + Duration::hours(2),
                    venue: Some("第二教室".into()),
                    capacity_note: None,
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let others_code = code_of(&instructor, &other).await?;
    let own_code = code_of(&instructor, &session).await?;
    if others_code.code != own_code.code {
        expect_error(
            check_in(&trainee, &session, &others_code.code).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidCheckinCode,
        )
        .await?;
    }
    expect_error(
        check_in(&trainee, &session, "12345x").await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidCheckinCode,
    )
    .await?;
    app.stop().await
}

async fn only_enrolled_trainees_check_in_and_only_during_the_session(
    backend: Backend,
) -> anyhow::Result<()> {
    let Setup {
        app,
        instructor,
        trainee,
        session,
    } = setup(backend).await?;
    let outsider = app.signed_in(OUTSIDER).await?;
    let shown = code_of(&instructor, &session).await?;
    expect_error(
        check_in(&outsider, &session, &shown.code).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::NotEnrolledInClass,
    )
    .await?;

    // A session tomorrow is not open for check-in yet, even with its own code.
    let stored = class_sessions::find(&app.db, session.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("session missing"))?;
    let tomorrow: SessionView = expect_json(
        instructor
            .post(
                &format!("/api/v1/classes/{}/sessions", stored.class_id),
                &NewSessionRequest {
                    starts_at: Utc::now() + Duration::days(1),
                    ends_at: Utc::now() + Duration::days(1) + Duration::hours(3),
                    venue: None,
                    capacity_note: None,
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let code = code_of(&instructor, &tomorrow).await?;
    expect_error(
        check_in(&trainee, &tomorrow, &code.code).await?,
        StatusCode::CONFLICT,
        ErrorCode::OutsideCheckinWindow,
    )
    .await?;
    app.stop().await
}

async fn instructors_mark_attendance_by_hand_and_every_change_is_audited(
    backend: Backend,
) -> anyhow::Result<()> {
    let Setup {
        app,
        instructor,
        trainee,
        session,
    } = setup(backend).await?;
    let me = trainee.me().await?;
    let me: cultivator_shared::api::auth::UserView = expect_json(me, StatusCode::OK).await?;
    let path = format!("/api/v1/sessions/{}/attendance/{}", session.id, me.id);
    for state in [AttendanceState::Absent, AttendanceState::Excused] {
        let _: AttendanceCorrection = expect_json(
            instructor
                .send_json(
                    Method::PUT,
                    &path,
                    &MarkAttendanceRequest { state, at: None },
                )
                .await?,
            StatusCode::OK,
        )
        .await?;
    }
    let audit: Vec<AttendanceCorrection> = expect_json(
        instructor
            .get(&format!(
                "/api/v1/sessions/{}/attendance/corrections",
                session.id
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let changes: Vec<_> = audit.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        changes,
        [
            (None, AttendanceState::Absent),
            (Some(AttendanceState::Absent), AttendanceState::Excused),
        ]
    );
    // Only presence counts toward the class's attendance rate on the coordinator's list.
    let county = app.signed_in("13800000004").await?;
    let rates: cultivator_shared::api::Page<cultivator_shared::api::coordination::ClassRates> =
        expect_json(
            county.get("/api/v1/coordination/classes").await?,
            StatusCode::OK,
        )
        .await?;
    let class = rates
        .items
        .iter()
        .find(|c| c.title == "金堂县农村电商带头人培训班");
    assert_eq!(class.map(|c| c.enrolled), Some(1));
    assert_eq!(
        class.and_then(|c| c.attendance_rate),
        Some(0.0),
        "an excused trainee is not present"
    );
    let instructor_id = audit.first().map(|c| c.corrected_by);
    let instructor_me: cultivator_shared::api::auth::UserView =
        expect_json(instructor.me().await?, StatusCode::OK).await?;
    assert_eq!(instructor_id, Some(instructor_me.id));
    // A trainee cannot mark anyone.
    expect_error(
        trainee
            .send_json(
                Method::PUT,
                &path,
                &MarkAttendanceRequest {
                    state: AttendanceState::Present,
                    at: None,
                },
            )
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

async fn guessing_codes_locks_the_trainee_s_code_entry_for_the_session(
    backend: Backend,
) -> anyhow::Result<()> {
    let Setup {
        app,
        instructor,
        trainee,
        session,
    } = setup(backend).await?;
    let right = code_of(&instructor, &session).await?.code;
    // Codes that are surely wrong: neither the current code nor its neighbour.
    let wrong: Vec<String> = (1..=5u32)
        .map(|k| {
            let n: u32 = right.parse().unwrap_or(0);
            format!("{:06}", (n + 500_000 + k) % 1_000_000)
        })
        .collect();
    for guess in &wrong {
        expect_error(
            check_in(&trainee, &session, guess).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidCheckinCode,
        )
        .await?;
    }
    // Now even the right code is refused for a while, with a Retry-After.
    let locked = check_in(
        &trainee,
        &session,
        &code_of(&instructor, &session).await?.code,
    )
    .await?;
    let retry_after: u64 = locked
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!(retry_after > 0 && retry_after <= 600, "{retry_after}");
    expect_error(
        locked,
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::TooManyAttempts,
    )
    .await?;
    app.stop().await
}

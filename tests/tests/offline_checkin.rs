//! Check-in and attendance marks made with no signal and sent later: the
//! instructor's device gets a key for the session's codes only; a queued
//! check-in counts when its code was the one shown at the moment it claims,
//! the moment lies in the session and it arrives within the sync window; a
//! check-in and a mark resolve by their moments whatever order they arrive
//! in, and each conflict is in the audit trail.

use chrono::{DateTime, Duration, Utc};
use cultivator_server::db::{audit_records, class_sessions};
use cultivator_server::domain::classes::checkin;
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceEntry, AttendanceMethod, AttendanceState, CheckinCode,
    CheckinKit, CheckinRequest, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::SessionView;
use cultivator_shared::{ErrorCode, UserId};
use cultivator_tests::classes::{Setup, class_in_session};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::{Backend, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_databases!(
    a_check_in_read_with_no_signal_counts_when_it_arrives,
    a_queued_check_in_is_bounded_by_its_code_the_session_and_the_sync_window,
    check_ins_and_marks_resolve_by_their_moments_and_conflicts_are_audited,
);

/// The code shown at `at` on the instructor's screen.
async fn code_at(setup: &Setup, at: DateTime<Utc>) -> anyhow::Result<String> {
    let stored = class_sessions::find(&setup.app.db, setup.session.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("session missing"))?;
    Ok(checkin::code_for(
        &stored.checkin_secret,
        checkin::window_of(at.timestamp(), 15),
    ))
}

async fn queued_check_in(
    trainee: &ApiClient,
    session: &SessionView,
    code: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<reqwest::Response> {
    trainee
        .post(
            &format!("/api/v1/sessions/{}/checkin", session.id),
            &CheckinRequest {
                code: code.into(),
                at: Some(at),
            },
        )
        .await
}

async fn mark_at(
    setup: &Setup,
    trainee: UserId,
    state: AttendanceState,
    at: DateTime<Utc>,
) -> anyhow::Result<reqwest::Response> {
    setup
        .instructor
        .send_json(
            Method::PUT,
            &format!(
                "/api/v1/sessions/{}/attendance/{}",
                setup.session.id, trainee
            ),
            &MarkAttendanceRequest {
                state,
                at: Some(at),
            },
        )
        .await
}

async fn trainee_id(setup: &Setup) -> anyhow::Result<UserId> {
    let me: cultivator_shared::api::auth::UserView =
        expect_json(setup.trainee.me().await?, StatusCode::OK).await?;
    Ok(me.id)
}

async fn a_check_in_read_with_no_signal_counts_when_it_arrives(
    backend: Backend,
) -> anyhow::Result<()> {
    let setup = class_in_session(backend).await?;
    // The kit: a key for this session's codes, not the stored secret.
    let kit: CheckinKit = expect_json(
        setup
            .instructor
            .get(&format!(
                "/api/v1/sessions/{}/checkin-kit",
                setup.session.id
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let stored = class_sessions::find(&setup.app.db, setup.session.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("session missing"))?;
    assert_eq!(kit.device_key, checkin::device_key(&stored.checkin_secret));
    assert_ne!(kit.device_key, stored.checkin_secret);
    assert_eq!(kit.device_key.len(), 64);
    assert_eq!(kit.period_secs, 15);
    assert!(
        kit.link
            .ends_with(&format!("/checkin/{}", setup.session.id))
    );
    assert!(kit.opens_at < setup.session.starts_at && kit.closes_at == setup.session.ends_at);
    // The screen's code is the one the kit's key gives.
    let shown: CheckinCode = expect_json(
        setup
            .instructor
            .get(&format!(
                "/api/v1/sessions/{}/checkin-code",
                setup.session.id
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let now = Utc::now().timestamp();
    let windows = [checkin::window_of(now, 15), checkin::window_of(now, 15) - 1];
    assert!(
        windows
            .iter()
            .any(|w| checkin::code_for(&stored.checkin_secret, *w) == shown.code)
    );
    // Trainees get no kit.
    expect_error(
        setup
            .trainee
            .get(&format!(
                "/api/v1/sessions/{}/checkin-kit",
                setup.session.id
            ))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;

    // Read twenty minutes ago with no signal, sent now.
    let read_at = Utc::now() - Duration::minutes(20);
    let code = code_at(&setup, read_at).await?;
    let entry: AttendanceEntry = expect_json(
        queued_check_in(&setup.trainee, &setup.session, &code, read_at).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(entry.state, Some(AttendanceState::Present));
    assert_eq!(entry.method, Some(AttendanceMethod::QueuedCode));
    let recorded = entry.recorded_at.unwrap_or_default();
    assert!(
        (recorded - read_at).num_seconds().abs() <= 1,
        "{recorded} {read_at}"
    );
    // Sent twice (the phone did not hear the answer): the first stands.
    expect_error(
        queued_check_in(&setup.trainee, &setup.session, &code, read_at).await?,
        StatusCode::CONFLICT,
        ErrorCode::AlreadyCheckedIn,
    )
    .await?;
    // The instructor's list shows it, marked as sent later.
    let live = setup.attendance().await?;
    assert_eq!(
        live.first().and_then(|e| e.method),
        Some(AttendanceMethod::QueuedCode)
    );
    setup.app.stop().await
}

async fn a_queued_check_in_is_bounded_by_its_code_the_session_and_the_sync_window(
    backend: Backend,
) -> anyhow::Result<()> {
    let setup = class_in_session(backend).await?;
    let (trainee, session) = (&setup.trainee, &setup.session);
    let now = Utc::now();

    // A claimed moment ahead of the server's clock.
    let ahead = now + Duration::minutes(10);
    expect_error(
        queued_check_in(trainee, session, &code_at(&setup, ahead).await?, ahead).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::DeviceTimeAhead,
    )
    .await?;
    // Older than the sync window (72 h).
    let stale = now - Duration::hours(73);
    expect_error(
        queued_check_in(trainee, session, &code_at(&setup, stale).await?, stale).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::SyncWindowPassed,
    )
    .await?;
    // Before the session's check-in opened (it started an hour ago and
    // opens 30 minutes earlier), with the code of that moment.
    let early = session.starts_at - Duration::minutes(45);
    expect_error(
        queued_check_in(trainee, session, &code_at(&setup, early).await?, early).await?,
        StatusCode::CONFLICT,
        ErrorCode::OutsideCheckinWindow,
    )
    .await?;
    // Today's code, claimed as read ten minutes ago: not the code shown then.
    let claimed = now - Duration::minutes(10);
    expect_error(
        queued_check_in(trainee, session, &code_at(&setup, now).await?, claimed).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidCheckinCode,
    )
    .await?;
    // Three windows before the claimed moment: expired then, as online.
    let expired = code_at(&setup, claimed - Duration::seconds(45)).await?;
    expect_error(
        queued_check_in(trainee, session, &expired, claimed).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::CheckinCodeExpired,
    )
    .await?;
    // None of it was recorded.
    let live = setup.attendance().await?;
    assert!(live.iter().all(|e| e.state.is_none()), "{live:?}");
    // The wrong codes counted toward the lock, as online ones do.
    assert_eq!(live.first().map(|e| e.wrong_codes), Some(2));
    setup.app.stop().await
}

/// The session's audit entries of `action`, oldest first, as (before, after).
async fn audited(
    setup: &Setup,
    action: &str,
) -> anyhow::Result<Vec<(serde_json::Value, serde_json::Value)>> {
    let rows = audit_records::Entity::find()
        .filter(audit_records::Column::Action.eq(action))
        .filter(audit_records::Column::ObjectId.eq(setup.session.id.0))
        .order_by_asc(audit_records::Column::Id)
        .all(&setup.app.db)
        .await?;
    rows.into_iter()
        .map(|r| {
            let parse = |text: Option<String>| -> anyhow::Result<serde_json::Value> {
                Ok(serde_json::from_str(text.as_deref().unwrap_or("null"))?)
            };
            Ok((parse(r.before)?, parse(r.after)?))
        })
        .collect()
}

async fn check_ins_and_marks_resolve_by_their_moments_and_conflicts_are_audited(
    backend: Backend,
) -> anyhow::Result<()> {
    let setup = class_in_session(backend).await?;
    let trainee = trainee_id(&setup).await?;
    let now = Utc::now();
    let (t10, t7, t5) = (
        now - Duration::minutes(10),
        now - Duration::minutes(7),
        now - Duration::minutes(5),
    );

    // The instructor's device, offline, marked the trainee absent at t-10;
    // the trainee's phone, offline, checked in at t-5. The check-in arrives
    // first, then the mark: the later moment (the check-in) stands.
    let code = code_at(&setup, t5).await?;
    let _: AttendanceEntry = expect_json(
        queued_check_in(&setup.trainee, &setup.session, &code, t5).await?,
        StatusCode::OK,
    )
    .await?;
    expect_error(
        mark_at(&setup, trainee, AttendanceState::Absent, t10).await?,
        StatusCode::CONFLICT,
        ErrorCode::AttendanceSuperseded,
    )
    .await?;
    // Another instructor's device marked them excused at t-7: also older.
    expect_error(
        mark_at(&setup, trainee, AttendanceState::Excused, t7).await?,
        StatusCode::CONFLICT,
        ErrorCode::AttendanceSuperseded,
    )
    .await?;
    let live = setup.attendance().await?;
    assert_eq!(
        live.first().and_then(|e| e.state),
        Some(AttendanceState::Present)
    );

    // A mark made now corrects the check-in, as ever.
    let correction: AttendanceCorrection = expect_json(
        mark_at(&setup, trainee, AttendanceState::Excused, Utc::now()).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(correction.from, Some(AttendanceState::Present));

    // Both refusals are in the audit trail with both records and the outcome.
    let conflicts = audited(&setup, "attendance_conflict").await?;
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    for (before, after) in &conflicts {
        assert_eq!(before["method"], "queued_code");
        assert_eq!(before["state"], "present");
        assert_eq!(after["method"], "manual");
        assert_eq!(after["outcome"], "superseded");
    }
    assert_eq!(conflicts[0].1["state"], "absent");
    assert_eq!(conflicts[1].1["state"], "excused");
    setup.app.stop().await
}

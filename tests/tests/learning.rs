//! Online learning through the API: enrolment, verified watch time (forged,
//! duplicate and seek-ahead reports), completion exactly once and the
//! credit-hour ledger, on both databases.

use cultivator_shared::api::learning::{
    CourseEnrollmentView, CreditLedger, LessonProgressView, ProgressReport,
};
use cultivator_shared::{CreditHours, ErrorCode, LessonId, PublishState};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{
    at_position, let_time_pass, played, read_through, report, report_ok, small_course,
};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    only_enrolled_trainees_report_progress_in_published_courses,
    a_report_claiming_more_time_than_has_passed_is_rejected,
    a_duplicate_report_is_accepted_and_counts_once,
    seeking_ahead_earns_nothing,
    two_tabs_playing_different_parts_at_once_cannot_double_the_clock,
    the_course_completes_exactly_once_and_credits_its_hours,
    concurrent_reports_from_many_trainees_are_all_stored,
    a_trainee_role_taken_away_ends_reporting_at_the_next_report,
);

async fn trainee(app: &TestApp, n: u32) -> anyhow::Result<ApiClient> {
    let client = app.client()?;
    client
        .login_ok(&format!("138000000{}", 10 + n), "demo2026")
        .await?;
    Ok(client)
}

async fn enroll(client: &ApiClient, course: cultivator_shared::CourseId) -> anyhow::Result<()> {
    let _: CourseEnrollmentView = expect_json(
        client
            .post(&format!("/api/v1/courses/{course}/enroll"), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    Ok(())
}

async fn only_enrolled_trainees_report_progress_in_published_courses(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let draft = small_course(&app.db, PublishState::Draft).await?;
    let alice = trainee(&app, 0).await?;
    expect_error(
        report(&alice, course.video, &at_position(0)).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::NotEnrolled,
    )
    .await?;
    expect_error(
        alice
            .post(&format!("/api/v1/courses/{}/enroll", draft.id), &())
            .await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    enroll(&alice, course.id).await?;
    enroll(&alice, course.id).await?; // twice is harmless
    let view = report_ok(&alice, course.video, &at_position(0)).await?;
    assert_eq!(view.duration_ms, Some(20_000));
    expect_error(
        report(&alice, LessonId(999_999), &at_position(0)).await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    expect_error(
        report(&alice, draft.video, &at_position(0)).await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    let anonymous = app.client()?;
    expect_error(
        report(&anonymous, course.video, &at_position(0)).await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    app.stop().await
}

async fn a_report_claiming_more_time_than_has_passed_is_rejected(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let alice = trainee(&app, 0).await?;
    enroll(&alice, course.id).await?;
    report_ok(&alice, course.video, &at_position(0)).await?;
    let_time_pass(&app.db, course.video, 5_000).await?;
    expect_error(
        report(&alice, course.video, &played(0, 20)).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::StudyTooFast,
    )
    .await?;
    expect_error(
        report(&alice, course.video, &played(10, 90)).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ImplausibleProgress,
    )
    .await?;
    let stored: LessonProgressView = expect_json(
        alice
            .get(&format!("/api/v1/lessons/{}/progress", course.video))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!((stored.played_ms, stored.position_ms), (0, 0));
    // What did pass is still accepted.
    let view = report_ok(&alice, course.video, &played(0, 5)).await?;
    assert_eq!(view.played_ms, 5_000);
    app.stop().await
}

async fn a_duplicate_report_is_accepted_and_counts_once(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let alice = trainee(&app, 0).await?;
    enroll(&alice, course.id).await?;
    report_ok(&alice, course.video, &at_position(0)).await?;
    let_time_pass(&app.db, course.video, 10_000).await?;
    let first = report_ok(&alice, course.video, &played(0, 10)).await?;
    let again = report_ok(&alice, course.video, &played(0, 10)).await?;
    assert_eq!((first.earned_ms, first.played_ms), (10_000, 10_000));
    assert_eq!((again.earned_ms, again.played_ms), (0, 10_000));
    app.stop().await
}

async fn seeking_ahead_earns_nothing(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let alice = trainee(&app, 0).await?;
    enroll(&alice, course.id).await?;
    report_ok(&alice, course.video, &at_position(0)).await?;
    let seek = report_ok(&alice, course.video, &at_position(15)).await?;
    assert_eq!((seek.played_ms, seek.position_ms), (0, 15_000));
    let_time_pass(&app.db, course.video, 5_000).await?;
    let view = report_ok(&alice, course.video, &played(15, 20)).await?;
    assert_eq!(view.played_ms, 5_000);
    assert!(!view.completed, "the end alone does not complete a video");
    let resumed: LessonProgressView = expect_json(
        alice
            .get(&format!("/api/v1/lessons/{}/progress", course.video))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(resumed.position_ms, 20_000);
    app.stop().await
}

async fn two_tabs_playing_different_parts_at_once_cannot_double_the_clock(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let alice = trainee(&app, 0).await?;
    let lesson = course.optional_video;
    enroll(&alice, course.id).await?;
    report_ok(&alice, lesson, &at_position(0)).await?;
    let_time_pass(&app.db, lesson, 15_000).await?;
    // Both tabs report 15 s at the same moment: only one fits the clock.
    let (tab_a, tab_b) = (played(0, 15), played(30, 45));
    let (a, b) = tokio::join!(
        report(&alice, lesson, &tab_a),
        report(&alice, lesson, &tab_b),
    );
    let statuses = [a?.status(), b?.status()];
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    let stored: LessonProgressView = expect_json(
        alice
            .get(&format!("/api/v1/lessons/{lesson}/progress"))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(stored.played_ms, 15_000);
    app.stop().await
}

async fn ledger(client: &ApiClient) -> anyhow::Result<CreditLedger> {
    expect_json(client.get("/api/v1/me/credits").await?, StatusCode::OK).await
}

async fn the_course_completes_exactly_once_and_credits_its_hours(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let alice = trainee(&app, 0).await?;
    enroll(&alice, course.id).await?;

    report_ok(&alice, course.video, &at_position(0)).await?;
    let_time_pass(&app.db, course.video, 17_000).await?;
    let almost = report_ok(&alice, course.video, &played(0, 17)).await?;
    assert!(!almost.completed, "17 of 20 s is under 90%");
    let_time_pass(&app.db, course.video, 1_000).await?;
    let video = report_ok(&alice, course.video, &played(17, 18)).await?;
    assert!(video.completed && !video.course_completed, "{video:?}");

    let scrolled = ProgressReport {
        position_ms: 500,
        ..ProgressReport::default()
    };
    assert!(
        !report_ok(&alice, course.article, &scrolled)
            .await?
            .completed
    );
    let read = ProgressReport {
        read_to_end: true,
        ..ProgressReport::default()
    };
    let skimmed = report_ok(&alice, course.article, &read).await?;
    assert!(
        !skimmed.completed,
        "the end at once, without the reading time: {skimmed:?}"
    );
    let article = read_through(&app.db, &alice, course.article).await?;
    assert!(article.completed && !article.course_completed);
    assert_eq!(article.required_ms, Some(10_000));
    assert_eq!(ledger(&alice).await?.total, CreditHours(0));

    // Reading the document for its 30 s completes it and, with it, the
    // course; the optional video is not needed. Reports racing each other
    // for the last 10 s still complete it once.
    report_ok(&alice, course.document, &at_position(0)).await?;
    for _ in 0..2 {
        let_time_pass(&app.db, course.document, 10_000).await?;
        report_ok(&alice, course.document, &visible(10_000)).await?;
    }
    let_time_pass(&app.db, course.document, 10_000).await?;
    let opens = futures_join(&alice, course.document, 8).await?;
    assert!(opens.iter().all(|v| v.completed && v.course_completed));
    assert_eq!(opens.iter().map(|v| v.earned_ms).sum::<u64>(), 10_000);
    report_ok(&alice, course.article, &read).await?;
    let ledger = ledger(&alice).await?;
    assert_eq!(ledger.total, CreditHours(15));
    assert_eq!(ledger.entries.len(), 1);
    assert_eq!(
        (
            ledger.entries[0].source.as_str(),
            ledger.entries[0].source_id
        ),
        ("course", course.id.0)
    );
    let again: CourseEnrollmentView = expect_json(
        alice
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    assert!(
        again.completed_at.is_some(),
        "re-enrolling keeps the completion"
    );
    app.stop().await
}

/// Sends `n` identical "opened" reports at once.
fn visible(ms: u64) -> ProgressReport {
    ProgressReport {
        visible_ms: ms,
        ..ProgressReport::default()
    }
}

async fn futures_join(
    client: &ApiClient,
    lesson: LessonId,
    n: usize,
) -> anyhow::Result<Vec<LessonProgressView>> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let http = client.http.clone();
        let url = format!("{}/api/v1/lessons/{lesson}/progress", client.base_url);
        tasks.spawn(async move { http.post(url).json(&visible(10_000)).send().await });
    }
    let mut views = Vec::new();
    while let Some(done) = tasks.join_next().await {
        views.push(expect_json(done??, StatusCode::OK).await?);
    }
    Ok(views)
}

async fn concurrent_reports_from_many_trainees_are_all_stored(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let mut trainees = Vec::new();
    for n in 0..6 {
        let client = trainee(&app, n).await?;
        enroll(&client, course.id).await?;
        report_ok(&client, course.optional_video, &at_position(0)).await?;
        trainees.push(client);
    }
    let_time_pass(&app.db, course.optional_video, 60_000).await?;
    let mut tasks = tokio::task::JoinSet::new();
    // Each trainee's one 15 s report races nine position reports (pause,
    // seek) and the other trainees' reports: all share group commits. (15 s:
    // however long a trainee waited, one report buys at most a report
    // interval of new playback.)
    for (n, client) in (0u64..).zip(&trainees) {
        for k in 0..10u64 {
            let http = client.http.clone();
            let url = format!(
                "{}/api/v1/lessons/{}/progress",
                client.base_url, course.optional_video
            );
            let body = if k == 0 {
                played(n, n + 15)
            } else {
                at_position(k)
            };
            tasks.spawn(async move { http.post(url).json(&body).send().await });
        }
    }
    while let Some(done) = tasks.join_next().await {
        let _: LessonProgressView = expect_json(done??, StatusCode::OK).await?;
    }
    for (n, client) in (0u64..).zip(&trainees) {
        let stored: LessonProgressView = expect_json(
            client
                .get(&format!(
                    "/api/v1/lessons/{}/progress",
                    course.optional_video
                ))
                .await?,
            StatusCode::OK,
        )
        .await?;
        assert_eq!(stored.played_ms, 15_000, "trainee {n}");
    }
    app.stop().await
}

async fn a_trainee_role_taken_away_ends_reporting_at_the_next_report(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let alice = trainee(&app, 0).await?;
    enroll(&alice, course.id).await?;
    report_ok(&alice, course.video, &at_position(0)).await?;
    let me: cultivator_shared::api::auth::UserView =
        expect_json(alice.get("/api/v1/auth/me").await?, StatusCode::OK).await?;
    let admin = app.signed_in("13800000001").await?;
    let changed = admin
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/admin/users/{}/roles", me.id),
            &cultivator_shared::api::admin::SetRolesRequest {
                roles: vec![cultivator_shared::RoleGrant {
                    role: cultivator_shared::Role::Coordinator,
                    scope: Some(cultivator_shared::RegionCode::parse("51")?),
                }],
            },
        )
        .await?;
    assert_eq!(changed.status(), StatusCode::OK);
    // The handler's user may be remembered for a while; the writer is not.
    let_time_pass(&app.db, course.video, 5_000).await?;
    expect_error(
        report(&alice, course.video, &played(0, 5)).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

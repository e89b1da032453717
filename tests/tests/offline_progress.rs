//! Progress made with no network and sent later: counted at its device
//! times by the rules of online reports, never more than the wall-clock time
//! that passed; forged batches, resent batches and moments out of bounds
//! earn nothing. On both databases.

use chrono::{DateTime, Duration, Utc};
use cultivator_server::domain::learning::study_clock::CAPACITY_MS;
use cultivator_shared::api::learning::{
    MAX_OFFLINE_REPORTS, OfflineOutcome, OfflineProgress, OfflineReport, ProgressReport,
};
use cultivator_shared::{ErrorCode, LessonId, PublishState};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{
    at_position, enrolled_trainee, let_time_pass, played, small_course, stored_progress,
};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    reports_made_offline_count_at_their_device_times,
    a_forged_batch_earns_no_more_than_the_time_that_passed,
    a_resent_batch_is_counted_once,
    batches_out_of_bounds_are_refused_whole,
);

const OFFLINE: &str = "/api/v1/me/progress/offline";

/// The demo trainee, enrolled in a small course, who opened `lesson` online
/// (starting the study clock) and then went offline `secs_ago` seconds ago.
async fn went_offline(
    app: &TestApp,
    course: i64,
    lesson: LessonId,
    secs_ago: i64,
) -> anyhow::Result<ApiClient> {
    let client = enrolled_trainee(app, course).await?;
    let opened = client
        .post(
            &format!("/api/v1/lessons/{lesson}/progress"),
            &at_position(0),
        )
        .await?;
    assert_eq!(opened.status(), StatusCode::OK);
    let_time_pass(&app.db, lesson, secs_ago * 1000).await?;
    Ok(client)
}

fn ago(now: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    now - Duration::seconds(secs)
}

fn offline(lesson: LessonId, at: DateTime<Utc>, report: ProgressReport) -> OfflineReport {
    OfflineReport {
        lesson_id: lesson,
        at,
        report,
    }
}

async fn send(client: &ApiClient, reports: Vec<OfflineReport>) -> anyhow::Result<OfflineOutcome> {
    expect_json(
        client.post(OFFLINE, &OfflineProgress { reports }).await?,
        StatusCode::OK,
    )
    .await
}

/// The 20 s video played on the phone a minute ago, one report every 5 s,
/// sent in the wrong order: all of it counts and the lesson is complete.
async fn reports_made_offline_count_at_their_device_times(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let trainee = went_offline(&app, course.id.0, course.video, 60).await?;
    let now = Utc::now();
    let reports = vec![
        offline(course.video, ago(now, 40), played(15, 20)),
        offline(course.video, ago(now, 55), played(0, 5)),
        offline(course.video, ago(now, 50), played(5, 10)),
        offline(course.video, ago(now, 45), played(10, 15)),
    ];
    let outcome = send(&trainee, reports).await?;
    assert_eq!(outcome.accepted, 4, "{outcome:?}");
    assert!(outcome.refused.is_empty(), "{outcome:?}");
    assert_eq!(outcome.earned_ms, 20_000);
    let [lesson] = outcome.lessons.as_slice() else {
        panic!("one lesson: {outcome:?}");
    };
    assert!(lesson.completed, "{outcome:?}");
    let progress = stored_progress(&trainee, course.video).await?;
    assert_eq!(progress.played_ms, 20_000);
    assert!(progress.completed);
    assert_eq!(progress.position_ms, 20_000, "the newest report's position");
    Ok(())
}

/// A script claims the whole 60 s video in twelve 5 s reports made one
/// second apart half a minute ago, and more from the future and from last
/// week: it earns what the clock held then and refilled in those seconds,
/// and the rest is refused with the reason.
async fn a_forged_batch_earns_no_more_than_the_time_that_passed(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let video = course.optional_video;
    let trainee = went_offline(&app, course.id.0, video, 60).await?;
    let now = Utc::now();
    let mut reports: Vec<OfflineReport> = (0..12u32)
        .map(|n| {
            let from = u64::from(n) * 5;
            offline(video, ago(now, 30 - i64::from(n)), played(from, from + 5))
        })
        .collect();
    reports.push(offline(video, now + Duration::minutes(10), played(0, 60)));
    reports.push(offline(video, now - Duration::hours(80), played(0, 60)));
    let outcome = send(&trainee, reports).await?;
    // The clock was full half a minute ago, then refilled for 11 s.
    let most = CAPACITY_MS + 11_000;
    assert!(outcome.earned_ms >= CAPACITY_MS, "{outcome:?}");
    assert!(outcome.earned_ms <= most, "{outcome:?}");
    let (squeezed, bounds) = outcome.refused.split_at(outcome.refused.len() - 2);
    assert!(!squeezed.is_empty(), "{outcome:?}");
    assert!(
        squeezed
            .iter()
            .all(|r| r.index < 12 && r.code == ErrorCode::StudyTooFast),
        "{outcome:?}"
    );
    let bounds: Vec<(u32, ErrorCode)> = bounds.iter().map(|r| (r.index, r.code)).collect();
    assert_eq!(
        bounds,
        [
            (12, ErrorCode::DeviceTimeAhead),
            (13, ErrorCode::SyncWindowPassed)
        ]
    );
    assert_eq!(
        stored_progress(&trainee, video).await?.played_ms,
        outcome.earned_ms
    );
    Ok(())
}

/// The phone sent a batch and lost the answer, so it sends it again: the
/// reading time is counted once (the clock would still have paid for some
/// of it).
async fn a_resent_batch_is_counted_once(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let document = course.document;
    let trainee = went_offline(&app, course.id.0, document, 60).await?;
    let now = Utc::now();
    let reading = |visible_ms| ProgressReport {
        visible_ms,
        ..ProgressReport::default()
    };
    let batch = vec![
        offline(document, ago(now, 50), reading(6_000)),
        offline(document, ago(now, 44), reading(6_000)),
    ];
    let first = send(&trainee, batch.clone()).await?;
    assert_eq!(first.earned_ms, 12_000, "{first:?}");
    let again = send(&trainee, batch).await?;
    assert_eq!(again.accepted, 2, "{again:?}");
    assert_eq!(again.earned_ms, 0, "{again:?}");
    assert_eq!(stored_progress(&trainee, document).await?.played_ms, 12_000);
    Ok(())
}

/// No reports, too many, or one report out of range: 422, nothing stored.
async fn batches_out_of_bounds_are_refused_whole(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let video = course.video;
    let trainee = went_offline(&app, course.id.0, video, 60).await?;
    let now = Utc::now();
    let too_many: Vec<OfflineReport> = (0..=MAX_OFFLINE_REPORTS)
        .map(|_| offline(video, ago(now, 30), played(0, 5)))
        .collect();
    let mut out_of_range = vec![offline(video, ago(now, 30), played(0, 5))];
    out_of_range.push(offline(
        video,
        ago(now, 20),
        ProgressReport {
            visible_ms: u64::MAX,
            ..ProgressReport::default()
        },
    ));
    for reports in [Vec::new(), too_many, out_of_range] {
        let response = trainee.post(OFFLINE, &OfflineProgress { reports }).await?;
        expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        )
        .await?;
    }
    assert_eq!(stored_progress(&trainee, video).await?.played_ms, 0);
    Ok(())
}

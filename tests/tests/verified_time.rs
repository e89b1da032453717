//! Verified study time is per person: a script sending reports back to back,
//! across several lessons, or after waiting idle, earns no more than the
//! wall-clock time that really passed plus a bounded slack; and the credit
//! ledger cannot book one thing twice, on both databases.

use std::time::Instant;

use chrono::Utc;
use cultivator_server::db::credit_entries;
use cultivator_server::domain::learning::study_clock::{CAPACITY_MS, SLACK_MS};
use cultivator_shared::api::learning::{CreditLedger, LessonProgressView};
use cultivator_shared::{ApiErrorBody, CreditHours, ErrorCode, PublishState};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{
    at_position, enrolled_trainee, let_time_pass, played, small_course, stored_progress,
};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    back_to_back_reports_across_lessons_earn_only_the_time_that_passed,
    waiting_idle_buys_at_most_one_report_interval,
    the_ledger_refuses_to_book_one_thing_twice,
);

/// The 0.6-second completion script: open two videos, then claim the next
/// 3 s of each in turn, 200 times, as fast as the server answers.
async fn back_to_back_reports_across_lessons_earn_only_the_time_that_passed(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let alice = enrolled_trainee(&app, course.id.0).await?;
    let lessons = [course.video, course.optional_video];
    let started = Instant::now();
    for lesson in lessons {
        alice
            .post(
                &format!("/api/v1/lessons/{lesson}/progress"),
                &at_position(0),
            )
            .await?;
    }
    let mut accepted = 0;
    for n in 0..200u64 {
        let lesson = lessons[usize::from(n % 2 == 1)];
        let from = (n / 2) * 3;
        let response = alice
            .post(
                &format!("/api/v1/lessons/{lesson}/progress"),
                &played(from, from + 3),
            )
            .await?;
        if response.status() == StatusCode::OK {
            accepted += 1;
        } else {
            // Too fast, or (the script runs on) past the end of the media.
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let body: ApiErrorBody = response.json().await?;
            assert!(
                matches!(
                    body.code,
                    ErrorCode::StudyTooFast | ErrorCode::ImplausibleProgress
                ),
                "{body:?}"
            );
        }
    }
    let elapsed_ms = u64::try_from(started.elapsed().as_millis())?;
    let mut earned = 0;
    for lesson in lessons {
        earned += stored_progress(&alice, lesson).await?.played_ms;
    }
    // Whole 3 s claims: what passed, plus the slack, rounded up to a claim.
    assert!(
        earned <= elapsed_ms + SLACK_MS + 3_000,
        "{earned} ms earned in {elapsed_ms} ms ({accepted} reports accepted)"
    );
    assert!(accepted < 200, "the script was refused along the way");
    let video = stored_progress(&alice, course.video).await?;
    if elapsed_ms + SLACK_MS < 18_000 {
        assert!(!video.completed, "{video:?} after {elapsed_ms} ms");
        let ledger: CreditLedger =
            expect_json(alice.get("/api/v1/me/credits").await?, StatusCode::OK).await?;
        assert!(ledger.entries.is_empty(), "{ledger:?}");
    }
    app.stop().await
}

async fn waiting_idle_buys_at_most_one_report_interval(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let alice = enrolled_trainee(&app, course.id.0).await?;
    let lesson = course.optional_video;
    alice
        .post(
            &format!("/api/v1/lessons/{lesson}/progress"),
            &at_position(0),
        )
        .await?;
    let_time_pass(&app.db, lesson, 600_000).await?;
    // Ten minutes idle, then a claim of a minute: refused whole.
    expect_error(
        alice
            .post(
                &format!("/api/v1/lessons/{lesson}/progress"),
                &played(0, 60),
            )
            .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::StudyTooFast,
    )
    .await?;
    assert_eq!(stored_progress(&alice, lesson).await?.played_ms, 0);
    // One report interval's worth is what waiting bought.
    let cap_s = CAPACITY_MS / 1_000;
    let ok: LessonProgressView = expect_json(
        alice
            .post(
                &format!("/api/v1/lessons/{lesson}/progress"),
                &played(0, cap_s),
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(ok.played_ms, CAPACITY_MS);
    // And nothing more without more time passing.
    expect_error(
        alice
            .post(
                &format!("/api/v1/lessons/{lesson}/progress"),
                &played(cap_s, cap_s + 3),
            )
            .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::StudyTooFast,
    )
    .await?;
    app.stop().await
}

async fn the_ledger_refuses_to_book_one_thing_twice(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let me = app.client()?.login_ok("13800000010", "demo2026").await?;
    let book = || {
        credit_entries::insert(
            &app.db,
            me.id,
            credit_entries::SOURCE_COURSE,
            4242,
            CreditHours(10),
            Utc::now(),
        )
    };
    book().await?;
    assert!(book().await.is_err(), "a second booking must be impossible");
    assert_eq!(credit_entries::total_tenths(&app.db, me.id).await?, 10);
    app.stop().await
}

//! Articles and documents need their reading time, paid from the trainee's
//! one study clock; tiny disjoint spans cannot bloat what is stored; and a
//! course's attention checks stop playback from earning until answered —
//! on both databases.

use cultivator_server::db::lesson_progress;
use cultivator_shared::api::learning::{
    AttentionAnswer, AttentionOutcome, AttentionResult, CreditLedger, LessonProgressView,
    PlayedSpan, ProgressReport,
};
use cultivator_shared::{ErrorCode, LessonId, PublishState, UserId};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{
    at_position, let_time_pass, played, read_through, report, report_ok, small_course,
};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

on_both_databases!(
    reading_lessons_need_their_time_paid_from_the_one_clock,
    tiny_disjoint_spans_are_neither_counted_nor_stored,
    attention_checks_stop_earning_until_answered,
);

async fn enrolled_trainee(app: &TestApp, course: i64) -> anyhow::Result<(ApiClient, UserId)> {
    let client = app.client()?;
    let me = client.login_ok("13800000010", "demo2026").await?;
    let response = client
        .post(
            &format!("/api/v1/courses/{course}/enroll"),
            &serde_json::json!({}),
        )
        .await?;
    assert!(response.status().is_success(), "{}", response.status());
    Ok((client, me.id))
}

fn reading(visible_ms: u64, at_end: bool) -> ProgressReport {
    ProgressReport {
        visible_ms,
        read_to_end: at_end,
        ..ProgressReport::default()
    }
}

async fn reading_lessons_need_their_time_paid_from_the_one_clock(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let (alice, _) = enrolled_trainee(&app, course.id.0).await?;

    // The script that used to finish an article and a document in one report
    // each: the end at once, the document opened.
    let skimmed = report_ok(&alice, course.article, &reading(0, true)).await?;
    assert!(!skimmed.completed, "{skimmed:?}");
    assert_eq!(skimmed.required_ms, Some(10_000));
    let opened = report_ok(&alice, course.document, &ProgressReport::default()).await?;
    assert!(!opened.completed, "{opened:?}");
    assert_eq!(opened.required_ms, Some(30_000));
    // Claiming a minute of reading that did not happen is refused whole.
    expect_error(
        report(&alice, course.document, &reading(60_000, false)).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::StudyTooFast,
    )
    .await?;
    // The same 10 s cannot be spent on a video and on reading.
    report_ok(&alice, course.video, &at_position(0)).await?;
    let_time_pass(&app.db, course.video, 10_000).await?;
    report_ok(&alice, course.video, &played(0, 10)).await?;
    expect_error(
        report(&alice, course.article, &reading(10_000, true)).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::StudyTooFast,
    )
    .await?;
    let ledger: CreditLedger =
        expect_json(alice.get("/api/v1/me/credits").await?, StatusCode::OK).await?;
    assert!(ledger.entries.is_empty());

    // Read honestly, both complete; the end flag was kept from the start.
    let article = read_through(&app.db, &alice, course.article).await?;
    assert!(
        article.completed && article.played_ms >= 10_000,
        "{article:?}"
    );
    let document = read_through(&app.db, &alice, course.document).await?;
    assert!(
        document.completed && document.played_ms == 30_000,
        "{document:?}"
    );
    // Reading on earns and costs nothing.
    let again = report_ok(&alice, course.document, &reading(5_000, false)).await?;
    assert_eq!(again.earned_ms, 0);
    app.stop().await
}

async fn stored_pairs(
    db: &DatabaseConnection,
    user: UserId,
    lesson: LessonId,
) -> anyhow::Result<usize> {
    let row = lesson_progress::find(db, user, lesson.0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no progress row"))?;
    Ok(serde_json::from_str::<Vec<(u64, u64)>>(&row.played)?.len())
}

async fn tiny_disjoint_spans_are_neither_counted_nor_stored(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let (alice, me) = enrolled_trainee(&app, course.id.0).await?;
    let lesson = course.optional_video;
    report_ok(&alice, lesson, &at_position(0)).await?;
    for n in 0..300u64 {
        let from = n * 190;
        let tiny = ProgressReport {
            played: Some(PlayedSpan {
                from_ms: from,
                to_ms: from + 50,
            }),
            position_ms: from + 50,
            ..ProgressReport::default()
        };
        let view = report_ok(&alice, lesson, &tiny).await?;
        assert_eq!(view.earned_ms, 0, "span {n}");
    }
    assert_eq!(stored_pairs(&app.db, me, lesson).await?, 0);
    // Real playback still counts afterwards.
    let_time_pass(&app.db, lesson, 10_000).await?;
    let view = report_ok(&alice, lesson, &played(0, 10)).await?;
    assert_eq!(view.played_ms, 10_000);
    assert_eq!(stored_pairs(&app.db, me, lesson).await?, 1);
    app.stop().await
}

async fn exec(db: &DatabaseConnection, sql: String) -> anyhow::Result<()> {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    Ok(())
}

async fn answer(
    client: &ApiClient,
    lesson: LessonId,
    code: u8,
) -> anyhow::Result<reqwest::Response> {
    client
        .post(
            &format!("/api/v1/lessons/{lesson}/attention"),
            &AttentionAnswer { code },
        )
        .await
}

async fn attention_checks_stop_earning_until_answered(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    exec(
        &app.db,
        format!(
            "UPDATE courses SET attention_every_minutes = 1 WHERE id = {}",
            course.id
        ),
    )
    .await?;
    let (alice, _) = enrolled_trainee(&app, course.id.0).await?;
    let lesson = course.optional_video;
    let opened = report_ok(&alice, lesson, &at_position(0)).await?;
    assert_eq!(opened.attention, None, "nothing is asked before playback");
    // Nothing waits yet: an answer is a conflict, not a pass.
    expect_error(
        answer(&alice, lesson, 42).await?,
        StatusCode::CONFLICT,
        ErrorCode::NoAttentionCheck,
    )
    .await?;
    // The server drew where the check falls (30–90 s of playback); this
    // test moves it to 10 s so that a 60 s video surely meets it.
    exec(
        &app.db,
        format!("UPDATE lesson_progress SET attention_next_ms = 10000 WHERE lesson_id = {lesson}"),
    )
    .await?;
    let_time_pass(&app.db, lesson, 10_000).await?;
    let asked = report_ok(&alice, lesson, &played(0, 10)).await?;
    assert_eq!(asked.earned_ms, 10_000);
    let prompt = asked
        .attention
        .ok_or_else(|| anyhow::anyhow!("a check is due: {asked:?}"))?;
    assert!(prompt.choices.contains(&prompt.code));
    // While it waits, playback earns nothing and spends nothing.
    let_time_pass(&app.db, lesson, 10_000).await?;
    let blocked = report_ok(&alice, lesson, &played(10, 20)).await?;
    assert_eq!((blocked.earned_ms, blocked.played_ms), (0, 10_000));
    assert_eq!(blocked.attention, Some(prompt));
    let resumed: LessonProgressView = expect_json(
        alice
            .get(&format!("/api/v1/lessons/{lesson}/progress"))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        resumed.attention,
        Some(prompt),
        "a reloaded page asks again"
    );
    // A wrong number brings a new check.
    let wrong = prompt
        .choices
        .into_iter()
        .find(|c| *c != prompt.code)
        .unwrap_or(0);
    let outcome: AttentionOutcome =
        expect_json(answer(&alice, lesson, wrong).await?, StatusCode::OK).await?;
    assert_eq!(outcome.result, AttentionResult::Wrong);
    let renewed = outcome
        .next
        .ok_or_else(|| anyhow::anyhow!("a new check replaces it"))?;
    // Late: more than a minute after it was issued.
    exec(
        &app.db,
        format!(
            "UPDATE lesson_progress SET attention_issued_ms = attention_issued_ms - 61000 \
             WHERE lesson_id = {lesson}"
        ),
    )
    .await?;
    let late: AttentionOutcome =
        expect_json(answer(&alice, lesson, renewed.code).await?, StatusCode::OK).await?;
    assert_eq!(late.result, AttentionResult::Expired);
    let fresh = late
        .next
        .ok_or_else(|| anyhow::anyhow!("a missed check is replaced"))?;
    // Right and in time: playback earns again.
    let passed: AttentionOutcome =
        expect_json(answer(&alice, lesson, fresh.code).await?, StatusCode::OK).await?;
    assert_eq!(
        (passed.result, passed.next),
        (AttentionResult::Passed, None)
    );
    let earning = report_ok(&alice, lesson, &played(10, 20)).await?;
    assert_eq!((earning.earned_ms, earning.attention), (10_000, None));
    app.stop().await
}

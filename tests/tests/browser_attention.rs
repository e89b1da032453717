//! An attention check in a real browser, on a 360 px phone, in Chinese: a
//! course asks for checks; while the trainee plays its video, the server
//! issues one, the player pauses and shows a number to tap; tapping it
//! resumes playback, which then completes the lesson.

use std::time::Duration;

use cultivator_server::db::lesson_progress;
use cultivator_shared::CreditHours;
use cultivator_shared::api::authoring::{
    CourseDraft, Created, LessonDraft, LessonKind, ModuleDraft,
};
use cultivator_shared::api::learning::CourseEnrollmentView;
use cultivator_tests::ApiClient;
use cultivator_tests::browser::{Browser, PATIENCE, demo_app_with_media};
use cultivator_tests::client::expect_json;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";

async fn created(
    client: &ApiClient,
    path: &str,
    body: &impl serde::Serialize,
) -> anyhow::Result<i64> {
    let made: Created = expect_json(client.post(path, body).await?, StatusCode::CREATED).await?;
    Ok(made.id)
}

/// A published course with checks every minute and one 4 s video; returns
/// (course, video).
async fn publish_course(instructor: &ApiClient) -> anyhow::Result<(i64, i64)> {
    let course = created(
        instructor,
        "/api/v1/courses",
        &CourseDraft {
            title: "防挂机课程".into(),
            summary: "学习确认。".into(),
            category: "测试".into(),
            credit_hours: CreditHours(10),
            completion_threshold_pct: 90,
            attention_every_minutes: Some(1),
        },
    )
    .await?;
    let module = created(
        instructor,
        &format!("/api/v1/courses/{course}/modules"),
        &ModuleDraft {
            title: "第一章".into(),
        },
    )
    .await?;
    let video = created(
        instructor,
        &format!("/api/v1/modules/{module}/lessons"),
        &LessonDraft {
            title: "视频".into(),
            kind: LessonKind::Video,
            required: true,
            duration_secs: Some(4),
            body_markdown: None,
        },
    )
    .await?;
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tiny.webm");
    let upload = instructor
        .request(Method::PUT, &format!("/api/v1/lessons/{video}/media"))
        .header("content-type", "video/webm")
        .body(std::fs::read(fixture)?)
        .send()
        .await?;
    assert_eq!(upload.status(), StatusCode::NO_CONTENT);
    let published = instructor
        .post(&format!("/api/v1/courses/{course}/publish"), &())
        .await?;
    assert_eq!(published.status(), StatusCode::NO_CONTENT);
    Ok((course, video))
}

const CURRENT_TIME: &str = "const v = document.querySelector(\"[data-test='lesson-video']\"); return v ? v.currentTime : 0;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_player_pauses_for_an_attention_check_and_resumes_once_answered() -> anyhow::Result<()>
{
    let (app, _media) = demo_app_with_media("attention").await?;
    let base = &app.base_url;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let (course, video) = publish_course(&instructor).await?;
    let trainee = app.client()?;
    let me = trainee.login_ok(TRAINEE, "demo2026").await?;
    let _: CourseEnrollmentView = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{course}/enroll"), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;

    let phone = Browser::launch_phone(360, 740).await?;
    phone.sign_in(base, TRAINEE).await?;
    phone
        .goto(&format!("{base}/courses/{course}/lessons/{video}"))
        .await?;
    // The player's opening report makes the progress row; the server drew
    // the check somewhere in 30–90 s of playback, and the test moves it to
    // the first second so that a 4 s video meets it.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while lesson_progress::find(&app.db, me.id, video)
        .await?
        .is_none()
    {
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "no opening report");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "UPDATE lesson_progress SET attention_next_ms = 1000 WHERE lesson_id = {video}"
            ),
        ))
        .await?;
    phone
        .wait_number(
            "const v = document.querySelector(\"[data-test='lesson-video']\"); return v ? v.readyState : 0;",
            1.0,
        )
        .await?;
    phone.play_muted("[data-test='lesson-video']").await?;
    phone.wait_number(CURRENT_TIME, 1.5).await?;
    // A pause reports the second and more played: the check is issued.
    phone
        .client
        .execute(
            "document.querySelector(\"[data-test='lesson-video']\").pause();",
            vec![],
        )
        .await?;
    phone.wait_css("[data-test='attention']").await?;
    let code = phone
        .wait_texts("[data-test='attention-code']", |t| t.len() == 1)
        .await?
        .remove(0);
    let status = phone
        .client
        .execute(
            "return document.querySelector(\"[data-test='lesson-status']\").innerText;",
            vec![],
        )
        .await?;
    assert!(
        !status.as_str().unwrap_or("").contains("本课已完成"),
        "not complete yet: {status:?}"
    );
    phone.button(code.trim()).await?.click().await?;
    // Answered: the check goes, playback resumes and completes the lesson.
    phone
        .wait_texts("[data-test='lesson-status']", |t| {
            t.len() == 1 && t[0].contains("本课已完成")
        })
        .await?;
    assert!(
        phone
            .client
            .find_all(fantoccini::Locator::Css("[data-test='attention']"))
            .await?
            .is_empty()
    );
    phone.close().await?;
    app.stop().await
}

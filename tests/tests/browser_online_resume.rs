//! More of the online track in real browsers, on a 360 px phone, in Chinese.
//! The course is built through the API (fast); then an instructor arranges
//! its modules and lessons with the move buttons and the new order survives
//! a reload, adds an audio-only rendition to the video, and attaches the
//! course to an online class; a trainee plays
//! part of the video, and on another device (a fresh browser) the player
//! starts where they stopped; in the online class, the trainee sees the
//! course with their progress and follows its link; a timed quiz counts
//! down on the screen and submits itself at zero.

use std::time::Duration;

use chrono::Utc;
use cultivator_shared::api::authoring::{
    CourseDraft, Created, LessonDraft, LessonKind, ModuleDraft,
};
use cultivator_shared::api::classes::{ClassDetail, CreateClassRequest};
use cultivator_shared::api::learning::{CourseEnrollmentView, LessonProgressView};
use cultivator_shared::api::quizzes::{NewQuestion, NewQuiz, QuestionKind, QuizScoring, QuizView};
use cultivator_shared::{CreditHours, EnrollmentMode, LessonId, Track};
use cultivator_tests::browser::{Browser, PATIENCE, demo_app_with_media};
use cultivator_tests::classes::{create_class, demo_programme};
use cultivator_tests::client::expect_json;
use cultivator_tests::{ApiClient, TestApp};
use fantoccini::Locator;
use reqwest::{Method, StatusCode};

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";
const COURSE: &str = "水稻病虫害绿色防控";
const VIDEO: &str = "稻瘟病的识别";

async fn created(
    client: &ApiClient,
    path: &str,
    body: &impl serde::Serialize,
) -> anyhow::Result<i64> {
    let made: Created = expect_json(client.post(path, body).await?, StatusCode::CREATED).await?;
    Ok(made.id)
}

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tiny.webm")
}

/// Adds a module to the course; returns its id.
async fn add_module(instructor: &ApiClient, course: i64, title: &str) -> anyhow::Result<i64> {
    let draft = ModuleDraft {
        title: title.into(),
    };
    created(
        instructor,
        &format!("/api/v1/courses/{course}/modules"),
        &draft,
    )
    .await
}

/// Adds a required lesson to the module (a video of 4 s, or an article);
/// returns its id.
async fn add_lesson(
    instructor: &ApiClient,
    module: i64,
    title: &str,
    kind: LessonKind,
) -> anyhow::Result<i64> {
    let draft = LessonDraft {
        title: title.into(),
        kind,
        required: true,
        duration_secs: (kind == LessonKind::Video).then_some(4),
        body_markdown: (kind == LessonKind::Article).then(|| format!("# {title}\n\n要点。")),
    };
    created(
        instructor,
        &format!("/api/v1/modules/{module}/lessons"),
        &draft,
    )
    .await
}

/// A published course of two modules: 第一章 (the 4 s video, then an
/// article) and 第二章 (an article), with an optional quiz of 4 seconds.
/// Returns the course, the video and the quiz.
async fn publish_course(instructor: &ApiClient) -> anyhow::Result<(i64, LessonId, i64)> {
    let course = created(
        instructor,
        "/api/v1/courses",
        &CourseDraft {
            title: COURSE.into(),
            summary: "识别稻瘟病、纹枯病和稻飞虱。".into(),
            category: "种植技术".into(),
            credit_hours: CreditHours(20),
            completion_threshold_pct: 90,
            attention_every_minutes: None,
        },
    )
    .await?;
    let first = add_module(instructor, course, "第一章").await?;
    let second = add_module(instructor, course, "第二章").await?;
    let video = add_lesson(instructor, first, VIDEO, LessonKind::Video).await?;
    add_lesson(instructor, first, "纹枯病", LessonKind::Article).await?;
    add_lesson(instructor, second, "稻飞虱", LessonKind::Article).await?;
    let upload = instructor
        .request(Method::PUT, &format!("/api/v1/lessons/{video}/media"))
        .header("content-type", "video/webm")
        .body(std::fs::read(fixture())?)
        .send()
        .await?;
    assert_eq!(upload.status(), StatusCode::NO_CONTENT);
    let question: i64 = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{course}/questions"),
                &NewQuestion {
                    kind: QuestionKind::TrueFalse,
                    prompt: "稻飞虱可以用杀虫灯诱杀。".into(),
                    options: vec!["对".into(), "错".into()],
                    correct: vec![0],
                    explanation: String::new(),
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    assert!(question > 0);
    let quiz: QuizView = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{course}/quizzes"),
                &NewQuiz {
                    title: "快问快答".into(),
                    question_count: 1,
                    shuffle: false,
                    pass_pct: 60,
                    max_attempts: None,
                    time_limit_secs: Some(4),
                    required: false,
                    scoring: QuizScoring::Best,
                    show_answers: None,
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let published = instructor
        .post(&format!("/api/v1/courses/{course}/publish"), &())
        .await?;
    assert_eq!(published.status(), StatusCode::NO_CONTENT);
    Ok((course, LessonId(video), quiz.id))
}

async fn online_class(app: &TestApp, instructor: &ApiClient) -> anyhow::Result<ClassDetail> {
    let today = Utc::now().date_naive();
    let request = CreateClassRequest {
        title: "四川省线上研修班".into(),
        track: Track::Online,
        programme_id: demo_programme(&app.db).await?,
        stage_id: None,
        region_code: "51".into(),
        starts_on: today,
        ends_on: today + chrono::Duration::days(30),
        seat_limit: 100,
        enrollment_mode: EnrollmentMode::Open,
        venue: None,
        attendance_threshold_pct: None,
        planned_sessions: None,
    };
    create_class(instructor, &request).await
}

/// Waits until the lesson's `<video>` has its metadata.
async fn video_ready(browser: &Browser) -> anyhow::Result<()> {
    browser
        .wait_number(
            "const v = document.querySelector(\"[data-test='lesson-video']\"); return v ? v.readyState : 0;",
            1.0,
        )
        .await?;
    Ok(())
}

/// 1 when the player plays the audio rendition.
const AUDIO_CHOSEN: &str = "const v = document.querySelector(\"[data-test='lesson-video']\");
     return v && v.currentSrc.endsWith('/media/audio') ? 1 : 0;";

const CURRENT_TIME: &str = "const v = document.querySelector(\"[data-test='lesson-video']\"); return v ? v.currentTime : 0;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_resumes_on_another_device_the_order_persists_and_a_class_shows_its_course()
-> anyhow::Result<()> {
    let (app, _media) = demo_app_with_media("resume").await?;
    let base = &app.base_url;
    let instructor_api = app.signed_in(INSTRUCTOR).await?;
    let (course, video, quiz) = publish_course(&instructor_api).await?;
    let class = online_class(&app, &instructor_api).await?;
    let class_id = class.class.id;

    // The instructor, on a phone: 第二章 first, and in 第一章 the article
    // before the video; saved in one go, still so after a reload.
    let instructor = Browser::launch_phone(360, 740).await?;
    instructor.sign_in(base, INSTRUCTOR).await?;
    let editor = format!("{base}/teach/courses/{course}");
    instructor.goto(&editor).await?;
    instructor
        .click("[data-test='course-order'] summary")
        .await?;
    instructor
        .click("[data-test='order-module']:first-child > .order-row [data-test='move-down']")
        .await?;
    instructor
        .click(
            "[data-test='order-module']:nth-child(2) [data-test='order-lesson']:first-child [data-test='move-down']",
        )
        .await?;
    instructor.click("[data-test='save-order']").await?;
    instructor.wait_css("[data-test='order-saved']").await?;
    instructor.goto(&editor).await?;
    instructor
        .wait_texts("[data-test='module'] h3", |t| t == ["第二章", "第一章"])
        .await?;
    let lessons = instructor.texts("[data-test='authored-lesson']").await?;
    let order: Vec<&str> = lessons
        .iter()
        .map(|l| l.split(" · ").next().unwrap_or_default())
        .collect();
    assert_eq!(order, ["稻飞虱", "纹枯病", VIDEO], "after a reload");

    // The video gets its audio-only rendition (the same WebM clip will do:
    // it is uploaded as WebM audio, and the player plays its sound).
    instructor.click("details.audio-upload summary").await?;
    instructor
        .wait_css("[data-test='upload-audio']")
        .await?
        .send_keys(&fixture().display().to_string())
        .await?;
    instructor
        .wait_texts("[data-test='authored-lesson']", |t| {
            t.iter()
                .any(|l| l.starts_with(VIDEO) && l.contains("含音频版"))
        })
        .await?;

    // …and makes the course the online class's.
    instructor
        .goto(&format!("{base}/teach/classes/{class_id}"))
        .await?;
    instructor
        .click(&format!("[data-test='class-course-{course}']"))
        .await?;
    instructor.click("[data-test='save-class-courses']").await?;
    instructor
        .wait_css("[data-test='class-courses-saved']")
        .await?;
    instructor.close().await?;

    // The trainee plays the first 2 s or so, then pauses and leaves.
    let trainee_api = app.signed_in(TRAINEE).await?;
    let _: CourseEnrollmentView = expect_json(
        trainee_api
            .post(&format!("/api/v1/courses/{course}/enroll"), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let lesson_page = format!("{base}/courses/{course}/lessons/{video}");
    let phone = Browser::launch_phone(360, 740).await?;
    phone.sign_in(base, TRAINEE).await?;
    phone.goto(&lesson_page).await?;
    video_ready(&phone).await?;
    phone.play_muted("[data-test='lesson-video']").await?;
    phone.wait_number(CURRENT_TIME, 2.0).await?;
    phone
        .client
        .execute(
            "document.querySelector(\"[data-test='lesson-video']\").pause(); return true;",
            vec![],
        )
        .await?;
    // The pause reports what was played; the server keeps the position.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let saved = loop {
        let stored: LessonProgressView = expect_json(
            trainee_api
                .get(&format!("/api/v1/lessons/{video}/progress"))
                .await?,
            StatusCode::OK,
        )
        .await?;
        if stored.position_ms >= 2_000 {
            break stored;
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the position was never saved: {stored:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(saved.played_ms >= 1_500, "verified watch time: {saved:?}");
    phone.close().await?;

    // Another device: the player starts where the trainee stopped.
    let other = Browser::launch_phone(360, 740).await?;
    other.sign_in(base, TRAINEE).await?;
    other.goto(&lesson_page).await?;
    video_ready(&other).await?;
    let at = other.wait_number(CURRENT_TIME, 1.9).await?;
    let expected = saved.position_ms as f64 / 1000.0;
    assert!(
        (at - expected).abs() < 0.5,
        "resumed at {at} s, saved at {expected} s"
    );
    let paused = other
        .client
        .execute(
            "return document.querySelector(\"[data-test='lesson-video']\").paused;",
            vec![],
        )
        .await?;
    assert_eq!(
        paused.as_bool(),
        Some(true),
        "resuming does not start playback"
    );

    // The trainee switches to listening: the rendition resumes at the same
    // place, what is played counts just the same and completes the lesson,
    // and the choice is remembered on this device.
    other.click("[data-test='listen-audio']").await?;
    other.wait_number(AUDIO_CHOSEN, 1.0).await?;
    video_ready(&other).await?;
    other.wait_number(CURRENT_TIME, 1.9).await?;
    other.play_muted("[data-test='lesson-video']").await?;
    other
        .wait_texts("[data-test='lesson-status']", |t| {
            t.len() == 1 && t[0].contains("本课已完成")
        })
        .await?;
    other.goto(&lesson_page).await?;
    video_ready(&other).await?;
    other.wait_number(AUDIO_CHOSEN, 1.0).await?;

    // The online class: the trainee joins it and finds the course in it.
    other.goto(&format!("{base}/classes/{class_id}")).await?;
    other.click("[data-test='apply']").await?;
    other.wait_css("[data-test='withdraw']").await?;
    let listed = other
        .wait_texts("[data-test='class-course']", |t| {
            t.len() == 1 && t[0].contains(COURSE)
        })
        .await?;
    // The video lesson is done; the two articles are not.
    assert!(listed[0].contains("已完成 33%"), "progress: {listed:?}");
    other
        .client
        .find(Locator::LinkText(COURSE))
        .await?
        .click()
        .await?;
    other.wait_path(&format!("/courses/{course}")).await?;

    // A 4-second quiz: the countdown runs, and at zero the (empty) answers
    // go in by themselves; the result says so.
    other
        .goto(&format!("{base}/courses/{course}/quizzes/{quiz}"))
        .await?;
    other.click("[data-test='start-attempt']").await?;
    other
        .wait_texts("[data-test='countdown']", |t| {
            t.len() == 1 && (t[0].contains("00:04") || t[0].contains("00:03"))
        })
        .await?;
    other.wait_css("[data-test='time-up']").await?;
    let result = other
        .wait_texts("[data-test='quiz-score']", |t| t.len() == 1)
        .await?;
    assert!(result[0].contains("未通过"), "result: {result:?}");
    other.close().await?;
    app.stop().await
}

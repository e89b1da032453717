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
use cultivator_server::AppConfig;
use cultivator_shared::api::authoring::{
    CourseDraft, Created, LessonDraft, LessonKind, ModuleDraft,
};
use cultivator_shared::api::classes::{ClassDetail, CreateClassRequest};
use cultivator_shared::api::learning::{CourseEnrollmentView, LessonProgressView};
use cultivator_shared::api::quizzes::{NewQuestion, NewQuiz, QuestionKind, QuizScoring, QuizView};
use cultivator_shared::{CreditHours, EnrollmentMode, LessonId, Track};
use cultivator_tests::browser::{Browser, PATIENCE};
use cultivator_tests::classes::{create_class, demo_programme};
use cultivator_tests::client::expect_json;
use cultivator_tests::{ApiClient, Backend, TestApp};
use fantoccini::Locator;
use reqwest::{Method, StatusCode};

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";
const COURSE: &str = "水稻病虫害绿色防控";
const VIDEO: &str = "稻瘟病的识别";

/// Scrolls the element to the middle of the screen (clear of the sticky
/// header), then clicks it.
async fn click(browser: &Browser, css: &str) -> anyhow::Result<()> {
    let element = browser.wait_css(css).await?;
    browser
        .client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    element.click().await?;
    Ok(())
}

/// Waits until the script returns a number of at least `at_least`; returns it.
async fn wait_number(browser: &Browser, script: &str, at_least: f64) -> anyhow::Result<f64> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let value = browser.client.execute(script, vec![]).await?.as_f64();
        if let Some(value) = value.filter(|v| *v >= at_least) {
            return Ok(value);
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "{script} gave {value:?}, never {at_least} or more"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The texts of all elements matching `css`, in page order.
async fn texts(browser: &Browser, css: &str) -> anyhow::Result<Vec<String>> {
    let mut all = Vec::new();
    for element in browser.client.find_all(Locator::Css(css)).await? {
        all.push(element.text().await?);
    }
    Ok(all)
}

/// Waits until the texts of the elements matching `css` satisfy `check`.
async fn wait_texts(
    browser: &Browser,
    css: &str,
    check: impl Fn(&[String]) -> bool,
) -> anyhow::Result<Vec<String>> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let found = texts(browser, css).await?;
        if check(&found) {
            return Ok(found);
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "{css} shows {found:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

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

fn lesson(title: &str, kind: LessonKind) -> LessonDraft {
    LessonDraft {
        title: title.into(),
        kind,
        required: true,
        duration_secs: (kind == LessonKind::Video).then_some(4),
        body_markdown: (kind == LessonKind::Article).then(|| format!("# {title}\n\n要点。")),
    }
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
        },
    )
    .await?;
    let modules = format!("/api/v1/courses/{course}/modules");
    let first = created(
        instructor,
        &modules,
        &ModuleDraft {
            title: "第一章".into(),
        },
    )
    .await?;
    let second = created(
        instructor,
        &modules,
        &ModuleDraft {
            title: "第二章".into(),
        },
    )
    .await?;
    let video = created(
        instructor,
        &format!("/api/v1/modules/{first}/lessons"),
        &lesson(VIDEO, LessonKind::Video),
    )
    .await?;
    created(
        instructor,
        &format!("/api/v1/modules/{first}/lessons"),
        &lesson("纹枯病", LessonKind::Article),
    )
    .await?;
    created(
        instructor,
        &format!("/api/v1/modules/{second}/lessons"),
        &lesson("稻飞虱", LessonKind::Article),
    )
    .await?;
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
    };
    create_class(instructor, &request).await
}

/// Waits until the lesson's `<video>` has its metadata.
async fn video_ready(browser: &Browser) -> anyhow::Result<()> {
    wait_number(
        browser,
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
    let media = std::env::temp_dir().join(format!(
        "cultivator-browser-resume-media-{}",
        std::process::id()
    ));
    let config = AppConfig {
        media_dir: media.clone(),
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, config)
        .await?
        .with_demo()
        .await?;
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
    click(&instructor, "[data-test='course-order'] summary").await?;
    click(
        &instructor,
        "[data-test='order-module']:first-child > .order-row [data-test='move-down']",
    )
    .await?;
    click(
        &instructor,
        "[data-test='order-module']:nth-child(2) [data-test='order-lesson']:first-child [data-test='move-down']",
    )
    .await?;
    click(&instructor, "[data-test='save-order']").await?;
    instructor.wait_css("[data-test='order-saved']").await?;
    instructor.goto(&editor).await?;
    wait_texts(&instructor, "[data-test='module'] h3", |t| {
        t == ["第二章", "第一章"]
    })
    .await?;
    let lessons = texts(&instructor, "[data-test='authored-lesson']").await?;
    let order: Vec<&str> = lessons
        .iter()
        .map(|l| l.split(" · ").next().unwrap_or_default())
        .collect();
    assert_eq!(order, ["稻飞虱", "纹枯病", VIDEO], "after a reload");

    // The video gets its audio-only rendition (the same clip will do: the
    // browser reads the container, whatever the type says).
    click(&instructor, "details.audio-upload summary").await?;
    instructor
        .wait_css("[data-test='upload-audio']")
        .await?
        .send_keys(&fixture().display().to_string())
        .await?;
    wait_texts(&instructor, "[data-test='authored-lesson']", |t| {
        t.iter()
            .any(|l| l.starts_with(VIDEO) && l.contains("含音频版"))
    })
    .await?;

    // …and makes the course the online class's.
    instructor
        .goto(&format!("{base}/teach/classes/{class_id}"))
        .await?;
    click(&instructor, &format!("[data-test='class-course-{course}']")).await?;
    click(&instructor, "[data-test='save-class-courses']").await?;
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
    phone
        .client
        .execute(
            "const v = document.querySelector(\"[data-test='lesson-video']\");
             v.muted = true; v.play(); return true;",
            vec![],
        )
        .await?;
    wait_number(&phone, CURRENT_TIME, 2.0).await?;
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
    let at = wait_number(&other, CURRENT_TIME, 1.9).await?;
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
    click(&other, "[data-test='listen-audio']").await?;
    wait_number(&other, AUDIO_CHOSEN, 1.0).await?;
    video_ready(&other).await?;
    wait_number(&other, CURRENT_TIME, 1.9).await?;
    other
        .client
        .execute(
            "const v = document.querySelector(\"[data-test='lesson-video']\");
             v.muted = true; v.play(); return true;",
            vec![],
        )
        .await?;
    wait_texts(&other, "[data-test='lesson-status']", |t| {
        t.len() == 1 && t[0].contains("本课已完成")
    })
    .await?;
    other.goto(&lesson_page).await?;
    video_ready(&other).await?;
    wait_number(&other, AUDIO_CHOSEN, 1.0).await?;

    // The online class: the trainee joins it and finds the course in it.
    other.goto(&format!("{base}/classes/{class_id}")).await?;
    click(&other, "[data-test='apply']").await?;
    other.wait_css("[data-test='withdraw']").await?;
    let listed = wait_texts(&other, "[data-test='class-course']", |t| {
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
    click(&other, "[data-test='start-attempt']").await?;
    wait_texts(&other, "[data-test='countdown']", |t| {
        t.len() == 1 && (t[0].contains("00:04") || t[0].contains("00:03"))
    })
    .await?;
    other.wait_css("[data-test='time-up']").await?;
    let result = wait_texts(&other, "[data-test='quiz-score']", |t| t.len() == 1).await?;
    assert!(result[0].contains("未通过"), "result: {result:?}");
    other.close().await?;
    app.stop().await?;
    let _ = std::fs::remove_dir_all(media);
    Ok(())
}

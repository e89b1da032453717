//! Instructors author courses through the API: drafts stay private until
//! published, article Markdown is sanitised, and editing a published course
//! keeps trainees' progress — on both databases.

use cultivator_shared::api::authoring::{
    CourseDraft, CourseOutline, Created, LessonDraft, LessonKind, ModuleDraft,
};
use cultivator_shared::api::learning::LessonProgressView;
use cultivator_shared::{CreditHours, ErrorCode, LessonId, PublishState};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::read_through;
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};

on_both_databases!(
    an_instructor_builds_and_publishes_a_course,
    editing_a_published_course_keeps_progress,
    media_uploads_are_checked_and_stream_with_ranges,
);

fn draft(title: &str) -> CourseDraft {
    CourseDraft {
        title: title.into(),
        summary: "简介".into(),
        category: "种植技术".into(),
        credit_hours: CreditHours(20),
        completion_threshold_pct: 80,
        attention_every_minutes: None,
    }
}

fn lesson(title: &str, kind: LessonKind) -> LessonDraft {
    LessonDraft {
        title: title.into(),
        kind,
        required: true,
        duration_secs: (kind == LessonKind::Video).then_some(30),
        body_markdown: (kind == LessonKind::Article)
            .then(|| "## 要点\n\n<script>alert('x')</script>\n\n**施肥**要适量".into()),
    }
}

async fn an_instructor_builds_and_publishes_a_course(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.client()?;
    instructor.login_ok("13800000005", "demo2026").await?;
    let trainee = app.client()?;
    trainee.login_ok("13800000010", "demo2026").await?;

    expect_error(
        trainee.post("/api/v1/courses", &draft("柑橘种植")).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let course: Created = expect_json(
        instructor
            .post("/api/v1/courses", &draft("柑橘种植"))
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let module: Created = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{}/modules", course.id),
                &ModuleDraft {
                    title: "第一章".into(),
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let lessons_url = format!("/api/v1/modules/{}/lessons", module.id);
    for kind in [LessonKind::Video, LessonKind::Article, LessonKind::Document] {
        let _: Created = expect_json(
            instructor
                .post(&lessons_url, &lesson(kind.as_str(), kind))
                .await?,
            StatusCode::CREATED,
        )
        .await?;
    }
    let no_length = LessonDraft {
        duration_secs: None,
        ..lesson("无时长", LessonKind::Video)
    };
    let invalid = expect_error(
        instructor.post(&lessons_url, &no_length).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    assert_eq!(invalid.fields[0].field, "duration_secs");

    let outline_url = format!("/api/v1/courses/{}", course.id);
    expect_error(
        trainee.get(&outline_url).await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    let response = instructor
        .post(&format!("/api/v1/courses/{}/publish", course.id), &())
        .await?;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let outline: CourseOutline =
        expect_json(trainee.get(&outline_url).await?, StatusCode::OK).await?;
    assert_eq!(outline.state, PublishState::Published);
    assert_eq!(outline.completion_threshold_pct, 80);
    let kinds: Vec<LessonKind> = outline.modules[0].lessons.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        [LessonKind::Video, LessonKind::Article, LessonKind::Document]
    );
    let html = outline.modules[0].lessons[1]
        .html
        .clone()
        .unwrap_or_default();
    assert!(
        html.contains("<strong>施肥</strong>") && !html.contains("script"),
        "{html}"
    );
    app.stop().await
}

async fn editing_a_published_course_keeps_progress(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.client()?;
    instructor.login_ok("13800000005", "demo2026").await?;
    let course: Created = expect_json(
        instructor
            .post("/api/v1/courses", &draft("果树修剪"))
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let module: Created = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{}/modules", course.id),
                &ModuleDraft {
                    title: "第一章".into(),
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let lessons_url = format!("/api/v1/modules/{}/lessons", module.id);
    let document: Created = expect_json(
        instructor
            .post(&lessons_url, &lesson("讲义", LessonKind::Document))
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    instructor
        .post(&format!("/api/v1/courses/{}/publish", course.id), &())
        .await?;
    let trainee = app.client()?;
    trainee.login_ok("13800000010", "demo2026").await?;
    let _: serde_json::Value = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let progress_url = format!("/api/v1/lessons/{}/progress", document.id);
    let opened = read_through(&app.db, &trainee, LessonId(document.id)).await?;
    assert!(opened.completed && opened.course_completed);

    let edited = instructor
        .send_json(
            Method::PUT,
            &format!("/api/v1/courses/{}", course.id),
            &draft("果树修剪（第二版）"),
        )
        .await?;
    assert_eq!(edited.status(), StatusCode::NO_CONTENT);
    let _: Created = expect_json(
        instructor
            .post(&lessons_url, &lesson("补充讲义", LessonKind::Document))
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let kept: LessonProgressView =
        expect_json(trainee.get(&progress_url).await?, StatusCode::OK).await?;
    assert!(kept.completed, "progress survives editing");
    let outline: CourseOutline = expect_json(
        trainee
            .get(&format!("/api/v1/courses/{}", course.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(outline.title, "果树修剪（第二版）");
    assert_eq!(outline.modules[0].lessons.len(), 2);
    app.stop().await
}

async fn media_uploads_are_checked_and_stream_with_ranges(backend: Backend) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("cultivator-media-{}", rand_suffix()));
    let config = cultivator_server::AppConfig {
        media_dir: dir.clone(),
        media_max_bytes: 1024,
        ..Default::default()
    };
    let app = TestApp::spawn_with(backend, config)
        .await?
        .with_demo()
        .await?;
    let instructor = app.client()?;
    instructor.login_ok("13800000005", "demo2026").await?;
    let course: Created = expect_json(
        instructor.post("/api/v1/courses", &draft("媒体")).await?,
        StatusCode::CREATED,
    )
    .await?;
    let module: Created = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{}/modules", course.id),
                &ModuleDraft {
                    title: "一".into()
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let video: Created = expect_json(
        instructor
            .post(
                &format!("/api/v1/modules/{}/lessons", module.id),
                &lesson("视频", LessonKind::Video),
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let url = format!("/api/v1/lessons/{}/media", video.id);
    let upload = |content_type: &'static str, body: Vec<u8>| {
        instructor
            .request(Method::PUT, &url)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    expect_error(
        upload("application/pdf", vec![0; 10]).await?,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await?;
    expect_error(
        upload("video/mp4", vec![0; 2048]).await?,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await?;
    // Bytes that are not an MP4 are refused whatever the declared type.
    expect_error(
        upload("video/mp4", b"<script>alert(1)</script>".to_vec()).await?,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await?;
    // An MP4's signature ("ftyp" after the box size), then any bytes.
    let bytes: Vec<u8> = [0, 0, 0, 0x20]
        .into_iter()
        .chain(*b"ftyp")
        .chain(8..=255)
        .collect();
    assert_eq!(
        upload("video/mp4", bytes.clone()).await?.status(),
        StatusCode::NO_CONTENT
    );
    instructor
        .post(&format!("/api/v1/courses/{}/publish", course.id), &())
        .await?;

    let trainee = app.client()?;
    trainee.login_ok("13800000010", "demo2026").await?;
    expect_error(
        trainee.get(&url).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::NotEnrolled,
    )
    .await?;
    let _: serde_json::Value = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let part = trainee
        .request(Method::GET, &url)
        .header("range", "bytes=10-19")
        .send()
        .await?;
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("video/mp4")
    );
    assert_eq!(part.bytes().await?.to_vec(), bytes[10..20].to_vec());

    // Re-uploaded as a WebM, the lesson's MP4 is deleted from the disk:
    // only the file the lesson points at stays.
    let webm: Vec<u8> = [0x1A, 0x45, 0xDF, 0xA3]
        .into_iter()
        .chain(0..=200)
        .collect();
    assert_eq!(
        upload("video/webm", webm.clone()).await?.status(),
        StatusCode::NO_CONTENT
    );
    let mut stored: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    stored.sort();
    assert_eq!(stored, vec![format!("lesson-{}.webm", video.id)]);
    assert_eq!(trainee.get(&url).await?.bytes().await?.to_vec(), webm);
    app.stop().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

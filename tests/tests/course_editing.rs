//! Editing a published course without losing anyone's progress: reordering
//! modules and lessons (also across modules) and editing lessons; and the
//! audio-only rendition of a video lesson, uploaded as a stream with the
//! size limit enforced. On both databases.

use cultivator_shared::api::authoring::{
    CourseOrder, CourseOutline, Created, LessonDraft, LessonKind, ModuleDraft, ModuleOrder,
};
use cultivator_shared::api::learning::{CourseEnrollmentView, LessonProgressView};
use cultivator_shared::{ErrorCode, LessonId, ModuleId, PublishState};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{let_time_pass, played, small_course};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_databases!(
    reordering_and_editing_a_published_course_keeps_everyones_progress,
    a_video_lesson_gets_an_audio_rendition_streamed_with_ranges,
    an_upload_without_a_declared_length_is_cut_off_at_the_limit,
);

async fn outline(client: &ApiClient, course: i64) -> anyhow::Result<CourseOutline> {
    expect_json(
        client.get(&format!("/api/v1/courses/{course}")).await?,
        StatusCode::OK,
    )
    .await
}

fn ids(outline: &CourseOutline) -> Vec<(ModuleId, Vec<LessonId>)> {
    outline
        .modules
        .iter()
        .map(|m| (m.id, m.lessons.iter().map(|l| l.id).collect()))
        .collect()
}

fn order(modules: Vec<(ModuleId, Vec<LessonId>)>) -> CourseOrder {
    CourseOrder {
        modules: modules
            .into_iter()
            .map(|(id, lessons)| ModuleOrder { id, lessons })
            .collect(),
    }
}

async fn put(
    client: &ApiClient,
    path: &str,
    body: &impl serde::Serialize,
) -> anyhow::Result<reqwest::Response> {
    client.send_json(Method::PUT, path, body).await
}

async fn reordering_and_editing_a_published_course_keeps_everyones_progress(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let instructor = app.signed_in("13800000005").await?;
    let trainee = app.signed_in("13800000010").await?;
    let _: CourseEnrollmentView = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let video_progress = format!("/api/v1/lessons/{}/progress", course.video);
    let _: LessonProgressView = expect_json(
        trainee.post(&video_progress, &played(0, 2)).await?,
        StatusCode::OK,
    )
    .await?;
    let_time_pass(&app.db, course.video, 10_000).await?;
    let watched: LessonProgressView = expect_json(
        trainee.post(&video_progress, &played(2, 12)).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(watched.played_ms, 12_000);

    // A second module; then the video moves into it, first, and the
    // modules swap places.
    let second: Created = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{}/modules", course.id),
                &ModuleDraft {
                    title: "第二章".into(),
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let before = ids(&outline(&instructor, course.id.0).await?);
    let first = before[0].0;
    let new_order = vec![
        (ModuleId(second.id), vec![course.video]),
        (
            first,
            vec![course.document, course.optional_video, course.article],
        ),
    ];
    let path = format!("/api/v1/courses/{}/order", course.id);
    let done = put(&instructor, &path, &order(new_order.clone())).await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    assert_eq!(ids(&outline(&trainee, course.id.0).await?), new_order);

    // Orders that leave out, repeat or smuggle in a lesson change nothing.
    let other = small_course(&app.db, PublishState::Published).await?;
    for bad in [
        vec![
            (ModuleId(second.id), vec![course.video]),
            (first, vec![course.document]),
        ],
        vec![
            (ModuleId(second.id), vec![course.video, course.video]),
            (
                first,
                vec![course.document, course.optional_video, course.article],
            ),
        ],
        vec![
            (ModuleId(second.id), vec![course.video, other.video]),
            (
                first,
                vec![course.document, course.optional_video, course.article],
            ),
        ],
        vec![(
            first,
            vec![
                course.video,
                course.document,
                course.optional_video,
                course.article,
            ],
        )],
    ] {
        expect_error(
            put(&instructor, &path, &order(bad)).await?,
            StatusCode::CONFLICT,
            ErrorCode::Conflict,
        )
        .await?;
    }
    assert_eq!(ids(&outline(&trainee, course.id.0).await?), new_order);
    expect_error(
        put(&trainee, &path, &order(new_order.clone())).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;

    // Editing the watched lesson keeps what was watched; its kind is fixed.
    let lesson_path = format!("/api/v1/lessons/{}", course.video);
    let edit = LessonDraft {
        title: "第一讲（修订）".into(),
        kind: LessonKind::Video,
        required: true,
        duration_secs: Some(20),
        body_markdown: None,
    };
    assert_eq!(
        put(&instructor, &lesson_path, &edit).await?.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        put(
            &instructor,
            &lesson_path,
            &LessonDraft {
                kind: LessonKind::Document,
                duration_secs: None,
                ..edit.clone()
            },
        )
        .await?,
        StatusCode::CONFLICT,
        ErrorCode::Conflict,
    )
    .await?;
    let view = outline(&trainee, course.id.0).await?;
    assert_eq!(view.modules[0].lessons[0].title, "第一讲（修订）");
    let kept: LessonProgressView =
        expect_json(trainee.get(&video_progress).await?, StatusCode::OK).await?;
    assert_eq!(
        kept.played_ms, 12_000,
        "progress survives reordering and editing"
    );
    assert_eq!(kept.position_ms, 12_000);
    // And learning goes on from there.
    let_time_pass(&app.db, course.video, 10_000).await?;
    let more: LessonProgressView = expect_json(
        trainee.post(&video_progress, &played(12, 20)).await?,
        StatusCode::OK,
    )
    .await?;
    assert!(more.completed);
    app.stop().await
}

fn media_config(max: u64) -> (std::path::PathBuf, cultivator_server::AppConfig) {
    let dir = std::env::temp_dir().join(format!("cultivator-media-{}", rand::random::<u64>()));
    let config = cultivator_server::AppConfig {
        media_dir: dir.clone(),
        media_max_bytes: max,
        ..Default::default()
    };
    (dir, config)
}

async fn a_video_lesson_gets_an_audio_rendition_streamed_with_ranges(
    backend: Backend,
) -> anyhow::Result<()> {
    let (dir, config) = media_config(1024);
    let app = TestApp::spawn_with(backend, config)
        .await?
        .with_demo()
        .await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let instructor = app.signed_in("13800000005").await?;
    let audio = format!("/api/v1/lessons/{}/media/audio", course.video);
    let upload = |path: String, content_type: &'static str, body: Vec<u8>| {
        instructor
            .request(Method::PUT, &path)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let view = outline(&instructor, course.id.0).await?;
    assert!(!view.modules[0].lessons[0].has_audio);
    let refused = expect_error(
        upload(audio.clone(), "video/mp4", vec![0; 10]).await?,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await?;
    assert!(refused.message.contains("audio/mp4"), "{}", refused.message);
    expect_error(
        upload(
            format!("/api/v1/lessons/{}/media/audio", course.document),
            "audio/mp4",
            vec![0; 10],
        )
        .await?,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await?;
    let too_big = expect_error(
        upload(audio.clone(), "audio/mp4", vec![0; 2048]).await?,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await?;
    assert!(
        too_big.message.contains("1024 bytes"),
        "{}",
        too_big.message
    );
    // An M4A's signature ("ftyp" after the box size), then any bytes.
    let bytes: Vec<u8> = [0, 0, 0, 0x20]
        .into_iter()
        .chain(*b"ftyp")
        .chain((0..=247).rev())
        .collect();
    assert_eq!(
        upload(audio.clone(), "audio/mp4", bytes.clone())
            .await?
            .status(),
        StatusCode::NO_CONTENT
    );

    let trainee = app.signed_in("13800000010").await?;
    let view = outline(&trainee, course.id.0).await?;
    assert!(
        view.modules[0].lessons[0].has_audio,
        "the lesson tells the player"
    );
    assert!(!view.modules[0].lessons[1].has_audio);
    expect_error(
        trainee.get(&audio).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::NotEnrolled,
    )
    .await?;
    let _: CourseEnrollmentView = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let part = trainee
        .request(Method::GET, &audio)
        .header("range", "bytes=100-109")
        .send()
        .await?;
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("audio/mp4")
    );
    assert_eq!(part.bytes().await?.to_vec(), bytes[100..110].to_vec());
    app.stop().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

/// `total` bytes that start as an MP4 does ("ftyp" after the box size).
fn mp4_body(total: usize) -> Vec<u8> {
    let mut body = vec![7u8; total];
    let signature = [0, 0, 0, 0x20, b'f', b't', b'y', b'p'];
    let n = signature.len().min(total);
    body[..n].copy_from_slice(&signature[..n]);
    body
}

/// Sends a chunked PUT (no Content-Length) of `total` bytes by hand and
/// returns the status line and body of the answer.
async fn chunked_put(
    base: &str,
    path: &str,
    cookie: &str,
    total: usize,
) -> anyhow::Result<(u16, String)> {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let head = format!(
        "PUT {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: video/mp4\r\n\
         Transfer-Encoding: chunked\r\nCookie: {cookie}\r\nx-cultivator-csrf: 1\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await?;
    let body = mp4_body(total);
    let mut sent = 0;
    while sent < total {
        let n = 256.min(total - sent);
        let framed = [
            format!("{n:x}\r\n").into_bytes(),
            body[sent..sent + n].to_vec(),
            b"\r\n".to_vec(),
        ]
        .concat();
        // The server may answer and close before everything is sent.
        if stream.write_all(&framed).await.is_err() {
            break;
        }
        sent += n;
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no status in {text:?}"))?;
    Ok((status, text))
}

async fn an_upload_without_a_declared_length_is_cut_off_at_the_limit(
    backend: Backend,
) -> anyhow::Result<()> {
    let (dir, config) = media_config(4096);
    let app = TestApp::spawn_with(backend, config)
        .await?
        .with_demo()
        .await?;
    let course = small_course(&app.db, PublishState::Draft).await?;
    let instructor = app.client()?;
    instructor.login_ok("13800000005", "demo2026").await?;
    // The harness's cookie jar is private; sign in by hand for the raw request.
    let login = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", app.base_url))
        .header("x-cultivator-csrf", "1")
        .json(&serde_json::json!({"mobile": "13800000005", "password": "demo2026"}))
        .send()
        .await?;
    // Sign-in also sets the known-device cookie: take the session's by name.
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cultivator_session="))
        .and_then(|v| v.split(';').next())
        .ok_or_else(|| anyhow::anyhow!("no session cookie"))?
        .to_owned();
    let path = format!("/api/v1/lessons/{}/media", course.video);

    let (status, text) = chunked_put(&app.base_url, &path, &cookie, 64 * 1024).await?;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("payload_too_large"), "{text}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        leftovers.is_empty(),
        "partial upload left behind: {leftovers:?}"
    );
    let media = instructor.get(&path).await?;
    assert_eq!(media.status(), StatusCode::NOT_FOUND, "nothing was stored");

    let (status, text) = chunked_put(&app.base_url, &path, &cookie, 3000).await?;
    assert_eq!(status, 204, "{text}");
    let stored = instructor.get(&path).await?;
    assert_eq!(stored.status(), StatusCode::OK);
    assert_eq!(stored.bytes().await?.to_vec(), mp4_body(3000));
    app.stop().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

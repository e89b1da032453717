//! Helpers for online-learning tests: a small course built straight into the
//! database, and "let time pass" for the watch-time budget.

use cultivator_server::db::courses::{self, lessons};
use cultivator_shared::api::Page;
use cultivator_shared::api::authoring::{CourseOutline, LessonKind};
use cultivator_shared::api::catalog::CourseSummary;
use cultivator_shared::api::learning::{LessonProgressView, PlayedSpan, ProgressReport};
use cultivator_shared::api::quizzes::{NewQuestion, QuestionKind};
use cultivator_shared::{CourseId, CreditHours, LessonId, PublishState, UserId};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Set, Statement};

use crate::ApiClient;
use crate::client::expect_json;

/// A published 1.5-hour course: a required 20 s video, a required article
/// (10 s of reading), a required document (30 s of reading) and an optional
/// 60 s video.
pub struct SmallCourse {
    pub id: CourseId,
    pub video: LessonId,
    pub article: LessonId,
    pub document: LessonId,
    pub optional_video: LessonId,
}

/// The demo instructor (13800000005) is the author.
pub async fn small_course(
    db: &DatabaseConnection,
    state: PublishState,
) -> anyhow::Result<SmallCourse> {
    let author: i64 = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM users WHERE mobile = '13800000005'",
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("load the demo first"))?
        .try_get("", "id")?;
    let id = courses::insert(
        db,
        courses::NewCourse {
            title: "测试课程",
            summary: "用于测试。",
            category: "测试",
            credit: CreditHours(15),
            state,
            author: UserId(author),
        },
    )
    .await?;
    let module = courses::insert_module(db, id, 1, "第一章").await?;
    let mut ids = Vec::new();
    for (position, (kind, required, duration)) in (1..).zip([
        ("video", true, Some(20)),
        ("article", true, Some(10)),
        ("document", true, Some(30)),
        ("video", false, Some(60)),
    ]) {
        let model = lessons::ActiveModel {
            module_id: Set(module.0),
            position: Set(position),
            title: Set(format!("第{position}讲")),
            kind: Set(kind.into()),
            required: Set(required),
            credit_tenths: Set(0),
            duration_secs: Set(duration),
            body: Set(None),
            media_path: Set(None),
            ..Default::default()
        };
        let inserted = sea_orm::ActiveModelTrait::insert(model, db).await?;
        ids.push(LessonId(inserted.id));
    }
    Ok(SmallCourse {
        id,
        video: ids[0],
        article: ids[1],
        document: ids[2],
        optional_video: ids[3],
    })
}

/// The signed-in `trainee` enrols in `course`.
pub async fn enroll(
    trainee: &ApiClient,
    course: impl std::fmt::Display,
) -> anyhow::Result<cultivator_shared::api::learning::CourseEnrollmentView> {
    expect_json(
        trainee
            .post(&format!("/api/v1/courses/{course}/enroll"), &())
            .await?,
        StatusCode::CREATED,
    )
    .await
}

/// The demo trainee (13800000010), signed in and enrolled in `course`.
pub async fn enrolled_trainee(app: &crate::TestApp, course: i64) -> anyhow::Result<ApiClient> {
    let client = app.client()?;
    client.login_ok("13800000010", "demo2026").await?;
    let response = client
        .post(
            &format!("/api/v1/courses/{course}/enroll"),
            &serde_json::json!({}),
        )
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "enrolling: {}",
        response.status()
    );
    Ok(client)
}

/// The signed-in trainee's stored progress in `lesson`.
pub async fn stored_progress(
    client: &ApiClient,
    lesson: LessonId,
) -> anyhow::Result<LessonProgressView> {
    expect_json(
        client
            .get(&format!("/api/v1/lessons/{lesson}/progress"))
            .await?,
        StatusCode::OK,
    )
    .await
}

/// Pretends `ms` of wall-clock time passed for every trainee with progress
/// on `lesson`, by moving their study clocks into the past.
pub async fn let_time_pass(
    db: &DatabaseConnection,
    lesson: LessonId,
    ms: i64,
) -> anyhow::Result<()> {
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE study_clocks SET updated_ms = updated_ms - {ms} WHERE user_id IN \
             (SELECT user_id FROM lesson_progress WHERE lesson_id = {})",
            lesson.0
        ),
    ))
    .await?;
    Ok(())
}

/// "Played `from_s..to_s` seconds since the last report."
pub fn played(from_s: u64, to_s: u64) -> ProgressReport {
    ProgressReport {
        played: Some(PlayedSpan {
            from_ms: from_s * 1000,
            to_ms: to_s * 1000,
        }),
        position_ms: to_s * 1000,
        ..ProgressReport::default()
    }
}

/// Sends one progress report on `lesson`.
pub async fn report(
    client: &crate::ApiClient,
    lesson: LessonId,
    body: &ProgressReport,
) -> anyhow::Result<reqwest::Response> {
    client
        .post(&format!("/api/v1/lessons/{lesson}/progress"), body)
        .await
}

/// Sends one progress report and expects it accepted.
pub async fn report_ok(
    client: &crate::ApiClient,
    lesson: LessonId,
    body: &ProgressReport,
) -> anyhow::Result<LessonProgressView> {
    crate::client::expect_json(report(client, lesson, body).await?, reqwest::StatusCode::OK).await
}

/// Reads an article or a document to completion the honest way: opens it,
/// then reports 10 s of visible reading at a time (with the end in view),
/// letting that much time pass before each. Returns the last answer.
pub async fn read_through(
    db: &DatabaseConnection,
    client: &crate::ApiClient,
    lesson: LessonId,
) -> anyhow::Result<LessonProgressView> {
    let mut view = report_ok(client, lesson, &ProgressReport::default()).await?;
    for _ in 0..200 {
        if view.completed {
            return Ok(view);
        }
        let_time_pass(db, lesson, 10_000).await?;
        let step = ProgressReport {
            visible_ms: 10_000,
            read_to_end: true,
            ..ProgressReport::default()
        };
        view = report_ok(client, lesson, &step).await?;
    }
    anyhow::bail!("lesson {lesson} did not complete: {view:?}")
}

/// The report a player sends when the lesson opens or after a seek.
pub fn at_position(s: u64) -> ProgressReport {
    ProgressReport {
        played: None,
        position_ms: s * 1000,
        read_to_end: false,
        visible_ms: 0,
    }
}

/// A published course titled `title` declaring `credit` hours, whose one
/// required lesson is an article: reading it to the end completes the course.
pub async fn article_course(
    db: &DatabaseConnection,
    title: &str,
    credit: CreditHours,
) -> anyhow::Result<(CourseId, LessonId)> {
    let author: i64 = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM users WHERE mobile = '13800000005'",
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("load the demo first"))?
        .try_get("", "id")?;
    let id = courses::insert(
        db,
        courses::NewCourse {
            title,
            summary: "只有图文。",
            category: "测试",
            credit,
            state: PublishState::Published,
            author: UserId(author),
        },
    )
    .await?;
    let module = courses::insert_module(db, id, 1, "第一章").await?;
    let lesson = lessons::ActiveModel {
        module_id: Set(module.0),
        position: Set(1),
        title: Set("阅读材料".into()),
        kind: Set("article".into()),
        required: Set(true),
        credit_tenths: Set(0),
        duration_secs: Set(None),
        body: Set(Some("正文".into())),
        media_path: Set(None),
        ..Default::default()
    };
    let inserted = sea_orm::ActiveModelTrait::insert(lesson, db).await?;
    Ok((id, LessonId(inserted.id)))
}

/// The bank: a single-choice (B), a multiple-choice (A and C) and a
/// true/false (对) question, in that order.
pub async fn fill_quiz_bank(instructor: &ApiClient, course: CourseId) -> anyhow::Result<Vec<i64>> {
    let questions = [
        (QuestionKind::Single, vec!["甲", "乙", "丙"], vec![1]),
        (
            QuestionKind::Multiple,
            vec!["甲", "乙", "丙", "丁"],
            vec![0, 2],
        ),
        (QuestionKind::TrueFalse, vec!["对", "错"], vec![0]),
    ];
    let mut ids = Vec::new();
    for (kind, options, correct) in questions {
        let question = NewQuestion {
            kind,
            prompt: format!("{kind:?} 题"),
            options: options.into_iter().map(String::from).collect(),
            correct,
            explanation: "因为课程里讲过。".into(),
        };
        ids.push(
            expect_json(
                instructor
                    .post(&format!("/api/v1/courses/{course}/questions"), &question)
                    .await?,
                StatusCode::CREATED,
            )
            .await?,
        );
    }
    Ok(ids)
}

/// A lesson of `kind` (with audio, for a video) in a published demo course,
/// its course, and for an article the start of its text.
pub async fn demo_lesson(
    client: &ApiClient,
    kind: LessonKind,
) -> anyhow::Result<(CourseId, LessonId, String)> {
    let courses: Page<CourseSummary> = expect_json(
        client.get("/api/v1/courses?limit=100").await?,
        StatusCode::OK,
    )
    .await?;
    for course in courses.items {
        let outline: CourseOutline = expect_json(
            client
                .get(&format!("/api/v1/courses/{}", course.id))
                .await?,
            StatusCode::OK,
        )
        .await?;
        let found = outline
            .modules
            .iter()
            .flat_map(|m| &m.lessons)
            .find(|l| l.kind == kind && (kind != LessonKind::Video || l.has_audio));
        if let Some(lesson) = found {
            // Enrolled already by the demo, or now.
            let enrolled = client
                .post(&format!("/api/v1/courses/{}/enroll", outline.id), &())
                .await?;
            anyhow::ensure!(
                enrolled.status().is_success() || enrolled.status() == StatusCode::CONFLICT,
                "enrolling in {} gave {}",
                outline.id,
                enrolled.status()
            );
            let text = lesson
                .html
                .as_deref()
                .map(|html| {
                    let from = html.find("<p>").map_or(0, |i| i + 3);
                    html[from..]
                        .chars()
                        .take_while(|c| *c != '<')
                        .take(12)
                        .collect()
                })
                .unwrap_or_default();
            return Ok((outline.id, lesson.id, text));
        }
    }
    anyhow::bail!("no demo course has a {kind:?} lesson")
}

//! The demo's programme in motion (what `serve --demo` loads): what a
//! newcomer opens shows something real, its lessons play, and loading it
//! again changes nothing.

use chrono::Utc;
use cultivator_server::db::{class_sessions, classes};
use cultivator_server::domain::coordination::recount;
use cultivator_server::domain::seed::demo;
use cultivator_shared::ProgrammeId;
use cultivator_shared::api::Page;
use cultivator_shared::api::audit::AuditRecordView;
use cultivator_shared::api::classes::ClassDetail;
use cultivator_shared::api::coordination::Dashboard;
use cultivator_shared::api::learning::CreditLedger;
use cultivator_shared::api::notifications::NotificationView;
use cultivator_tests::client::expect_json;
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, EntityTrait};

on_both_databases!(
    the_national_dashboard_shows_people_trained_against_targets,
    the_demo_has_classes_recruiting_running_and_finished_with_sessions,
    the_demo_video_lesson_streams_its_clip_with_ranges,
    the_showcase_trainee_has_notices_and_the_coordinator_an_audit_trail,
    loading_the_demo_activity_twice_changes_nothing,
);

fn media_app_config() -> cultivator_server::AppConfig {
    cultivator_server::AppConfig {
        media_dir: std::env::temp_dir().join(format!("cultivator-media-{}", rand::random::<u64>())),
        ..Default::default()
    }
}

async fn demo_app(backend: Backend) -> anyhow::Result<TestApp> {
    TestApp::spawn_with(backend, media_app_config())
        .await?
        .with_demo_activity()
        .await
}

async fn stop(app: TestApp) -> anyhow::Result<()> {
    let dir = app.media_dir.clone();
    app.stop().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

async fn the_national_dashboard_shows_people_trained_against_targets(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo_app(backend).await?;
    let national = app.signed_in("13800000002").await?;
    let board: Dashboard = expect_json(
        national.get("/api/v1/coordination/dashboard").await?,
        StatusCode::OK,
    )
    .await?;
    assert!(board.online.trained > 1_000, "{:?}", board.online);
    assert!(board.offline.trained > 100, "{:?}", board.offline);
    assert!(board.online.target > 0 && board.offline.target > 0);
    assert!(board.online.monthly_pace > 0.0, "{:?}", board.online);
    // Completions spread over several months, not one day.
    assert!(board.months.len() >= 5, "{:?}", board.months);
    // Every province has a target; Sichuan has trained people too.
    assert!(board.children.len() >= 30);
    assert!(board.children.iter().all(|c| c.target.online > 0));
    let sichuan = board
        .children
        .iter()
        .find(|c| c.region.code.as_str() == "51")
        .ok_or_else(|| anyhow::anyhow!("no Sichuan row"))?;
    assert!(sichuan.trained.online > 0 && sichuan.trained.offline > 0);
    // Drilling down: the county coordinator sees their county's numbers and targets.
    let county = app.signed_in("13800000004").await?;
    let board: Dashboard = expect_json(
        county.get("/api/v1/coordination/dashboard").await?,
        StatusCode::OK,
    )
    .await?;
    assert!(board.online.trained > 0 && board.online.target > 0);
    assert!(board.children.iter().any(|c| c.target.online > 0));
    // The counters agree with the enrollments.
    assert!(recount::recount(&app.db, false).await?.agrees());
    stop(app).await
}

async fn the_demo_has_classes_recruiting_running_and_finished_with_sessions(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo_app(backend).await?;
    let today = Utc::now().date_naive();
    let all = classes::Entity::find().all(&app.db).await?;
    assert!(all.iter().any(|c| c.starts_on > today), "none recruiting");
    assert!(
        all.iter()
            .any(|c| c.starts_on <= today && c.ends_on >= today && c.track == "offline"),
        "none running"
    );
    assert!(all.iter().any(|c| c.ends_on < today), "none finished");
    // The first demo class (the one the demo trainees are in) has sessions,
    // and is full with a waitlist.
    let first = all
        .iter()
        .min_by_key(|c| c.id)
        .ok_or_else(|| anyhow::anyhow!("no class"))?;
    let trainee = app.signed_in("13800000010").await?;
    let detail: ClassDetail = expect_json(
        trainee
            .get(&format!("/api/v1/classes/{}", first.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(!detail.sessions.is_empty());
    assert!(detail.waitlist_length > 0);
    // Finished sessions have attendance.
    let sessions = class_sessions::Entity::find().all(&app.db).await?;
    let held = sessions.iter().filter(|s| s.ends_at < Utc::now()).count();
    assert!(held > 10, "{held} sessions held");
    let present = count(&app, "SELECT COUNT(*) AS n FROM attendance").await?;
    assert!(present > 100, "{present} check-ins");
    // Enrolments in every state a roster shows.
    for status in ["applied", "waitlisted", "enrolled", "completed"] {
        let n = count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM enrollments WHERE status = '{status}'"),
        )
        .await?;
        assert!(n > 0, "no {status} enrollment");
    }
    stop(app).await
}

async fn count(app: &TestApp, sql: &str) -> anyhow::Result<i64> {
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            sql,
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no row"))?;
    Ok(row.try_get("", "n")?)
}

async fn the_demo_video_lesson_streams_its_clip_with_ranges(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo_app(backend).await?;
    let lesson: i64 = count(
        &app,
        "SELECT MIN(id) AS n FROM lessons WHERE kind = 'video' AND media_path IS NOT NULL",
    )
    .await?;
    let instructor = app.signed_in(demo::INSTRUCTOR_MOBILE).await?;
    let whole = instructor
        .get(&format!("/api/v1/lessons/{lesson}/media"))
        .await?;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(
        whole
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("video/mp4")
    );
    let bytes = whole.bytes().await?;
    assert!(
        bytes.len() > 10_000 && bytes.len() < 300_000,
        "{}",
        bytes.len()
    );
    assert_eq!(&bytes[4..8], b"ftyp");
    let part = instructor
        .request(Method::GET, &format!("/api/v1/lessons/{lesson}/media"))
        .header("range", "bytes=0-99")
        .send()
        .await?;
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.bytes().await?.to_vec(), bytes[..100].to_vec());
    let audio = instructor
        .get(&format!("/api/v1/lessons/{lesson}/media/audio"))
        .await?;
    assert_eq!(audio.status(), StatusCode::OK);
    assert_eq!(
        audio
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("audio/mp4")
    );
    // The showcase trainee follows a running online class, so the clip
    // plays for her too.
    let trainee = app.signed_in("13800000010").await?;
    let response = trainee
        .get(&format!("/api/v1/lessons/{lesson}/media"))
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    stop(app).await
}

async fn the_showcase_trainee_has_notices_and_the_coordinator_an_audit_trail(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo_app(backend).await?;
    let trainee = app.signed_in("13800000010").await?;
    let notices: Page<NotificationView> =
        expect_json(trainee.get("/api/v1/notifications").await?, StatusCode::OK).await?;
    assert!(notices.total >= 3, "{notices:?}");
    // Her finished online cohort and offline class earned credit hours.
    let credits: CreditLedger =
        expect_json(trainee.get("/api/v1/me/credits").await?, StatusCode::OK).await?;
    for source in ["course", "session"] {
        assert!(
            credits.entries.iter().any(|e| e.source == source),
            "no {source} credit: {credits:?}"
        );
    }
    let national = app.signed_in("13800000002").await?;
    let audit: Page<AuditRecordView> =
        expect_json(national.get("/api/v1/audit").await?, StatusCode::OK).await?;
    assert!(audit.total > 50, "{}", audit.total);
    let county = app.signed_in("13800000004").await?;
    let audit: Page<AuditRecordView> =
        expect_json(county.get("/api/v1/audit").await?, StatusCode::OK).await?;
    assert!(audit.total > 0);
    stop(app).await
}

async fn loading_the_demo_activity_twice_changes_nothing(backend: Backend) -> anyhow::Result<()> {
    let app = demo_app(backend).await?;
    let tables = [
        "users",
        "classes",
        "class_sessions",
        "enrollments",
        "attendance",
        "notifications",
        "audit_records",
        "targets",
        "trained_counts",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&app, &format!("SELECT COUNT(*) AS n FROM {table}")).await?);
    }
    assert!(app.load_demo_activity().await?.is_none());
    for (table, was) in tables.iter().zip(before) {
        let now = count(&app, &format!("SELECT COUNT(*) AS n FROM {table}")).await?;
        assert_eq!(now, was, "{table}");
    }
    // The demo programme is still the one the dashboard shows.
    let programme: i64 = count(&app, "SELECT MAX(id) AS n FROM programmes").await?;
    assert!(ProgrammeId(programme).0 > 0);
    stop(app).await
}

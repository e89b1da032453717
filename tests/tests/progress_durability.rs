//! The progress hot path's promises that the in-process tests cannot show:
//! an acknowledged report survives `kill -9` of the server process, and a
//! session signed out stops storing reports at once, even though the hot
//! path remembers who a session belongs to; and progress answers are not
//! compressed. On both databases.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use cultivator_server::db::{auth_sessions, lesson_progress};
use cultivator_server::{AppConfig, AppState, DbConfig, startup};
use cultivator_shared::api::learning::{CourseEnrollmentView, LessonProgressView};
use cultivator_shared::{ErrorCode, PublishState, UserId};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{let_time_pass, played, small_course};
use cultivator_tests::{ApiClient, Backend, TestApp, TestDb, on_both_databases};
use reqwest::StatusCode;
use sea_orm::EntityTrait;

on_both_databases!(
    an_acknowledged_report_survives_kill_9,
    a_signed_out_session_stores_no_more_reports,
);

/// Where the child process finds its database.
const CHILD_DB: &str = "CULTIVATOR_TEST_CHILD_DATABASE_URL";
const LISTENING: &str = "child server listening on ";

/// Not a test: the server process that `an_acknowledged_report_survives_kill_9`
/// starts (this same test binary, running only this function) and kills.
#[test]
#[ignore = "run by an_acknowledged_report_survives_kill_9 in a child process"]
fn child_server() -> anyhow::Result<()> {
    let Ok(url) = std::env::var(CHILD_DB) else {
        return Ok(());
    };
    tokio::runtime::Runtime::new()?.block_on(async move {
        let db = cultivator_server::db::connect(&DbConfig::at(url)).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("{LISTENING}http://{}", listener.local_addr()?);
        startup::serve(
            listener,
            AppState::new(db, AppConfig::default()),
            std::future::pending(),
        )
        .await?;
        anyhow::Ok(())
    })
}

/// Kills the child on every way out of the test.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_child(url: &str) -> anyhow::Result<(Killed, String)> {
    let mut child = Killed(
        Command::new(std::env::current_exe()?)
            .args(["--exact", "child_server", "--ignored", "--nocapture"])
            .env(CHILD_DB, url)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?,
    );
    let stdout = child
        .0
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("no stdout"))?;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if let Some(base) = line.strip_prefix(LISTENING) {
            return Ok((child, base.to_owned()));
        }
    }
    anyhow::bail!("the child server did not start")
}

async fn an_acknowledged_report_survives_kill_9(backend: Backend) -> anyhow::Result<()> {
    let test_db = TestDb::create(backend).await?;
    let config = DbConfig::at(test_db.url.clone());
    let db = cultivator_server::db::connect(&config).await?;
    cultivator_server::domain::seed::demo::load(&db).await?;
    let course = small_course(&db, PublishState::Published).await?;

    let (mut child, base) = start_child(&test_db.url)?;
    let trainee = ApiClient::new(&base, true)?;
    let me = trainee.login_ok("13800000010", "demo2026").await?;
    let _: CourseEnrollmentView = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let path = format!("/api/v1/lessons/{}/progress", course.video);
    let _: LessonProgressView =
        expect_json(trainee.post(&path, &played(0, 2)).await?, StatusCode::OK).await?;
    let_time_pass(&db, course.video, 10_000).await?;
    let acknowledged: LessonProgressView =
        expect_json(trainee.post(&path, &played(2, 12)).await?, StatusCode::OK).await?;
    assert_eq!(acknowledged.played_ms, 12_000);

    // SIGKILL at once: no graceful shutdown, no chance to flush anything.
    child.0.kill()?;
    child.0.wait()?;
    drop(child);

    db.clone().close().await?;
    let reopened = cultivator_server::db::connect(&config).await?;
    let row = lesson_progress::find(&reopened, UserId(me.id.0), course.video.0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the acknowledged report was lost"))?;
    assert_eq!(row.played_ms, 12_000);
    assert_eq!(row.position_ms, 12_000);
    reopened.close().await?;
    Ok(())
}

async fn a_signed_out_session_stores_no_more_reports(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let trainee = app.client()?;
    let me = trainee.login_ok("13800000010", "demo2026").await?;
    let _: CourseEnrollmentView = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let path = format!("/api/v1/lessons/{}/progress", course.video);
    // The first report makes the hot path remember whose session this is.
    // Its small JSON answer is not compressed, even when the client would
    // accept it (compressing small dynamic responses costs more than it saves).
    let first = trainee
        .request(reqwest::Method::POST, &path)
        .header("accept-encoding", "br, gzip")
        .json(&played(0, 2))
        .send()
        .await?;
    assert_eq!(first.headers().get("content-encoding"), None);
    let _: LessonProgressView = expect_json(first, StatusCode::OK).await?;
    // Signed out behind this node's back, as another node sharing the
    // database would: the only session row goes.
    let deleted = auth_sessions::Entity::delete_many().exec(&app.db).await?;
    assert_eq!(deleted.rows_affected, 1);
    let_time_pass(&app.db, course.video, 10_000).await?;
    expect_error(
        trainee.post(&path, &played(2, 12)).await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    let row = lesson_progress::find(&app.db, UserId(me.id.0), course.video.0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no progress row"))?;
    assert_eq!(row.played_ms, 2_000, "nothing stored after sign-out");
    app.stop().await
}

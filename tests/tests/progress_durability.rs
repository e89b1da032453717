//! The promises that the in-process tests cannot show: under a stream of
//! progress reports and check-ins, every one answered 2xx survives `kill -9`
//! of the server process (the hot path's group commit included); and a
//! session signed out stops storing reports at once, even though the hot
//! path remembers who a session belongs to; and progress answers are not
//! compressed. On both databases.

use std::sync::Arc;
use std::time::Duration;

use cultivator_server::DbConfig;
use cultivator_server::db::{attendance, auth_sessions, lesson_progress};
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::checkin::CheckinRequest;
use cultivator_shared::api::classes::SessionView;
use cultivator_shared::api::learning::{CourseEnrollmentView, LessonProgressView};
use cultivator_shared::{EnrollmentMode, ErrorCode, LessonId, PublishState, UserId};
use cultivator_tests::classes::{
    self, DEMO_INSTRUCTOR, add_current_session, create_class, demo_programme, offline_class,
};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{self, let_time_pass, played, small_course};
use cultivator_tests::nodes::{self, Node};
use cultivator_tests::{ApiClient, Backend, TestApp, TestDb, on_both_databases, people};
use reqwest::StatusCode;
use sea_orm::{DatabaseConnection, EntityTrait};
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinSet;

on_both_databases!(
    acknowledged_reports_and_check_ins_survive_kill_9,
    a_signed_out_session_stores_no_more_reports,
);

/// Not a test: the node that `acknowledged_reports_and_check_ins_survive_kill_9`
/// starts (this same test binary, running only this function) and kills.
#[test]
#[ignore = "a node started by this file's tests, in a process of its own"]
fn child_node() -> anyhow::Result<()> {
    nodes::serve_if_asked()
}

const TRAINEES: usize = 24;
/// The round in the middle of which the node is killed: its requests are
/// on their way, half the trainees have checked in.
const KILL_IN_ROUND: u64 = 12;

/// What the node answered 2xx to, as the trainees' phones saw it.
#[derive(Default)]
struct Acknowledged {
    /// Per trainee, the furthest second of playing a 2xx answer confirmed.
    played_s: Vec<i64>,
    checked_in: Vec<bool>,
    reports: usize,
}

/// Rounds of progress reports from every trainee (one second of playing
/// each, a second and a half of wall-clock time apart) with one trainee
/// checking in per round, until the node stops answering; `kill_now` is
/// told once the round [`KILL_IN_ROUND`]'s requests are on their way.
async fn stream(
    db: &DatabaseConnection,
    instructor: &ApiClient,
    trainees: &[(String, ApiClient)],
    lesson: LessonId,
    session: &SessionView,
    acknowledged: &Arc<Mutex<Acknowledged>>,
    kill_now: &Notify,
) -> anyhow::Result<()> {
    let progress = format!("/api/v1/lessons/{lesson}/progress");
    let checkin = format!("/api/v1/sessions/{}/checkin", session.id);
    for round in 0..50_u64 {
        // No code from the instructor's screen: the node is gone.
        let Ok(code) = classes::checkin_code(instructor, session).await else {
            return Ok(());
        };
        let_time_pass(db, lesson, 1_500).await?;
        let checking_in = usize::try_from(round)? % trainees.len();
        let mut sent = JoinSet::new();
        for (i, (_, client)) in trainees.iter().enumerate() {
            let client = client.on(&client.base_url);
            let (progress, checkin) = (progress.clone(), checkin.clone());
            let (code, acknowledged) = (code.code.clone(), acknowledged.clone());
            sent.spawn(async move {
                let report = client.post(&progress, &played(round, round + 1)).await;
                if report.is_ok_and(|r| r.status().is_success()) {
                    let mut seen = acknowledged.lock().await;
                    seen.played_s[i] = i64::try_from(round + 1).unwrap_or(i64::MAX);
                    seen.reports += 1;
                }
                if i == checking_in {
                    let body = CheckinRequest { code, at: None };
                    let answer = client.post(&checkin, &body).await;
                    if answer.is_ok_and(|r| r.status().is_success()) {
                        acknowledged.lock().await.checked_in[i] = true;
                    }
                }
            });
        }
        if round == KILL_IN_ROUND {
            kill_now.notify_one();
        }
        sent.join_all().await;
    }
    anyhow::bail!("the node was never killed")
}

async fn acknowledged_reports_and_check_ins_survive_kill_9(backend: Backend) -> anyhow::Result<()> {
    let test_db = TestDb::create(backend).await?;
    let config = DbConfig::at(test_db.url.clone());
    let db = cultivator_server::db::connect(&config).await?;
    cultivator_server::domain::seed::demo::load(&db).await?;
    let course = small_course(&db, PublishState::Published).await?;
    let programme = demo_programme(&db).await?;
    let mobiles = people::trainees(&db, TRAINEES).await?;

    let node = Node::start(&test_db.url)?;
    let instructor = node.client()?;
    instructor.login_ok(DEMO_INSTRUCTOR, DEMO_PASSWORD).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 100, EnrollmentMode::Open),
    )
    .await?;
    let session = add_current_session(&instructor, class.clone()).await?;
    let trainees = people::sign_in_all(&node.base_url, mobiles).await?;
    let mut ids = Vec::new();
    for (_, trainee) in &trainees {
        let me: UserView = expect_json(trainee.me().await?, StatusCode::OK).await?;
        ids.push(UserId(me.id.0));
        learning::enroll(trainee, course.id).await?;
        classes::apply(trainee, &class).await?;
    }

    let acknowledged = Arc::new(Mutex::new(Acknowledged {
        played_s: vec![0; TRAINEES],
        checked_in: vec![false; TRAINEES],
        reports: 0,
    }));
    let lesson = course.optional_video;
    let kill_now = Notify::new();
    let streaming = stream(
        &db,
        &instructor,
        &trainees,
        lesson,
        &session,
        &acknowledged,
        &kill_now,
    );
    let killing = async {
        kill_now.notified().await;
        tokio::time::sleep(Duration::from_millis(2)).await;
        node.kill()
    };
    let (streamed, killed) = tokio::join!(streaming, killing);
    killed?;
    streamed?;

    // Everything answered 2xx is there after a restart.
    db.clone().close().await?;
    let reopened = cultivator_server::db::connect(&config).await?;
    let seen = acknowledged.lock().await;
    let checked_in = seen.checked_in.iter().filter(|c| **c).count();
    println!(
        "{backend:?}: killed with requests in flight, after {} acknowledged progress reports and {checked_in} check-ins",
        seen.reports
    );
    assert!(
        seen.reports >= TRAINEES && checked_in >= 1,
        "too little before the kill"
    );
    for (i, user) in ids.iter().enumerate() {
        let stored = lesson_progress::find(&reopened, *user, lesson.0)
            .await?
            .map_or(0, |row| row.played_ms);
        assert!(
            stored >= seen.played_s[i] * 1_000,
            "trainee {i}: {stored} ms stored, {} s acknowledged",
            seen.played_s[i]
        );
        let attended = attendance::find(&reopened, session.id, *user).await?;
        if seen.checked_in[i] {
            assert!(
                attended.is_some(),
                "trainee {i}'s acknowledged check-in was lost"
            );
        }
    }
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

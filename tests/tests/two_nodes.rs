//! Two nodes (server processes of their own, on their own ports) serving
//! one PostgreSQL database, as a province or the nation runs Cultivator:
//! seats hold when applications arrive through both; a session made on one
//! works on the other and ends on both; a dashboard on one shows a
//! completion made through the other on its next request; a roster import
//! started on one finishes on the other after the first is killed.
//!
//! Prints the decisions per second (`-- --nocapture`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use cultivator_server::DbConfig;
use cultivator_server::domain::seed::demo::{self, DEMO_PASSWORD};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::checkin::{AttendanceEntry, CheckinRequest};
use cultivator_shared::api::classes::{ClassDetail, MyEnrollment};
use cultivator_shared::api::coordination::Dashboard;
use cultivator_shared::api::rosters::{RosterImportJob, RosterImportState};
use cultivator_shared::{EnrollmentMode, EnrollmentStatus, ErrorCode};
use cultivator_tests::classes::{
    self, DEMO_INSTRUCTOR, add_current_session, create_class, demo_programme, offline_class,
};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::nodes::{self, Node};
use cultivator_tests::{Backend, TestDb, people, rosters};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

/// Not a test: a node started by this file's tests.
#[test]
#[ignore = "a node started by this file's tests, in a process of its own"]
fn child_node() -> anyhow::Result<()> {
    nodes::serve_if_asked()
}

const APPLICANTS: usize = 1_000;
const SEATS: u32 = 30;
const NATIONAL: &str = "13800000002";

/// A fresh PostgreSQL database with the demo loaded, and two nodes on it.
async fn two_nodes() -> anyhow::Result<(TestDb, DatabaseConnection, Node, Node)> {
    let test_db = TestDb::create(Backend::Postgres).await?;
    let db = cultivator_server::db::connect(&DbConfig::at(test_db.url.clone())).await?;
    demo::load(&db).await?;
    let a = Node::start(&test_db.url)?;
    let b = Node::start(&test_db.url)?;
    Ok((test_db, db, a, b))
}

async fn open_class(
    db: &DatabaseConnection,
    instructor: &ApiClient,
) -> anyhow::Result<ClassDetail> {
    let programme = demo_programme(db).await?;
    create_class(
        instructor,
        &offline_class(programme, SEATS, EnrollmentMode::Open),
    )
    .await
}

#[tokio::test]
async fn a_thousand_applications_through_two_nodes_fill_thirty_seats_and_number_the_line()
-> anyhow::Result<()> {
    let (_test_db, db, a, b) = two_nodes().await?;
    let instructor = a.client()?;
    instructor.login_ok(DEMO_INSTRUCTOR, DEMO_PASSWORD).await?;
    let class = open_class(&db, &instructor).await?;

    // Half sign in on each node; each then applies through the other one.
    let mut mobiles = people::trainees(&db, APPLICANTS).await?;
    let second_half = mobiles.split_off(APPLICANTS / 2);
    let (on_a, on_b) = tokio::try_join!(
        people::sign_in_all(&a.base_url, mobiles),
        people::sign_in_all(&b.base_url, second_half),
    )?;
    let applying: Vec<ApiClient> = on_a
        .iter()
        .map(|(_, client)| client.on(&b.base_url))
        .chain(on_b.iter().map(|(_, client)| client.on(&a.base_url)))
        .collect();

    let path = format!("/api/v1/classes/{}/apply", class.class.id);
    let barrier = Arc::new(Barrier::new(applying.len() + 1));
    let mut tasks = JoinSet::new();
    for client in applying {
        let (barrier, path) = (barrier.clone(), path.clone());
        tasks.spawn(async move {
            barrier.wait().await;
            let answer = client.post(&path, &()).await?;
            expect_json::<MyEnrollment>(answer, StatusCode::OK).await
        });
    }
    barrier.wait().await;
    let started = Instant::now();
    let mut results = Vec::with_capacity(APPLICANTS);
    while let Some(joined) = tasks.join_next().await {
        results.push(joined??);
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "two nodes, PostgreSQL: {APPLICANTS} applications decided in {secs:.2} s = {:.0} decisions/s",
        APPLICANTS as f64 / secs
    );

    let enrolled = results
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Enrolled)
        .count();
    assert_eq!(enrolled, SEATS as usize);
    let mut positions: Vec<u32> = results
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Waitlisted)
        .filter_map(|e| e.waitlist_position)
        .collect();
    positions.sort_unstable();
    let line: Vec<u32> = (1..=(APPLICANTS as u32 - SEATS)).collect();
    assert_eq!(positions, line, "the waitlist has gaps or duplicates");

    // The same from the database, read through the other node.
    let roster =
        cultivator_tests::rosters::whole_roster(&instructor.on(&b.base_url), class.class.id)
            .await?;
    let seated = roster
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Enrolled)
        .count();
    assert_eq!(seated, SEATS as usize);
    let mut stored: Vec<u32> = roster.iter().filter_map(|e| e.waitlist_position).collect();
    stored.sort_unstable();
    assert_eq!(stored, line);
    Ok(())
}

async fn dashboard(client: &ApiClient) -> anyhow::Result<Dashboard> {
    expect_json(
        client.get("/api/v1/coordination/dashboard").await?,
        StatusCode::OK,
    )
    .await
}

#[tokio::test]
async fn a_session_and_a_dashboard_are_the_same_on_either_node() -> anyhow::Result<()> {
    let (_test_db, db, a, b) = two_nodes().await?;

    // Signed in on A, known on B; signed out on B, gone on A too.
    let mobile = people::trainees(&db, 1).await?.remove(0);
    let trainee = a.client()?;
    let signed_in = trainee.login_ok(&mobile, people::TRAINEE_PASSWORD).await?;
    let on_b: UserView = expect_json(trainee.on(&b.base_url).me().await?, StatusCode::OK).await?;
    assert_eq!(on_b.id, signed_in.id);
    let out = trainee
        .on(&b.base_url)
        .post("/api/v1/auth/logout", &())
        .await?;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    expect_error(
        trainee.me().await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;

    // The national dashboard is computed and cached on B.
    let national = b.client()?;
    national.login_ok(NATIONAL, DEMO_PASSWORD).await?;
    let before = dashboard(&national).await?;
    assert_eq!(dashboard(&national).await?, before);

    // Through A: a class with a session now; the trainee applies and checks
    // in, which completes the class (its one session is all of it).
    let instructor = a.client()?;
    instructor.login_ok(DEMO_INSTRUCTOR, DEMO_PASSWORD).await?;
    let class = open_class(&db, &instructor).await?;
    let session = add_current_session(&instructor, class.clone()).await?;
    trainee.login_ok(&mobile, people::TRAINEE_PASSWORD).await?;
    let mine = classes::apply(&trainee, &class).await?;
    assert_eq!(mine.status, EnrollmentStatus::Enrolled);
    let code = classes::checkin_code(&instructor, &session).await?;
    let _: AttendanceEntry = expect_json(
        trainee
            .post(
                &format!("/api/v1/sessions/{}/checkin", session.id),
                &CheckinRequest {
                    code: code.code,
                    at: None,
                },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;

    // B's next dashboard shows it.
    let after = dashboard(&national).await?;
    assert_eq!(after.offline.trained, before.offline.trained + 1);
    Ok(())
}

const IMPORTED: usize = 3_000;

#[tokio::test]
async fn a_roster_import_finishes_on_the_other_node_after_its_node_is_killed() -> anyhow::Result<()>
{
    // Only A runs at first, so that A is the node holding the job.
    let test_db = TestDb::create(Backend::Postgres).await?;
    let db = cultivator_server::db::connect(&DbConfig::at(test_db.url.clone())).await?;
    demo::load(&db).await?;
    let a = Node::start(&test_db.url)?;
    let instructor = a.client()?;
    instructor.login_ok(DEMO_INSTRUCTOR, DEMO_PASSWORD).await?;
    let class = open_class(&db, &instructor).await?;
    // New accounts: each needs a one-time password hashed, which takes a
    // few seconds for the lot.
    let cells: Vec<[String; 4]> = (0..IMPORTED)
        .map(|i| {
            [
                format!("学员{i}"),
                format!("1370000{i:04}"),
                "510121".to_owned(),
                String::new(),
            ]
        })
        .collect();
    let rows: Vec<[&str; 4]> = cells
        .iter()
        .map(|[n, m, r, c]| [n.as_str(), m.as_str(), r.as_str(), c.as_str()])
        .collect();
    let started: RosterImportJob = expect_json(
        rosters::upload(&instructor, class.class.id, rosters::csv(&rows)).await?,
        StatusCode::ACCEPTED,
    )
    .await?;

    // Killed while it works.
    let path = format!("/api/v1/roster-imports/{}", started.id);
    let mut underway = false;
    for _ in 0..600 {
        let now: RosterImportJob =
            expect_json(instructor.get(&path).await?, StatusCode::OK).await?;
        assert_eq!(
            now.state,
            RosterImportState::Running,
            "finished before the kill: {now:?}"
        );
        if now.processed_rows > 0 {
            underway = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(underway, "the import never started");
    let b = Node::start(&test_db.url)?;
    let held_by: String = job_column(&db, "lease_owner").await?;
    assert!(held_by.starts_with(&format!("{}-", a.pid())), "{held_by}");
    let killed_at = Instant::now();
    a.kill()?;

    // B finishes it: once, every row placed.
    let on_b = instructor.on(&b.base_url);
    let done = rosters::wait_for(&on_b, &started).await?;
    println!(
        "roster import of {IMPORTED}: finished {:.1} s after node A was killed (job lease {} s)",
        killed_at.elapsed().as_secs_f64(),
        nodes::JOB_LEASE_SECS
    );
    assert_eq!(done.state, RosterImportState::Succeeded, "{done:?}");
    assert_eq!(done.created_accounts as usize, IMPORTED);
    assert_eq!(done.enrolled, SEATS);
    assert_eq!(done.waitlisted as usize, IMPORTED - SEATS as usize);
    let roster = rosters::whole_roster(&on_b, class.class.id).await?;
    assert_eq!(roster.len(), IMPORTED);
    let attempts: i32 = job_column(&db, "attempts").await?;
    assert_eq!(attempts, 2, "A's attempt and B's");
    let state: String = job_column(&db, "state").await?;
    assert_eq!(state, "succeeded");
    Ok(())
}

/// A column of the (only) job row.
async fn job_column<T: sea_orm::TryGetable>(
    db: &DatabaseConnection,
    column: &str,
) -> anyhow::Result<T> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT {column} FROM jobs"),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no job"))?;
    Ok(row.try_get("", column)?)
}

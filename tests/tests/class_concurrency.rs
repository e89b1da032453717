//! Seats are never over-filled: 500 trainees apply at once, through the HTTP
//! API of a running server, to a class with 30 seats; then 10 of the enrolled
//! withdraw at once and exactly the first 10 in line are promoted.
//!
//! Prints the decisions per second each database sustained (visible with
//! `cargo test -p cultivator-tests --test class_concurrency -- --nocapture`).

use std::sync::Arc;
use std::time::Instant;

use cultivator_shared::api::Page;
use cultivator_shared::api::classes::{ClassDetail, MyEnrollment, RosterEntry};
use cultivator_shared::{EnrollmentMode, EnrollmentStatus};
use cultivator_tests::classes::{create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_json};
use cultivator_tests::people;
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;
use tokio::sync::Barrier;
use tokio::task::JoinSet;

on_both_databases!(five_hundred_trainees_apply_for_thirty_seats_at_once);

const TRAINEES: usize = 500;
const SEATS: u32 = 30;
const WITHDRAWING: usize = 10;

/// 500 accounts, each signed in over HTTP.
async fn signed_in_trainees(app: &TestApp) -> anyhow::Result<Vec<(String, ApiClient)>> {
    let mobiles = people::trainees(&app.db, TRAINEES).await?;
    people::sign_in_all(&app.base_url, mobiles).await
}

/// Sends `action` for every client at the same moment; returns each result
/// with its mobile number and the elapsed wall time.
async fn all_at_once(
    clients: Vec<(String, Arc<ApiClient>)>,
    path: String,
) -> anyhow::Result<(Vec<(String, MyEnrollment)>, f64)> {
    let barrier = Arc::new(Barrier::new(clients.len() + 1));
    let mut tasks = JoinSet::new();
    for (mobile, client) in clients {
        let barrier = barrier.clone();
        let path = path.clone();
        tasks.spawn(async move {
            barrier.wait().await;
            let response = client.post(&path, &()).await?;
            let mine: MyEnrollment = expect_json(response, StatusCode::OK).await?;
            anyhow::Ok((mobile, mine))
        });
    }
    barrier.wait().await;
    let started = Instant::now();
    let mut results = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        results.push(joined??);
    }
    Ok((results, started.elapsed().as_secs_f64()))
}

async fn five_hundred_trainees_apply_for_thirty_seats_at_once(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.client()?;
    instructor
        .login_ok(
            "13800000005",
            cultivator_server::domain::seed::demo::DEMO_PASSWORD,
        )
        .await?;
    let programme = demo_programme(&app.db).await?;
    let class: ClassDetail = create_class(
        &instructor,
        &offline_class(programme, SEATS, EnrollmentMode::Open),
    )
    .await?;
    let clients: Vec<(String, Arc<ApiClient>)> = signed_in_trainees(&app)
        .await?
        .into_iter()
        .map(|(m, c)| (m, Arc::new(c)))
        .collect();

    // Every application at once: each one gets an answer, none an error.
    let apply = format!("/api/v1/classes/{}/apply", class.class.id);
    let (results, secs) = all_at_once(clients.clone(), apply).await?;
    println!(
        "{backend:?}: {TRAINEES} applications decided in {secs:.2} s = {:.0} decisions/s",
        TRAINEES as f64 / secs
    );
    let enrolled: Vec<&(String, MyEnrollment)> = results
        .iter()
        .filter(|(_, e)| e.status == EnrollmentStatus::Enrolled)
        .collect();
    assert_eq!(enrolled.len(), SEATS as usize);
    let mut positions: Vec<u32> = results
        .iter()
        .filter(|(_, e)| e.status == EnrollmentStatus::Waitlisted)
        .filter_map(|(_, e)| e.waitlist_position)
        .collect();
    positions.sort_unstable();
    assert_eq!(
        positions,
        (1..=(TRAINEES as u32 - SEATS)).collect::<Vec<_>>()
    );

    // The same picture from the database's side, in queue order.
    let roster: Vec<RosterEntry> =
        cultivator_tests::rosters::whole_roster(&instructor, class.class.id).await?;
    let in_line: Vec<String> = roster
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Waitlisted)
        .map(|e| e.mobile.clone())
        .collect();
    assert_eq!(in_line.len(), TRAINEES - SEATS as usize);

    // The waitlist alone, a page deep: places are counted over the whole line.
    let roster_path = format!("/api/v1/classes/{}/enrollments", class.class.id);
    let deep: Page<RosterEntry> = expect_json(
        instructor
            .get(&format!(
                "{roster_path}?status=waitlisted&limit=10&offset=100"
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(deep.total, in_line.len() as u64);
    assert_eq!(
        deep.items
            .iter()
            .map(|e| e.waitlist_position)
            .collect::<Vec<_>>(),
        (101..=110).map(Some).collect::<Vec<_>>()
    );
    assert_eq!(
        deep.items
            .iter()
            .map(|e| e.mobile.clone())
            .collect::<Vec<_>>(),
        in_line[100..110].to_vec()
    );
    for bad in ["limit=0", "limit=101", "offset=-1", "status=nobody"] {
        let refused = instructor.get(&format!("{roster_path}?{bad}")).await?;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{bad}");
    }

    // Ten of the enrolled withdraw at once: exactly the first ten in line move up.
    let leaving: Vec<(String, Arc<ApiClient>)> = clients
        .iter()
        .filter(|(m, _)| enrolled.iter().take(WITHDRAWING).any(|(e, _)| e == m))
        .cloned()
        .collect();
    let withdraw = format!("/api/v1/classes/{}/withdraw", class.class.id);
    let (withdrawn, secs) = all_at_once(leaving, withdraw).await?;
    println!(
        "{backend:?}: {WITHDRAWING} withdrawals with promotion decided in {secs:.3} s = {:.0} decisions/s",
        WITHDRAWING as f64 / secs
    );
    assert!(
        withdrawn
            .iter()
            .all(|(_, e)| e.status == EnrollmentStatus::Withdrawn)
    );

    let after: Vec<RosterEntry> =
        cultivator_tests::rosters::whole_roster(&instructor, class.class.id).await?;
    let mut promoted: Vec<String> = after
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Enrolled && in_line.contains(&e.mobile))
        .map(|e| e.mobile.clone())
        .collect();
    promoted.sort();
    let mut first_ten = in_line[..WITHDRAWING].to_vec();
    first_ten.sort();
    assert_eq!(promoted, first_ten);
    let seated = after
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Enrolled)
        .count();
    assert_eq!(seated, SEATS as usize);
    let still_waiting: Vec<u32> = after.iter().filter_map(|e| e.waitlist_position).collect();
    assert_eq!(
        still_waiting,
        (1..=(TRAINEES - SEATS as usize - WITHDRAWING) as u32).collect::<Vec<_>>()
    );
    app.stop().await
}

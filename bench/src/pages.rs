//! `cultivator-bench pages`: what one view of a page costs the server, for
//! views made of one or more requests sent one after another on each of C
//! connections for S seconds (as wrk would, with the browser's
//! `Accept-Encoding`). The client runs in the same process: on a small
//! machine it takes CPU from the server, so the figures are a floor.
//!
//! The trainee's home page is measured two ways: as the page alone (its
//! first screen's data written in by the server, one request and one
//! session lookup) and as the six API calls the app would otherwise make
//! after starting. An instructor's roster of a class of 1,000 (30 seated,
//! 970 in line; added to the first demo class once) is measured a page at a
//! time: the first page, a page deep in the waitlist, and 100 per page.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use cultivator_server::AppConfig;
use cultivator_server::db::users;
use cultivator_server::domain::seed::bulk::{self, NewEnrollment, NewTrainee};
use cultivator_server::domain::seed::demo;
use cultivator_shared::EnrollmentStatus;
use cultivator_shared::api::catalog::ClassSummary;
use sea_orm::DatabaseConnection;

use crate::{percentile, signed_in_client};

/// The demo trainee.
const TRAINEE: &str = "13800000010";
/// The demo instructor, whose first class gets the large roster.
const INSTRUCTOR: &str = "13800000005";
/// The large roster: its members' mobiles start here.
const FIRST_MEMBER: u64 = 15_700_000_000;
const MEMBERS: u64 = 1_000;
const SEATED: u64 = 30;

/// What `cultivator-bench pages` is asked to do.
#[derive(Debug, Clone, clap::Args)]
pub struct PagesBench {
    /// Connections, each sending one view's requests after another.
    #[arg(long, default_value_t = 16)]
    pub connections: usize,
    /// Seconds each view is measured.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
}

/// A view: its name and the paths requested, in order, for one view.
pub struct View {
    pub name: &'static str,
    pub paths: Vec<String>,
}

/// The trainee's home page, both ways.
fn home_views() -> Vec<View> {
    let api = |p: &str| format!("/api/v1{p}");
    vec![
        View {
            name: "home page (first screen in the page)",
            paths: vec!["/".into()],
        },
        View {
            name: "home as six API calls",
            paths: [
                "/auth/me",
                "/me/courses",
                "/me/credits",
                "/notifications?limit=50",
                "/courses",
                "/classes/near-me",
            ]
            .iter()
            .map(|p| api(p))
            .collect(),
        },
    ]
}

/// A roster of [`MEMBERS`], a page at a time.
fn roster_views(class: i64) -> Vec<View> {
    let roster = format!("/api/v1/classes/{class}/enrollments");
    vec![
        View {
            name: "roster of 1,000: first 50",
            paths: vec![roster.clone()],
        },
        View {
            name: "roster of 1,000: waitlist 901-950",
            paths: vec![format!("{roster}?status=waitlisted&limit=50&offset=900")],
        },
        View {
            name: "roster of 1,000: 100 per page",
            paths: vec![format!("{roster}?limit=100&offset=500")],
        },
    ]
}

/// The instructor's first class, with [`MEMBERS`] more members (added
/// straight into the database the first time): [`SEATED`] enrolled, the
/// rest waitlisted in order.
async fn large_class(
    db: &DatabaseConnection,
    instructor: &reqwest::Client,
    base: &str,
) -> anyhow::Result<i64> {
    let classes: Vec<ClassSummary> = instructor
        .get(format!("{base}/api/v1/instructor/classes"))
        // Read here, so not compressed (this client cannot decode brotli).
        .header(reqwest::header::ACCEPT_ENCODING, "identity")
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let class = classes
        .first()
        .ok_or_else(|| anyhow::anyhow!("the demo instructor runs no class"))?
        .id
        .0;
    if users::find_by_mobile(db, &FIRST_MEMBER.to_string())
        .await?
        .is_some()
    {
        return Ok(class);
    }
    let now = Utc::now();
    let hash = bulk::shared_password_hash().await?;
    let people = (0..MEMBERS)
        .map(|i| NewTrainee {
            name: format!("学员{i:04}"),
            mobile: (FIRST_MEMBER + i).to_string(),
            region: "510121100201".into(),
        })
        .collect();
    let first = bulk::insert_trainees(db, people, &hash, now, |_| {}).await?;
    let enrollments = (0..MEMBERS)
        .map(|i| {
            let seated = i < SEATED;
            NewEnrollment {
                class,
                user: first + i64::try_from(i).unwrap_or(0),
                status: if seated {
                    EnrollmentStatus::Enrolled
                } else {
                    EnrollmentStatus::Waitlisted
                },
                waitlist_position: (!seated).then(|| 100_000 + i32::try_from(i).unwrap_or(0)),
                applied_at: now,
                decided_at: seated.then_some(now),
                completed_at: None,
            }
        })
        .collect();
    bulk::insert_enrollments(db, enrollments, |_| {}).await?;
    Ok(class)
}

pub async fn run(db: DatabaseConnection, bench: &PagesBench) -> anyhow::Result<()> {
    demo::load(&db).await?;
    let server = crate::Server::start(db.clone(), AppConfig::default()).await?;
    let base = server.base.clone();
    let trainee = signed_in_client(&base, TRAINEE, bench.connections, true).await?;
    println!(
        "{} connections, {} s per view; a view's requests go one after another",
        bench.connections, bench.seconds
    );
    println!(
        "{:<38} {:>5} {:>9} {:>9} {:>8} {:>8} {:>10}",
        "view", "reqs", "views/s", "req/s", "p50 ms", "p99 ms", "bytes/view"
    );
    for view in home_views() {
        measure(&trainee, &base, &view, bench).await?;
    }
    let instructor = signed_in_client(&base, INSTRUCTOR, bench.connections, true).await?;
    let class = large_class(&db, &instructor, &base).await?;
    for view in roster_views(class) {
        measure(&instructor, &base, &view, bench).await?;
    }
    server.stop().await?;
    Ok(())
}

/// Sends `view` over and over on each connection for the bench's time;
/// prints views/s, requests/s, the latency of a whole view and its bytes
/// on the wire.
pub async fn measure(
    client: &reqwest::Client,
    base: &str,
    view: &View,
    bench: &PagesBench,
) -> anyhow::Result<()> {
    let urls: Arc<Vec<String>> =
        Arc::new(view.paths.iter().map(|p| format!("{base}{p}")).collect());
    let mut bytes = 0;
    for url in urls.iter() {
        bytes += client
            .get(url)
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?
            .len();
    }
    let done = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..bench.connections {
        let (client, urls, done) = (client.clone(), urls.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let t = Instant::now();
                for url in urls.iter() {
                    client
                        .get(url)
                        .send()
                        .await?
                        .error_for_status()?
                        .bytes()
                        .await?;
                }
                times.push(t.elapsed());
            }
            anyhow::Ok(times)
        }));
    }
    tokio::time::sleep(Duration::from_secs(bench.seconds)).await;
    done.store(true, Ordering::Relaxed);
    let mut times = Vec::new();
    for task in tasks {
        times.extend(task.await??);
    }
    let wall = started.elapsed().as_secs_f64();
    times.sort();
    let views = times.len() as f64 / wall;
    println!(
        "{:<38} {:>5} {:>9.0} {:>9.0} {:>8.2} {:>8.2} {:>10}",
        view.name,
        urls.len(),
        views,
        views * urls.len() as f64,
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.99).as_secs_f64() * 1000.0,
        bytes
    );
    Ok(())
}

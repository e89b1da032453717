//! `cultivator-bench progress`: the progress hot path under load. Seeds N
//! trainees straight into the database, each enrolled in one long video
//! lesson and signed in with a session of their own (rows in
//! `auth_sessions`, so no N password hashes), then drives N simulated
//! viewers against a real server: each reports "I played the last
//! `interval` of media" every `interval`, with its own session cookie. The
//! claimed playback always equals the wall-clock time that passed, so every
//! report passes the server's watch-time check; time is compressed by
//! reporting more often than a real player (every 15 s), not by playing
//! faster, so N viewers at interval I stand for N × 15 s / I real viewers.
//!
//! Beside them run `--adversaries` scripted trainees that send reports back
//! to back, as fast as the server answers, claiming tiny disjoint spans (50 ms
//! each, and now and then a 1.1 s one): the pattern that used to grow one
//! lesson's stored intervals without bound and make every report on it
//! slower. The honest viewers' p50/p99 are printed with them running, so a
//! run with `--adversaries 0` beside one with them shows their effect.
//!
//! In the same run it measures the raw upsert rate of the same database,
//! one row per transaction and 100 rows per statement, with the statement
//! the progress writer uses.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use cultivator_server::AppConfig;
use cultivator_server::db::auth_sessions::USER_ID_KEY;
use cultivator_server::db::courses::{self, lessons};
use cultivator_server::db::{self, lesson_progress};
use cultivator_server::domain::coordination::recount;
use cultivator_shared::{CSRF_HEADER, CSRF_HEADER_VALUE, CourseId, CreditHours, PublishState};
use rand::Rng;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, Set, Value};
use tokio::sync::Mutex;

use crate::percentile;

/// What `cultivator-bench progress` is asked to do.
#[derive(Debug, Clone, clap::Args)]
pub struct ProgressBench {
    /// Simulated viewers, each with its own trainee and session.
    #[arg(long, default_value_t = 20_000)]
    pub viewers: usize,
    /// Milliseconds between two reports of one viewer (a real player: 15000).
    #[arg(long, default_value_t = 2_000)]
    pub interval_ms: u64,
    /// How long the viewers play, in seconds.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Seconds each raw upsert measurement runs.
    #[arg(long, default_value_t = 3)]
    pub raw_seconds: u64,
    /// Most requests in flight at once, i.e. HTTP connections (as a reverse
    /// proxy in front of the server would hold).
    #[arg(long, default_value_t = 256)]
    pub connections: usize,
    /// Scripted trainees sending tiny disjoint spans back to back.
    #[arg(long, default_value_t = 4)]
    pub adversaries: usize,
    /// Drive an already running server that uses the same database (e.g.
    /// `http://127.0.0.1:8080`) instead of serving one in this process.
    #[arg(long)]
    pub url: Option<String>,
}

/// The lessons the bench uses: one the viewers watch, one for raw upserts.
struct Seeded {
    watched: i64,
    scratch: i64,
    users: Vec<i64>,
    sessions: Vec<String>,
}

/// How the simulated viewers' reports fared.
#[derive(Debug, Clone, Copy)]
pub struct Tally {
    pub accepted: usize,
    pub rejected: u64,
    pub failed: u64,
    /// Reports the adversaries got answered (any answer but a failure).
    pub adversary_reports: u64,
    /// The most intervals stored for any adversary at the end.
    pub adversary_stretches: usize,
}

/// Runs the bench and prints its figures; an error when any report failed
/// (a figure over failing requests would mean nothing).
pub async fn run(db: DatabaseConnection, args: ProgressBench) -> anyhow::Result<Tally> {
    anyhow::ensure!(args.viewers > 0, "--viewers must be at least 1");
    let backend = if db::is_sqlite(&db) {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let started = Instant::now();
    let seeded = seed(&db, args.viewers + args.adversaries).await?;
    println!(
        "{backend}: seeded {} trainees with sessions and enrollments in {:.1?}",
        args.viewers + args.adversaries,
        started.elapsed()
    );

    let one = raw_upserts(&db, &seeded, 1, args.raw_seconds).await?;
    // One statement may not upsert the same row twice.
    let batch = 100.min(args.viewers);
    let many = raw_upserts(&db, &seeded, batch, args.raw_seconds).await?;
    println!("raw upsert, one row per transaction:     {one:>9.0} rows/s");
    println!("raw upsert, {batch} rows per statement:      {many:>9.0} rows/s");

    let (base, server) = match &args.url {
        Some(url) => (url.trim_end_matches('/').to_owned(), None),
        None => {
            let server = crate::Server::start(db.clone(), AppConfig::default()).await?;
            (server.base.clone(), Some(server))
        }
    };
    println!(
        "{} viewers, one report each every {} ms (= {:.0} viewers at 15 s), {} s, server {}",
        args.viewers,
        args.interval_ms,
        args.viewers as f64 * 15_000.0 / args.interval_ms.max(1) as f64,
        args.seconds,
        if args.url.is_some() {
            base.as_str()
        } else {
            "in this process"
        }
    );
    let outcome = drive(&base, &seeded, &args).await?;
    let stretches = most_stretches(&db, &seeded, args.viewers).await?;
    if args.adversaries > 0 {
        println!(
            "{} adversaries, back to back: {:.0} reports/s answered ({} refused), at most {} stored intervals each",
            args.adversaries,
            outcome.adversary_reports as f64 / outcome.window.as_secs_f64(),
            outcome.adversary_refused,
            stretches
        );
    }
    let mut times = outcome.times;
    times.sort_unstable();
    let rate = times.len() as f64 / outcome.window.as_secs_f64();
    println!(
        "progress reports: {rate:>9.0} accepted/s   p50 {:.2} ms   p99 {:.2} ms   ({} accepted, {} rejected, {} failed in {:.1} s)",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.99).as_secs_f64() * 1000.0,
        times.len(),
        outcome.rejected,
        outcome.failed,
        outcome.window.as_secs_f64()
    );
    println!(
        "accepted reports/s over raw one-row-per-transaction upserts/s: {:.2}x{}",
        rate / one.max(1.0),
        if outcome.saturated {
            ""
        } else {
            " (the viewers did not saturate the server: add viewers or shorten the interval)"
        }
    );
    if let Some(server) = server {
        server.stop().await?;
    }
    anyhow::ensure!(
        outcome.failed == 0,
        "{} progress reports failed: the figures above are not valid",
        outcome.failed
    );
    Ok(Tally {
        accepted: times.len(),
        rejected: outcome.rejected,
        failed: outcome.failed,
        adversary_reports: outcome.adversary_reports,
        adversary_stretches: stretches,
    })
}

/// Trainees, their roles, enrollments and sessions, as multi-row inserts.
async fn seed(db: &DatabaseConnection, n: usize) -> anyhow::Result<Seeded> {
    let b = db.get_database_backend();
    let now = Utc::now();
    // Mobile numbers unique to this run, so the bench can run again on the
    // same database.
    let run = now.timestamp() % 0xffff_ffff;
    let first = db::next_id(db, "users").await?;
    let first_role = db::next_id(db, "user_roles").await?;
    let users: Vec<i64> = (0..n as i64).map(|i| first + i).collect();
    // A full lifetime, as after signing in (a shorter one would be renewed).
    let expires = now.timestamp() + i64::from(AppConfig::default().session_days) * 86_400;
    let sessions: Vec<String> = (0..n)
        .map(|_| tower_sessions::session::Id::default().to_string())
        .collect();
    let txn = db::begin_write(db).await?;
    recount::insert_rows(
        &txn,
        b,
        "users (id, name, mobile, password_hash, region_code, created_at)",
        users
            .iter()
            .enumerate()
            .map(|(i, id)| {
                vec![
                    (*id).into(),
                    format!("观众{i}").into(),
                    format!("b{run:08x}-{i}").into(),
                    "!".into(),
                    "11".into(),
                    now.into(),
                ]
            })
            .collect(),
    )
    .await?;
    recount::insert_rows(
        &txn,
        b,
        "user_roles (id, user_id, role)",
        users
            .iter()
            .enumerate()
            .map(|(i, id)| {
                vec![
                    (first_role + i as i64).into(),
                    (*id).into(),
                    "trainee".into(),
                ]
            })
            .collect(),
    )
    .await?;
    let course = courses::insert(
        &txn,
        courses::NewCourse {
            title: "压测课程",
            summary: "cultivator bench progress",
            category: "压测",
            credit: CreditHours(10),
            state: PublishState::Published,
            author: cultivator_shared::UserId(first),
        },
    )
    .await?;
    let module = courses::insert_module(&txn, course, 1, "压测").await?;
    let mut lesson_ids = Vec::new();
    for position in 1..=2 {
        let lesson = lessons::ActiveModel {
            module_id: Set(module.0),
            position: Set(position),
            title: Set(format!("压测视频{position}")),
            kind: Set("video".into()),
            required: Set(true),
            credit_tenths: Set(0),
            // Four hours: nobody reaches the end during the bench.
            duration_secs: Set(Some(4 * 3600)),
            body: Set(None),
            media_path: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        lesson_ids.push(lesson.id);
    }
    enroll_all(&txn, b, course, &users, now).await?;
    recount::insert_rows(
        &txn,
        b,
        "auth_sessions (id, data, expires_at, user_id)",
        users
            .iter()
            .zip(&sessions)
            .map(|(user, id)| {
                vec![
                    id.clone().into(),
                    serde_json::json!({ USER_ID_KEY: user }).to_string().into(),
                    expires.into(),
                    (*user).into(),
                ]
            })
            .collect(),
    )
    .await?;
    txn.commit().await?;
    db::bump_sequence(db, "users").await?;
    db::bump_sequence(db, "user_roles").await?;
    Ok(Seeded {
        watched: lesson_ids[0],
        scratch: lesson_ids[1],
        users,
        sessions,
    })
}

async fn enroll_all(
    db: &impl ConnectionTrait,
    b: DbBackend,
    course: CourseId,
    users: &[i64],
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let rows: Vec<Vec<Value>> = users
        .iter()
        .map(|u| vec![course.0.into(), (*u).into(), now.into()])
        .collect();
    recount::insert_rows(
        db,
        b,
        "course_enrollments (course_id, user_id, enrolled_at)",
        rows,
    )
    .await?;
    Ok(())
}

/// Rows per second upserted into `lesson_progress` with `per_txn` rows in
/// one statement and one transaction, for `seconds`.
async fn raw_upserts(
    db: &DatabaseConnection,
    seeded: &Seeded,
    per_txn: usize,
    seconds: u64,
) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut rows = 0usize;
    let mut next = 0usize;
    while started.elapsed() < Duration::from_secs(seconds) {
        let now = Utc::now();
        let batch: Vec<lesson_progress::Model> = (0..per_txn)
            .map(|k| {
                let user = seeded.users[(next + k) % seeded.users.len()];
                let mut row = lesson_progress::blank(user, seeded.scratch, now);
                row.position_ms = i64::try_from(next + k).unwrap_or(0);
                row.last_report_ms = Some(now.timestamp_millis());
                row
            })
            .collect();
        next += per_txn;
        let txn = db::begin_write(db).await?;
        lesson_progress::upsert_many(&txn, batch).await?;
        txn.commit().await?;
        rows += per_txn;
    }
    Ok(rows as f64 / started.elapsed().as_secs_f64())
}

struct Outcome {
    /// Whether reports were sent as fast as answered, i.e. the server, not
    /// the viewers' pace, set the rate.
    saturated: bool,
    times: Vec<Duration>,
    rejected: u64,
    failed: u64,
    window: Duration,
    adversary_reports: u64,
    adversary_refused: u64,
}

/// The most intervals stored on the watched lesson for any adversary (the
/// trainees after the first `viewers`).
async fn most_stretches(
    db: &DatabaseConnection,
    seeded: &Seeded,
    viewers: usize,
) -> anyhow::Result<usize> {
    let mut most = 0;
    for user in seeded.users.iter().skip(viewers) {
        if let Some(row) =
            lesson_progress::find(db, cultivator_shared::UserId(*user), seeded.watched).await?
        {
            let pairs: Vec<(u64, u64)> = serde_json::from_str(&row.played)?;
            most = most.max(pairs.len());
        }
    }
    Ok(most)
}

/// One scripted trainee: reports as fast as answered, each claiming a tiny
/// span somewhere new, and every eighth a 1.1 s one. Counts answers (accepted
/// or refused) while `measuring`.
async fn adversary(
    client: reqwest::Client,
    url: Arc<str>,
    cookie: String,
    measuring: Arc<AtomicBool>,
    stopping: Arc<AtomicBool>,
    answered: Arc<AtomicU64>,
    refused: Arc<AtomicU64>,
) {
    let mut n: u64 = 0;
    while !stopping.load(Ordering::Relaxed) {
        n += 1;
        let from = n * 1_997 % (3 * 3600 * 1000);
        let len = if n.is_multiple_of(8) { 1_100 } else { 50 };
        let body = serde_json::json!({
            "played": {"from_ms": from, "to_ms": from + len},
            "position_ms": from + len,
        });
        let response = client
            .post(&*url)
            .header("cookie", &cookie)
            .header(CSRF_HEADER, CSRF_HEADER_VALUE)
            .json(&body)
            .send()
            .await;
        let Ok(response) = response else {
            // The server is going away at the end of the run.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let refused_now = response.status().is_client_error();
        let _ = response.bytes().await;
        if measuring.load(Ordering::Relaxed) {
            answered.fetch_add(1, Ordering::Relaxed);
            if refused_now {
                refused.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// Runs the viewers; counts only reports answered inside the measuring
/// window, which opens once every viewer has started.
async fn drive(base: &str, seeded: &Seeded, args: &ProgressBench) -> anyhow::Result<Outcome> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.connections)
        .build()?;
    let gate = Arc::new(tokio::sync::Semaphore::new(args.connections.max(1)));
    let url: Arc<str> = format!("{base}/api/v1/lessons/{}/progress", seeded.watched).into();
    let interval = Duration::from_millis(args.interval_ms.max(1));
    let warmup = interval + Duration::from_secs(1);
    let total = Duration::from_secs(args.seconds).max(warmup + Duration::from_secs(1));
    let t0 = Instant::now();
    let measuring = Arc::new(AtomicBool::new(false));
    let stopping = Arc::new(AtomicBool::new(false));
    let rejected = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let times = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let answered = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::with_capacity(seeded.sessions.len());
    let (honest, scripted) = seeded
        .sessions
        .split_at(args.viewers.min(seeded.sessions.len()));
    let mut scripts = Vec::with_capacity(scripted.len());
    for session in scripted {
        scripts.push(tokio::spawn(adversary(
            reqwest::Client::new(),
            url.clone(),
            format!("cultivator_session={session}"),
            measuring.clone(),
            stopping.clone(),
            answered.clone(),
            refused.clone(),
        )));
    }
    for session in honest {
        let cookie = format!("cultivator_session={session}");
        let (client, url, gate) = (client.clone(), url.clone(), gate.clone());
        let (measuring, stopping) = (measuring.clone(), stopping.clone());
        let (rejected, failed, times) = (rejected.clone(), failed.clone(), times.clone());
        let offset = rand::thread_rng().gen_range(0..interval.as_millis().max(1) as u64);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(offset)).await;
            let mut mine = Vec::new();
            let mut position_ms: u64 = 0;
            let mut last: Option<Instant> = None;
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            while !stopping.load(Ordering::Relaxed) {
                ticker.tick().await;
                let Ok(_connection) = gate.acquire().await else {
                    break;
                };
                let sent = Instant::now();
                // Played exactly as much media as wall-clock time passed.
                let body = match last {
                    None => serde_json::json!({"played": null, "position_ms": 0}),
                    Some(previous) => {
                        let from = position_ms;
                        let to = from + sent.duration_since(previous).as_millis() as u64;
                        serde_json::json!({"played": {"from_ms": from, "to_ms": to}, "position_ms": to})
                    }
                };
                let response = client
                    .post(&*url)
                    .header("cookie", &cookie)
                    .header(CSRF_HEADER, CSRF_HEADER_VALUE)
                    .json(&body)
                    .send()
                    .await;
                let counted = measuring.load(Ordering::Relaxed);
                match response {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        if let Some(to) = body["position_ms"].as_u64() {
                            position_ms = to;
                        }
                        last = Some(sent);
                        if counted {
                            mine.push(sent.elapsed());
                        }
                    }
                    Ok(r) if r.status() == reqwest::StatusCode::UNPROCESSABLE_ENTITY => {
                        let _ = r.bytes().await;
                        if counted {
                            rejected.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Ok(_) | Err(_) => {
                        if counted {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }
            times.lock().await.extend(mine);
        }));
    }
    tokio::time::sleep_until((t0 + warmup).into()).await;
    measuring.store(true, Ordering::Relaxed);
    let opened = Instant::now();
    tokio::time::sleep_until((t0 + total).into()).await;
    measuring.store(false, Ordering::Relaxed);
    let window = opened.elapsed();
    stopping.store(true, Ordering::Relaxed);
    for task in tasks.into_iter().chain(scripts) {
        task.await.context("a viewer panicked")?;
    }
    let times = std::mem::take(&mut *times.lock().await);
    let offered = honest.len() as f64 / interval.as_secs_f64();
    Ok(Outcome {
        saturated: (times.len() as f64) < 0.95 * offered * window.as_secs_f64(),
        times,
        rejected: rejected.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        window,
        adversary_reports: answered.load(Ordering::Relaxed),
        adversary_refused: refused.load(Ordering::Relaxed),
    })
}

//! `cultivator-bench register-burst`: what a burst of registrations costs
//! in memory. Serves the app in this process on the given database, sends
//! N registrations (all valid, all new mobile numbers) C at a time from one
//! address (with the per-address limit lifted for the run), and prints the
//! process's resident memory before, at its peak (VmHWM) and after it has
//! settled. Each registration hashes a password with Argon2id at 19 MiB, so
//! memory that is not bounded or not reused shows up here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cultivator_server::AppConfig;
use cultivator_shared::api::auth::RegisterRequest;
use cultivator_shared::{CSRF_HEADER, CSRF_HEADER_VALUE};
use rand::Rng;
use sea_orm::DatabaseConnection;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// What `cultivator-bench register-burst` is asked to do.
#[derive(Debug, Clone, clap::Args)]
pub struct RegisterBurstBench {
    /// Registrations to send.
    #[arg(long, default_value_t = 300)]
    pub registrations: usize,
    /// Registrations in flight at once.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Seconds to wait after the burst before reading the settled size.
    #[arg(long, default_value_t = 5)]
    pub settle_secs: u64,
}

/// What the burst measured, in MiB, and how the registrations fared.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    pub created: usize,
    pub failed: usize,
    pub rss_before_mib: f64,
    pub peak_mib: f64,
    pub settled_mib: f64,
}

pub async fn run(db: DatabaseConnection, args: RegisterBurstBench) -> anyhow::Result<Figures> {
    let config = AppConfig {
        register_max_per_address: u32::MAX,
        ..AppConfig::default()
    };
    let server = crate::Server::start(db, config).await?;
    let base = server.base.clone();

    let rss_before_mib = memory("VmRSS")?;
    let started = Instant::now();
    let (created, failed) = burst(&base, &args).await?;
    let took = started.elapsed();
    let peak_mib = memory("VmHWM")?;
    tokio::time::sleep(Duration::from_secs(args.settle_secs)).await;
    let settled_mib = memory("VmRSS")?;
    println!(
        "{} registrations, {} at a time, in {:.1} s: {created} created, {failed} failed",
        args.registrations,
        args.concurrency,
        took.as_secs_f64()
    );
    println!(
        "resident memory: {rss_before_mib:.0} MiB before, {peak_mib:.0} MiB at peak (VmHWM), \
         {settled_mib:.0} MiB {} s after",
        args.settle_secs
    );
    server.stop().await?;
    Ok(Figures {
        created,
        failed,
        rss_before_mib,
        peak_mib,
        settled_mib,
    })
}

/// Sends the registrations; how many were created and how many failed.
async fn burst(base: &str, args: &RegisterBurstBench) -> anyhow::Result<(usize, usize)> {
    let client = reqwest::Client::new();
    let slots = Arc::new(Semaphore::new(args.concurrency.max(1)));
    // A prefix of its own per run, so that runs on one database do not collide.
    let run: u32 = rand::thread_rng().gen_range(0..10_000);
    let mut tasks = JoinSet::new();
    for i in 0..args.registrations {
        let request = RegisterRequest {
            name: format!("压测{i}"),
            mobile: format!("137{run:04}{:04}", i % 10_000),
            password: "harvest2026".into(),
            region_code: "51".into(),
        };
        let client = client.clone();
        let url = format!("{base}/api/v1/auth/register");
        let slots = slots.clone();
        tasks.spawn(async move {
            let _slot = slots.acquire_owned().await?;
            let response = client
                .post(url)
                .header(CSRF_HEADER, CSRF_HEADER_VALUE)
                .json(&request)
                .send()
                .await?;
            anyhow::Ok(response.status() == reqwest::StatusCode::CREATED)
        });
    }
    let (mut created, mut failed) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        match done? {
            Ok(true) => created += 1,
            _ => failed += 1,
        }
    }
    Ok((created, failed))
}

/// One line of /proc/self/status (`VmRSS`, `VmHWM`), in MiB.
fn memory(field: &str) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no {field} in /proc/self/status"))?;
    Ok(kib / 1024.0)
}

//! `cultivator-bench dashboard`: drives the dashboard API of a real server on this
//! database at national, province and county level with many concurrent
//! requests, and times the naive `GROUP BY` over enrollments that the
//! counters replace, in the same run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use cultivator_server::AppConfig;
use cultivator_server::db::counters::stmt;
use cultivator_server::db::dashboard_reads;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::percentile;

/// The national demo coordinator, who may see every level.
const COORDINATOR: &str = "13800000002";

pub struct Level {
    pub name: &'static str,
    pub region: &'static str,
}

/// National, a province, and a county of the generated data set.
pub const LEVELS: [Level; 3] = [
    Level {
        name: "national",
        region: "",
    },
    Level {
        name: "province",
        region: "51",
    },
    Level {
        name: "county",
        region: "518181",
    },
];

pub async fn run(
    db: DatabaseConnection,
    concurrency: usize,
    requests: usize,
) -> anyhow::Result<()> {
    let server = crate::Server::start(db.clone(), AppConfig::default()).await?;
    let base = server.base.clone();

    let client = crate::signed_in_client(&base, COORDINATOR, concurrency, false).await?;
    let (programme, _, _) = dashboard_reads::programme(&db, None)
        .await?
        .context("no programme; run `cultivator demo --trainees N` first")?;
    let backend = if cultivator_server::db::is_sqlite(&db) {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!(
        "{backend}: {requests} dashboard requests per level, {concurrency} concurrent, programme {programme}"
    );
    println!(
        "{:<9} {:>9} {:>9} {:>10} {:>16}",
        "level", "p50 ms", "p99 ms", "req/s", "naive GROUP BY ms"
    );

    for level in LEVELS {
        let url = if level.region.is_empty() {
            format!("{base}/api/v1/coordination/dashboard?programme={programme}")
        } else {
            format!(
                "{base}/api/v1/coordination/dashboard?programme={programme}&region={}",
                level.region
            )
        };
        // Warm up the pool and caches.
        client.get(&url).send().await?.error_for_status()?;
        let next = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..concurrency {
            let (client, url, next) = (client.clone(), url.clone(), next.clone());
            tasks.push(tokio::spawn(async move {
                let mut times = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < requests {
                    let t = Instant::now();
                    let response = client.get(&url).send().await?.error_for_status()?;
                    response.bytes().await?;
                    times.push(t.elapsed());
                }
                anyhow::Ok(times)
            }));
        }
        let mut times = Vec::new();
        for task in tasks {
            times.extend(task.await??);
        }
        let wall = started.elapsed();
        times.sort();
        let naive = naive_group_by(&db, programme, level.region).await?;
        println!(
            "{:<9} {:>9.2} {:>9.2} {:>10.0} {:>16.1}",
            level.name,
            percentile(&times, 0.5).as_secs_f64() * 1000.0,
            percentile(&times, 0.99).as_secs_f64() * 1000.0,
            times.len() as f64 / wall.as_secs_f64(),
            naive.as_secs_f64() * 1000.0
        );
    }
    server.stop().await?;
    Ok(())
}

/// What the dashboard would cost without counters: distinct trained people
/// per track and month in a region, straight from the enrollments.
async fn naive_group_by(
    db: &DatabaseConnection,
    programme: i64,
    region: &str,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    db.query_all_raw(stmt(
        db.get_database_backend(),
        "SELECT c.track, COUNT(DISTINCT e.user_id) AS people FROM enrollments e \
         JOIN classes c ON c.id = e.class_id JOIN users u ON u.id = e.user_id \
         WHERE e.status = 'completed' AND c.programme_id = ? AND u.region_code LIKE ? \
         GROUP BY c.track",
        vec![programme.into(), format!("{region}%").into()],
    ))
    .await?;
    Ok(started.elapsed())
}

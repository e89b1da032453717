//! The `cultivator-bench` command line: the dashboard, progress and
//! registration-burst benchmarks, each on the database it is given, and
//! certificate printing (no database).

use anyhow::Context;
use clap::{Parser, Subcommand};
use cultivator_server::{DbConfig, db};
use sea_orm::DatabaseConnection;

use crate::{certificates, dashboard, pages, progress, register_burst};

#[derive(Debug, Parser)]
#[command(
    name = "cultivator-bench",
    version,
    about = "Load generators for Cultivator (build with --release; use a scratch database, they add data)"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Benchmark the dashboard API at national, province and county level
    /// on a data set made by `cultivator demo --trainees N`.
    Dashboard {
        #[command(flatten)]
        db: DbConfig,
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
        /// Requests per level.
        #[arg(long, default_value_t = 2000)]
        requests: usize,
    },
    /// N simulated viewers, each with its own session, report video progress
    /// to a real server; prints accepted reports/s and p50/p99 latency beside
    /// the database's raw upsert rates. Use a scratch database: it adds N
    /// trainees and a course.
    Progress {
        #[command(flatten)]
        db: DbConfig,
        #[command(flatten)]
        bench: progress::ProgressBench,
    },
    /// N registrations, C at a time, against a server in this process;
    /// prints resident memory before, at peak and settled (Linux). Use a
    /// scratch database: it adds N trainees.
    RegisterBurst {
        #[command(flatten)]
        db: DbConfig,
        #[command(flatten)]
        bench: register_burst::RegisterBurstBench,
    },
    /// What one view of a page costs: the trainee's home page as one page
    /// with its data written in, and as the six API calls it replaces.
    /// Loads the demo data if the database has none.
    Pages {
        #[command(flatten)]
        db: DbConfig,
        #[command(flatten)]
        bench: pages::PagesBench,
    },
    /// Print one certificate and a class of N as one PDF, with the server's
    /// renderer and font; no database.
    Certificates {
        #[command(flatten)]
        bench: certificates::CertificatesBench,
    },
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<()> {
        match self.command {
            Command::Dashboard {
                db,
                concurrency,
                requests,
            } => dashboard::run(connect(&db).await?, concurrency, requests).await,
            Command::Progress { db, bench } => {
                progress::run(connect(&db).await?, bench).await?;
                Ok(())
            }
            Command::RegisterBurst { db, bench } => {
                register_burst::run(connect(&db).await?, bench).await?;
                Ok(())
            }
            Command::Pages { db, bench } => pages::run(connect(&db).await?, &bench).await,
            Command::Certificates { bench } => {
                certificates::run(&bench).await?;
                Ok(())
            }
        }
    }
}

async fn connect(config: &DbConfig) -> anyhow::Result<DatabaseConnection> {
    db::connect(config)
        .await
        .context("cannot open the database")
}

//! The `cultivator` command line: serve, migrate, load the demo data (small,
//! or at national scale), create an administrator, import regions, set up
//! programmes from files, recount the dashboard's counters, and send the
//! session reminders by hand.

use std::path::PathBuf;

use anyhow::Context;
use chrono::Utc;
use clap::{Parser, Subcommand};
use cultivator_shared::JobState;
use cultivator_shared::api::auth::RegisterRequest;
use sea_orm::DatabaseConnection;

use crate::domain::accounts;
use crate::domain::audit::Actor;
use crate::domain::certificates;
use crate::domain::coordination::recount;
use crate::domain::learning::media::DiskStore;
use crate::domain::notifications::reminders;
use crate::domain::programmes;
use crate::domain::seed::demo_scale;
use crate::domain::seed::region_tree;
use crate::domain::seed::{demo, demo_activity};
use crate::{AppConfig, AppState, DbConfig, db, startup};

#[derive(Debug, Parser)]
#[command(
    name = "cultivator",
    version,
    about = "Cultivator: online and offline training for rural talent programmes"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web app and the API (runs pending migrations first).
    Serve {
        #[command(flatten)]
        db: DbConfig,
        #[command(flatten)]
        app: Box<AppConfig>,
        /// Load the demo data set, with a programme in motion (thousands of
        /// trainees, completions, targets, lesson media), before serving
        /// (does nothing if already loaded).
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date, then exit.
    Migrate {
        #[command(flatten)]
        db: DbConfig,
    },
    /// Copy a SQLite database, while the server runs, to a new file (a
    /// consistent snapshot; see docs/deploy.md for restoring it).
    Backup {
        #[command(flatten)]
        db: DbConfig,
        /// The file to write; it must not exist.
        #[arg(long)]
        to: PathBuf,
    },
    /// List the latest background jobs (roster imports): state, attempts,
    /// which node holds each and until when, and the last error, so that a
    /// job given up (dead) can be found and its cause read.
    Jobs {
        #[command(flatten)]
        db: DbConfig,
        /// Only jobs in this state: queued, running, succeeded or dead.
        #[arg(long, value_parser = parse_job_state)]
        state: Option<JobState>,
        /// How many, newest first.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=10_000))]
        limit: u64,
    },
    /// Load the demo data set with its programme in motion (idempotent) and
    /// print its accounts.
    Demo {
        #[command(flatten)]
        db: DbConfig,
        /// Directory where the demo lessons' media are stored (the one
        /// `serve` reads).
        #[arg(long, env = "CULTIVATOR_MEDIA_DIR", default_value = "data/media")]
        media_dir: PathBuf,
        /// Also generate this many trainees with enrollments and completions
        /// across 30 provinces (for the dashboard at scale; run it once).
        #[arg(long)]
        trainees: Option<usize>,
    },
    /// Create the first administrator, or make an existing account one.
    /// The password comes from CULTIVATOR_ADMIN_PASSWORD.
    CreateAdmin {
        #[command(flatten)]
        db: DbConfig,
        #[arg(long)]
        name: String,
        #[arg(long)]
        mobile: String,
        /// Home region code of the administrator.
        #[arg(long, default_value = "11")]
        region: String,
        #[arg(long, env = "CULTIVATOR_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Import prefectures, counties, townships and villages from a CSV file with
    /// the header `code,parent,level,name_zh,name_en`. All rows or none.
    ImportRegions {
        #[command(flatten)]
        db: DbConfig,
        file: PathBuf,
    },
    /// Set up programmes from files (see docs/programme.example.toml).
    Programme {
        #[command(subcommand)]
        command: ProgrammeCommand,
    },
    /// Recompute the dashboard's trained-people counters from the raw
    /// enrollments and report differences; `--repair` replaces them.
    Recount {
        #[command(flatten)]
        db: DbConfig,
        #[arg(long)]
        repair: bool,
    },
    /// Send today's session reminders (for tomorrow's sessions) now, instead
    /// of waiting for the scheduled time. Does nothing if today's were sent.
    SendReminders {
        #[command(flatten)]
        db: DbConfig,
    },
    /// Check a certificate's QR code offline: the text it carries (the
    /// verify link with its signed credential) against the published keys,
    /// read from `--keys` (the JSON published at
    /// /.well-known/cultivator-certificate-keys.json) or else from the
    /// database. Exits non-zero if the signature does not verify.
    VerifyCertificate {
        /// The QR code's text.
        qr_text: String,
        /// The published keys, as a JSON file; without it, the database's.
        #[arg(long)]
        keys: Option<PathBuf>,
        #[command(flatten)]
        db: DbConfig,
    },
    /// Retire the key that signs certificates and make a new one. What the
    /// old key signed still verifies: it stays published.
    RotateCertificateKey {
        #[command(flatten)]
        db: DbConfig,
    },
}

#[derive(Debug, Subcommand)]
enum ProgrammeCommand {
    /// Create the programme a set-up file describes, or bring an existing
    /// one (same `code`) in line with it. Running it twice changes nothing.
    #[command(alias = "create")]
    Apply {
        #[command(flatten)]
        db: DbConfig,
        #[arg(long)]
        file: PathBuf,
    },
    /// List the programmes and their stages.
    List {
        #[command(flatten)]
        db: DbConfig,
    },
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<()> {
        match self.command {
            Command::Serve { db, app, demo } => {
                let conn = connect(&db).await?;
                certificates::keys::ensure(&conn, Utc::now()).await?;
                if demo {
                    load_demo(&conn, &app.media_dir).await?;
                }
                let listener = tokio::net::TcpListener::bind(app.listen)
                    .await
                    .with_context(|| format!("cannot listen on {}", app.listen))?;
                let addr = listener.local_addr()?;
                tracing::info!(
                    "Cultivator is serving http://{addr}/ (database: {})",
                    backend_name(&conn)
                );
                startup::serve(
                    listener,
                    AppState::new(conn, *app).context("cannot open the media store")?,
                    startup::shutdown_signal(),
                )
                .await?;
            }
            Command::Migrate { db } => {
                connect(&db).await?;
                tracing::info!("schema is up to date");
            }
            Command::Backup { db, to } => {
                db::backup::sqlite_snapshot(&connect(&db).await?, &to).await?;
                println!("Backed up to {}", to.display());
            }
            Command::Jobs { db, state, limit } => {
                for job in db::jobs::latest(&connect(&db).await?, state, limit).await? {
                    println!("{}", job_line(&job));
                }
            }
            Command::Demo {
                db,
                media_dir,
                trainees,
            } => {
                let conn = connect(&db).await?;
                load_demo(&conn, &media_dir).await?;
                if let Some(trainees) = trainees {
                    let started = std::time::Instant::now();
                    let report = demo_scale::load(&conn, trainees).await?;
                    println!(
                        "Generated {} regions, {} trainees, {} classes, {} enrollments ({} completed); {} trained people in {} counter rows; {:.1?}",
                        report.regions,
                        report.trainees,
                        report.classes,
                        report.enrollments,
                        report.completed,
                        report.trained_people,
                        report.counter_rows,
                        started.elapsed()
                    );
                }
            }
            Command::CreateAdmin {
                db,
                name,
                mobile,
                region,
                password,
            } => {
                let request = RegisterRequest {
                    name,
                    mobile,
                    password,
                    region_code: region,
                };
                let account = request.validate().map_err(|errors| {
                    let list: Vec<String> = errors
                        .iter()
                        .map(|e| format!("{}: {:?}", e.field, e.error))
                        .collect();
                    anyhow::anyhow!("invalid administrator: {}", list.join("; "))
                })?;
                let admin = accounts::ensure_admin(&connect(&db).await?, account).await?;
                println!(
                    "Administrator {} ({}) is ready; sign in with that mobile number.",
                    admin.name, admin.mobile
                );
            }
            Command::ImportRegions { db, file } => {
                let input = std::fs::File::open(&file)
                    .with_context(|| format!("cannot open {}", file.display()))?;
                let rows = match region_tree::parse(input) {
                    Err(region_tree::ImportError::Invalid(problems)) => {
                        return Err(report(problems));
                    }
                    other => other?,
                };
                match region_tree::import(&connect(&db).await?, rows).await {
                    Ok(count) => println!("Imported {count} regions."),
                    Err(region_tree::ImportError::Invalid(problems)) => {
                        return Err(report(problems));
                    }
                    Err(err) => return Err(err.into()),
                }
            }
            Command::Programme { command } => run_programme(command).await?,
            Command::Recount { db, repair } => {
                let started = std::time::Instant::now();
                let report = recount::recount(&connect(&db).await?, repair).await?;
                println!(
                    "{} trained people, {} counter rows; {} people and {} counter rows differ{} ({:.1?})",
                    report.trained_people,
                    report.counter_rows,
                    report.people_differences,
                    report.counter_differences,
                    if report.repaired { "; repaired" } else { "" },
                    started.elapsed()
                );
                if !report.agrees() && !repair {
                    anyhow::bail!("the counters differ from the raw data; run with --repair");
                }
            }
            Command::SendReminders { db } => {
                match reminders::run(&connect(&db).await?, chrono::Utc::now()).await? {
                    reminders::Outcome::AlreadyRun => {
                        println!("Today's session reminders were already sent.");
                    }
                    reminders::Outcome::Sent { sessions, notices } => {
                        println!("Reminded of {sessions} sessions: {notices} notifications.");
                    }
                }
            }
            Command::VerifyCertificate { qr_text, keys, db } => {
                let published = match keys {
                    Some(file) => {
                        let text = std::fs::read_to_string(&file)
                            .with_context(|| format!("cannot read {}", file.display()))?;
                        serde_json::from_str(&text)
                            .with_context(|| format!("{} is not a key list", file.display()))?
                    }
                    None => certificates::keys::published(&connect(&db).await?).await?,
                };
                let keys = certificates::keys::verifying_keys(&published);
                let credential = certificates::credential::parse(&qr_text)?;
                let fields = credential.verify(&keys)?;
                println!("Signature valid (key {}).", credential.key_id);
                println!("Number:    {}", fields.number);
                println!("Holder:    {}", fields.holder_name);
                println!("Completed: {} ({})", fields.title, fields.kind.as_str());
                println!("Hours:     {}", fields.credit);
                println!("On:        {}", fields.completed_on);
                println!("Issued:    {} by {}", fields.issued_on, fields.issuer);
                println!("Whether it has since been revoked, only the online check can tell.");
            }
            Command::RotateCertificateKey { db } => {
                let id = certificates::keys::rotate(
                    &connect(&db).await?,
                    &Actor::system("cli"),
                    Utc::now(),
                )
                .await?;
                println!("Certificates are now signed with key {id}; older keys still verify.");
            }
        }
        Ok(())
    }
}

async fn run_programme(command: ProgrammeCommand) -> anyhow::Result<()> {
    match command {
        ProgrammeCommand::Apply { db, file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let request = programmes::parse_file(&text)
                .with_context(|| format!("{} is not a programme set-up file", file.display()))?;
            let actor = Actor::system("command line");
            let applied =
                match programmes::apply(&connect(&db).await?, &actor, &request, Utc::now()).await {
                    Err(programmes::ProgrammeError::Invalid(errors)) => {
                        let list: Vec<String> = errors
                            .iter()
                            .map(|e| format!("{}: {:?}", e.field, e.error))
                            .collect();
                        anyhow::bail!("invalid programme: {}", list.join("; "));
                    }
                    other => other?,
                };
            if applied.created {
                println!(
                    "Created programme {} ({}).",
                    request.programme.code, applied.programme.0
                );
            } else {
                println!(
                    "Programme {} ({}): {} change(s).",
                    request.programme.code, applied.programme.0, applied.changes
                );
            }
            if !applied.stages_not_in_file.is_empty() {
                println!(
                    "Stages past the file's last, left as they are: {}",
                    applied.stages_not_in_file.join(", ")
                );
            }
        }
        ProgrammeCommand::List { db } => {
            for programme in programmes::list(&connect(&db).await?).await? {
                let p = &programme.programme;
                println!(
                    "{} {} {} ({} – {})",
                    programme.id.0, p.code, p.title, p.starts_on, p.ends_on
                );
                for stage in &programme.stages {
                    println!(
                        "  {}. {} [{}]{}",
                        stage.position,
                        stage.stage.title,
                        stage.stage.track.as_str(),
                        if stage.retired { " (retired)" } else { "" }
                    );
                }
            }
        }
    }
    Ok(())
}

fn parse_job_state(s: &str) -> Result<JobState, String> {
    JobState::parse(s).ok_or_else(|| "one of queued, running, succeeded, dead".to_owned())
}

/// One job on one line: `#id kind state attempts/max`, then the lease or the
/// next run, then the last error.
fn job_line(job: &db::jobs::Model) -> String {
    let mut line = format!(
        "#{} {} {} {}/{} created {}",
        job.id, job.kind, job.state, job.attempts, job.max_attempts, job.created_at
    );
    match (&job.lease_owner, job.lease_until, job.finished_at) {
        (Some(node), Some(until), _) => line.push_str(&format!(" held by {node} until {until}")),
        (_, _, Some(finished)) => line.push_str(&format!(" finished {finished}")),
        _ => line.push_str(&format!(" due {}", job.run_after)),
    }
    if let Some(error) = &job.last_error {
        line.push_str(&format!(" last error: {error}"));
    }
    line
}

async fn connect(config: &DbConfig) -> anyhow::Result<DatabaseConnection> {
    db::connect(config)
        .await
        .context("cannot open the database")
}

fn backend_name(conn: &DatabaseConnection) -> &'static str {
    if db::is_sqlite(conn) {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

fn report(problems: Vec<region_tree::RowProblem>) -> anyhow::Error {
    for problem in &problems {
        eprintln!("{problem}");
    }
    anyhow::anyhow!(
        "{} problem(s) in the file; nothing was imported",
        problems.len()
    )
}

async fn load_demo(conn: &DatabaseConnection, media_dir: &std::path::Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let loaded = demo::load(conn).await?;
    let store = DiskStore::new(media_dir);
    std::fs::create_dir_all(media_dir)
        .with_context(|| format!("cannot create {}", media_dir.display()))?;
    let activity = demo_activity::load_activity(conn, &store).await?;
    match (loaded, activity) {
        (_, Some(r)) => println!(
            "Demo data loaded in {:.1?}: {} trainees, {} classes, {} sessions, {} enrollments \
             ({} completed), {} check-ins, {} trained people, {} notices.",
            started.elapsed(),
            r.trainees,
            r.classes,
            r.sessions,
            r.enrollments,
            r.completed,
            r.attendance,
            r.trained_people,
            r.notices
        ),
        (true, None) => println!("Demo data loaded."),
        (false, None) => println!("Demo data already present."),
    }
    println!("Demo accounts (password: {}):", demo::DEMO_PASSWORD);
    for account in demo::accounts() {
        println!(
            "  {:<12} {}  {}",
            account.role.as_str(),
            account.mobile,
            account.name
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_line_shows_its_holder_or_its_end_and_its_last_error() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T08:00:00Z")
            .map(|t| t.to_utc())
            .unwrap_or_default();
        let held = db::jobs::Model {
            id: 7,
            kind: "roster_import".into(),
            payload: "{}".into(),
            state: "running".into(),
            attempts: 2,
            max_attempts: 5,
            run_after: at,
            lease_owner: Some("4711-0000beef".into()),
            lease_until: Some(at),
            last_error: Some("connection reset".into()),
            created_at: at,
            updated_at: at,
            finished_at: None,
        };
        assert_eq!(
            job_line(&held),
            "#7 roster_import running 2/5 created 2026-12-07 08:00:00 UTC \
             held by 4711-0000beef until 2026-12-07 08:00:00 UTC last error: connection reset"
        );
        let dead = db::jobs::Model {
            state: "dead".into(),
            lease_owner: None,
            lease_until: None,
            finished_at: Some(at),
            ..held
        };
        assert!(job_line(&dead).contains("dead 2/5 created 2026-12-07 08:00:00 UTC finished"));
    }
}

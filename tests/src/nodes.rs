//! Server processes of their own, for what an in-process test cannot show:
//! several nodes serving one database, and a node killed with SIGKILL.
//!
//! A node is the test binary itself, started again to run only its
//! `child_node` function (every test file that starts nodes has one, ignored
//! and calling [`serve_if_asked`]).

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use cultivator_server::config::DailyAt;
use cultivator_server::domain::learning::media::MediaUrl;
use cultivator_server::{AppConfig, AppState, DbConfig, startup};

use crate::ApiClient;

/// Where a node finds its database.
const NODE_DB: &str = "CULTIVATOR_TEST_NODE_DATABASE_URL";
/// How long a node's hold on a background job lasts unrenewed.
pub const JOB_LEASE_SECS: u32 = 3;
/// What a node prints, followed by its base URL, once it listens.
const LISTENING: &str = "test node listening on ";

/// The body of a test file's `child_node`: serves the database named in
/// the environment until killed. Does nothing when not started by
/// [`Node::start`] (an ordinary `--ignored` run).
pub fn serve_if_asked() -> anyhow::Result<()> {
    let Ok(url) = std::env::var(NODE_DB) else {
        return Ok(());
    };
    tokio::runtime::Runtime::new()?.block_on(async move {
        let db = cultivator_server::db::connect(&DbConfig::at(url)).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("{LISTENING}http://{}", listener.local_addr()?);
        // Daily jobs run when a test calls them, not on a node's clock; a
        // killed node's jobs pass to another within seconds.
        // Media where the test says (`Node::start_with`).
        let media_url = std::env::var("CULTIVATOR_MEDIA_URL")
            .ok()
            .map(|url| MediaUrl::parse(&url))
            .transpose()
            .map_err(anyhow::Error::msg)?;
        let defaults = AppConfig::default();
        let media_max_bytes = std::env::var("CULTIVATOR_MEDIA_MAX_BYTES")
            .ok()
            .map(|n| n.parse())
            .transpose()?
            .unwrap_or(defaults.media_max_bytes);
        let config = AppConfig {
            reminder_at: DailyAt(None),
            job_lease_secs: JOB_LEASE_SECS,
            media_url,
            media_max_bytes,
            ..defaults
        };
        startup::serve(listener, AppState::new(db, config)?, std::future::pending()).await?;
        anyhow::Ok(())
    })
}

/// A running node; killed (SIGKILL) on every way out of the test.
pub struct Node {
    child: Child,
    pub base_url: String,
}

impl Node {
    /// Starts a node on the database at `url` and waits until it listens.
    pub fn start(url: &str) -> anyhow::Result<Node> {
        Node::start_with(url, &[])
    }

    /// [`Node::start`] with these environment variables set (media storage:
    /// `CULTIVATOR_MEDIA_URL`, `CULTIVATOR_MEDIA_MAX_BYTES`, `AWS_*`).
    pub fn start_with(url: &str, env: &[(String, String)]) -> anyhow::Result<Node> {
        let mut child = Command::new(std::env::current_exe()?)
            .args(["--exact", "child_node", "--ignored", "--nocapture"])
            .env(NODE_DB, url)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            anyhow::bail!("the node has no stdout");
        };
        let mut lines = BufReader::new(stdout);
        let mut line = String::new();
        while lines.read_line(&mut line)? > 0 {
            if let Some(base) = line.trim_end().strip_prefix(LISTENING) {
                let base_url = base.to_owned();
                // Keep reading, so that the node never blocks on a full pipe.
                std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
                return Ok(Node { child, base_url });
            }
            line.clear();
        }
        let _ = child.kill();
        let _ = child.wait();
        let mut rest = String::new();
        let _ = lines.read_to_string(&mut rest);
        anyhow::bail!("the node did not start: {line}{rest}")
    }

    /// The node's process id (which starts the name it holds jobs under).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A client of this node with a cookie jar of its own.
    pub fn client(&self) -> anyhow::Result<ApiClient> {
        ApiClient::new(&self.base_url, true)
    }

    /// SIGKILL: no graceful shutdown, no chance to flush anything.
    pub fn kill(mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! Cultivator's load generators: each drives a real server on a given
//! database and prints what it measured. Kept out of the server so the
//! server does not carry an HTTP client it never uses.

pub mod certificates;
pub mod cli;
pub mod dashboard;
pub mod pages;
pub mod progress;
pub mod register_burst;

use std::time::Duration;

/// The `p` quantile (0.0–1.0) of latencies sorted ascending; zero for none.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// A client signed in as the demo account `mobile`, keeping up to
/// `connections` connections open; `compressed` asks for brotli or gzip
/// answers, as browsers do.
pub async fn signed_in_client(
    base: &str,
    mobile: &str,
    connections: usize,
    compressed: bool,
) -> anyhow::Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    if compressed {
        headers.insert(
            reqwest::header::ACCEPT_ENCODING,
            reqwest::header::HeaderValue::from_static("br, gzip"),
        );
    }
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .pool_max_idle_per_host(connections)
        .build()?;
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .header(
            cultivator_shared::CSRF_HEADER,
            cultivator_shared::CSRF_HEADER_VALUE,
        )
        .json(&serde_json::json!({
            "mobile": mobile,
            "password": cultivator_server::domain::seed::demo::DEMO_PASSWORD,
        }))
        .send()
        .await?;
    anyhow::ensure!(
        login.status().is_success(),
        "signing in as {mobile} failed: {}",
        login.status()
    );
    Ok(client)
}

/// A server in this process on a free local port, until [`Server::stop`].
pub struct Server {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start(
        db: sea_orm::DatabaseConnection,
        config: cultivator_server::AppConfig,
    ) -> anyhow::Result<Server> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(cultivator_server::startup::serve(
            listener,
            cultivator_server::AppState::new(db, config)?,
            async {
                let _ = stopped.await;
            },
        ));
        Ok(Server { base, stop, task })
    }

    /// Shuts the server down and waits for it.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.task.await??;
        Ok(())
    }
}

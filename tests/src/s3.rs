//! An S3-compatible server for the media-storage tests: moto's server, from
//! PyPI (`cargo xtask test` installs it and names it in
//! `CULTIVATOR_TEST_S3_SERVER`), on a port of its own, with one bucket.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::Context;

/// Where `cargo xtask test` put the server's command.
const SERVER: &str = "CULTIVATOR_TEST_S3_SERVER";

/// A running S3 server; stopped when dropped.
pub struct S3Server {
    child: Child,
    pub endpoint: String,
}

impl S3Server {
    /// Starts the server and creates `bucket` on it.
    pub async fn start(bucket: &str) -> anyhow::Result<S3Server> {
        let command = std::env::var(SERVER).with_context(|| {
            format!("{SERVER} names no S3 server: run the tests with `cargo xtask test`")
        })?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let child = Command::new(&command)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {command}"))?;
        let server = S3Server {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        let bucket_url = format!("{}/{bucket}", server.endpoint);
        for _ in 0..300 {
            if let Ok(created) = http.put(&bucket_url).send().await {
                anyhow::ensure!(
                    created.status().is_success(),
                    "creating the bucket: {}",
                    created.status()
                );
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        anyhow::bail!("the S3 server did not start on port {port}")
    }

    /// What a node needs to keep its media in `bucket` under `prefix`.
    pub fn node_env(&self, bucket: &str, prefix: &str) -> Vec<(String, String)> {
        [
            ("CULTIVATOR_MEDIA_URL", format!("s3://{bucket}/{prefix}")),
            ("AWS_ENDPOINT", self.endpoint.clone()),
            ("AWS_ALLOW_HTTP", "true".into()),
            ("AWS_DEFAULT_REGION", "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID", "cultivator-test".into()),
            ("AWS_SECRET_ACCESS_KEY", "cultivator-test-secret".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

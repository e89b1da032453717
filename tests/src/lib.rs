//! Test harness: each test gets its own database (a temporary SQLite file or
//! a uniquely named PostgreSQL database, dropped afterwards) and a real server
//! on a random port, built by the same `startup::router` as production.

pub mod browser;
pub mod classes;
pub mod client;
pub mod learning;
pub mod nodes;
pub mod people;
pub mod rosters;
pub mod s3;

use std::path::PathBuf;

use anyhow::Context;
use cultivator_server::{AppConfig, AppState, DbConfig, startup};
use rand::Rng;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use tokio::sync::oneshot;

pub use client::ApiClient;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the harness creates and drops PostgreSQL test databases.
pub fn postgres_admin_url() -> String {
    std::env::var("CULTIVATOR_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Postgres { name: String },
}

impl TestDb {
    pub async fn create(backend: Backend) -> anyhow::Result<TestDb> {
        let suffix: u64 = rand::thread_rng().r#gen();
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("cultivator-test-{suffix:016x}.db"));
                Ok(TestDb {
                    url: format!("sqlite://{}", path.display()),
                    cleanup: Cleanup::File(path),
                })
            }
            Backend::Postgres => {
                let name = format!("cultivator_test_{suffix:016x}");
                let admin = Database::connect(postgres_admin_url())
                    .await
                    .context("PostgreSQL tests need a server; set CULTIVATOR_TEST_POSTGRES")?;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await?;
                admin.close().await?;
                let base = postgres_admin_url();
                let server = base
                    .rsplit_once('/')
                    .map(|(server, _)| server)
                    .unwrap_or(&base)
                    .to_owned();
                Ok(TestDb {
                    url: format!("{server}/{name}"),
                    cleanup: Cleanup::Postgres { name },
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { name } => {
                // Drop runs outside any runtime we may block, so use a thread of its own.
                let name = name.clone();
                let _ = std::thread::spawn(move || {
                    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    runtime.block_on(async {
                        if let Ok(admin) = Database::connect(postgres_admin_url()).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// A running Cultivator on its own database.
pub struct TestApp {
    pub base_url: String,
    pub db: DatabaseConnection,
    pub backend: Backend,
    /// Where the server keeps lesson media (the demo activity stores its
    /// clip there).
    pub media_dir: PathBuf,
    config: AppConfig,
    address: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    // Dropped last: the server must release the database first.
    _db: TestDb,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> anyhow::Result<TestApp> {
        Self::spawn_with(backend, AppConfig::default()).await
    }

    /// Scheduled jobs do not run on their own in tests (a test calls the
    /// job's function with the time it needs).
    pub async fn spawn_with(backend: Backend, config: AppConfig) -> anyhow::Result<TestApp> {
        let config = AppConfig {
            reminder_at: cultivator_server::config::DailyAt(None),
            ..config
        };
        let test_db = TestDb::create(backend).await?;
        let db = cultivator_server::db::connect(&DbConfig::at(test_db.url.clone())).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let media_dir = config.media_dir.clone();
        let mut app = TestApp {
            base_url: format!("http://{address}"),
            db,
            backend,
            media_dir,
            config,
            address,
            stop: None,
            server: None,
            _db: test_db,
        };
        app.serve(listener)?;
        Ok(app)
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
        let (stop, stopped) = oneshot::channel::<()>();
        let state = AppState::new(self.db.clone(), self.config.clone())?;
        self.server = Some(tokio::spawn(startup::serve(listener, state, async {
            let _ = stopped.await;
        })));
        self.stop = Some(stop);
        Ok(())
    }

    /// Takes the server off the network, as a venue with no signal looks
    /// from a phone: its address refuses connections; the database stays.
    pub async fn go_offline(&mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await??;
        }
        Ok(())
    }

    /// Serves again, on the same address, after [`Self::go_offline`].
    pub async fn come_back(&mut self) -> anyhow::Result<()> {
        let listener = tokio::net::TcpListener::bind(self.address).await?;
        self.serve(listener)
    }

    /// Loads the demo data set into this app's database.
    pub async fn with_demo(self) -> anyhow::Result<TestApp> {
        cultivator_server::domain::seed::demo::load(&self.db).await?;
        Ok(self)
    }

    /// Loads the demo data set and its programme in motion (what
    /// `serve --demo` loads); the media go to this app's media directory.
    /// Returns the activity's report, `None` if it was already there.
    pub async fn load_demo_activity(
        &self,
    ) -> anyhow::Result<Option<cultivator_server::domain::seed::demo_activity::ActivityReport>>
    {
        cultivator_server::domain::seed::demo::load(&self.db).await?;
        std::fs::create_dir_all(&self.media_dir)?;
        let store = cultivator_server::domain::learning::media::DiskStore::new(&self.media_dir);
        Ok(cultivator_server::domain::seed::demo_activity::load_activity(&self.db, &store).await?)
    }

    /// The demo with its programme in motion (see [`Self::load_demo_activity`]).
    pub async fn with_demo_activity(self) -> anyhow::Result<TestApp> {
        self.load_demo_activity().await?;
        Ok(self)
    }

    /// A client with its own cookie jar that sends the CSRF header.
    pub fn client(&self) -> anyhow::Result<ApiClient> {
        ApiClient::new(&self.base_url, true)
    }

    /// A client signed in as the demo account with this mobile number.
    pub async fn signed_in(&self, mobile: &str) -> anyhow::Result<ApiClient> {
        let client = self.client()?;
        client
            .login_ok(mobile, cultivator_server::domain::seed::demo::DEMO_PASSWORD)
            .await?;
        Ok(client)
    }

    /// A client that omits the CSRF header, as a cross-site form would.
    pub fn client_without_csrf(&self) -> anyhow::Result<ApiClient> {
        ApiClient::new(&self.base_url, false)
    }

    /// Stops the server and waits for it to finish.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await??;
        }
        self.db.clone().close().await?;
        Ok(())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// Runs an async test body once per database backend, as two named tests.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() -> anyhow::Result<()> {
                super::$name($crate::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() -> anyhow::Result<()> {
                super::$name($crate::Backend::Postgres).await
            }
        }
    )*};
}

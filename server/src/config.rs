//! Every setting of the server, from flags or environment variables. Loaded
//! once at start-up and passed down; nothing reads the environment later.

use std::net::SocketAddr;
use std::time::Duration;

/// Where the data lives.
#[derive(Debug, Clone, clap::Args)]
pub struct DbConfig {
    /// Database URL: `sqlite://path/to/file.db` (created on first run) or
    /// `postgres://user@host/dbname`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/cultivator.db"
    )]
    pub database_url: String,

    /// Size of the connection pool. Default: 8 for SQLite (WAL lets readers run
    /// beside the one writer; more connections only queue on the write lock),
    /// 16 for PostgreSQL.
    #[arg(long, env = "CULTIVATOR_DB_POOL")]
    pub db_pool: Option<u32>,
}

/// How the HTTP application behaves.
#[derive(Debug, Clone, clap::Args)]
pub struct AppConfig {
    /// Address and port to listen on.
    #[arg(long, env = "CULTIVATOR_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Mark the session cookie `Secure` (set this when served over HTTPS).
    #[arg(long, env = "CULTIVATOR_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Days a session lasts unused. A session used past half this lifetime is
    /// renewed for the full lifetime (sessions are not written on every
    /// request).
    #[arg(long, env = "CULTIVATOR_SESSION_DAYS", default_value_t = 14)]
    pub session_days: u32,

    /// Take the client address from the first `X-Forwarded-For` entry (only
    /// behind a reverse proxy that sets it).
    #[arg(long, env = "CULTIVATOR_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,

    /// Failed logins allowed per account within the window before it is locked.
    #[arg(
        long,
        env = "CULTIVATOR_LOGIN_MAX_FAILURES_PER_ACCOUNT",
        default_value_t = 5
    )]
    pub login_max_failures_per_account: u32,

    /// Failed logins allowed per client address within the window.
    #[arg(
        long,
        env = "CULTIVATOR_LOGIN_MAX_FAILURES_PER_ADDRESS",
        default_value_t = 30
    )]
    pub login_max_failures_per_address: u32,

    /// Minutes over which failures are counted, and how long a lock lasts.
    #[arg(long, env = "CULTIVATOR_LOGIN_LOCK_MINUTES", default_value_t = 15)]
    pub login_lock_minutes: u32,

    /// Directory where uploaded lesson media are stored.
    #[arg(long, env = "CULTIVATOR_MEDIA_DIR", default_value = "data/media")]
    pub media_dir: std::path::PathBuf,

    /// Largest media upload accepted, in bytes (default 500 MB).
    #[arg(long, env = "CULTIVATOR_MEDIA_MAX_BYTES", default_value_t = 500 * 1024 * 1024)]
    pub media_max_bytes: u64,
    /// Seconds each rotating check-in code (and its QR) stays current.
    #[arg(long, env = "CULTIVATOR_CHECKIN_PERIOD_SECS", default_value_t = 15)]
    pub checkin_period_secs: u32,

    /// Minutes before a session starts from which trainees may check in.
    #[arg(long, env = "CULTIVATOR_CHECKIN_MARGIN_MINUTES", default_value_t = 30)]
    pub checkin_margin_minutes: u32,

    /// The origin put into check-in QR codes (e.g. `https://peixun.example.cn`);
    /// by default the origin the instructor's browser used.
    #[arg(long, env = "CULTIVATOR_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: false,
            session_days: 14,
            trust_forwarded_for: false,
            login_max_failures_per_account: 5,
            login_max_failures_per_address: 30,
            login_lock_minutes: 15,
            media_dir: std::path::PathBuf::from("data/media"),
            media_max_bytes: 500 * 1024 * 1024,
            checkin_period_secs: 15,
            checkin_margin_minutes: 30,
            public_origin: None,
        }
    }
}

impl AppConfig {
    pub fn login_lock(&self) -> Duration {
        Duration::from_secs(u64::from(self.login_lock_minutes) * 60)
    }
}

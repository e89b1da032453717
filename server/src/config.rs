//! Every setting of the server, from flags or environment variables. Loaded
//! once at start-up and passed down; nothing reads the environment later.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::domain::learning::media::MediaUrl;
use ipnet::IpNet;

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

    /// When SQLite's writes reach the disk (ignored on PostgreSQL). `normal`:
    /// a commit survives the server process being killed, but the last
    /// commits can be lost if the machine loses power or the OS crashes.
    /// `full`: a commit also survives power loss, at the cost of a disk sync
    /// on every commit.
    #[arg(long, env = "CULTIVATOR_SQLITE_SYNCHRONOUS", value_enum, default_value_t = SqliteDurability::Normal)]
    pub sqlite_synchronous: SqliteDurability,
}

impl DbConfig {
    /// The database at `url` with the default pool and durability.
    pub fn at(url: impl Into<String>) -> Self {
        Self {
            database_url: url.into(),
            db_pool: None,
            sqlite_synchronous: SqliteDurability::default(),
        }
    }
}

/// SQLite's `synchronous` setting in WAL mode (see
/// <https://www.sqlite.org/pragma.html#pragma_synchronous>).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SqliteDurability {
    /// Sync the WAL only at checkpoints: safe against a killed process.
    #[default]
    Normal,
    /// Sync the WAL at every commit: safe against power loss too.
    Full,
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

    /// Take the client address from `X-Forwarded-For` (only behind reverse
    /// proxies that append to it): the right-most entry that is not one of
    /// `trusted_proxies`. See docs/sign-in-throttling.md.
    #[arg(long, env = "CULTIVATOR_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,

    /// Our reverse proxies' addresses or networks, comma-separated
    /// (`10.0.0.0/8,192.168.1.4`). Empty: exactly one proxy, the socket peer,
    /// so the last `X-Forwarded-For` entry is the client.
    #[arg(long, env = "CULTIVATOR_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_net)]
    pub trusted_proxies: Vec<IpNet>,

    /// Sign-in attempts allowed per account back to back before each further
    /// one must wait (2 s, then doubling up to `login_max_delay_minutes`).
    /// A device the account signed in on before has an allowance of its own.
    #[arg(
        long,
        env = "CULTIVATOR_LOGIN_MAX_FAILURES_PER_ACCOUNT",
        default_value_t = 5
    )]
    pub login_max_failures_per_account: u32,

    /// Sign-in attempts allowed per client address back to back before each
    /// further one must wait (known devices are not counted here).
    #[arg(
        long,
        env = "CULTIVATOR_LOGIN_MAX_FAILURES_PER_ADDRESS",
        default_value_t = 30
    )]
    pub login_max_failures_per_address: u32,

    /// The longest wait between two sign-in attempts, in minutes.
    #[arg(long, env = "CULTIVATOR_LOGIN_MAX_DELAY_MINUTES", default_value_t = 15)]
    pub login_max_delay_minutes: u32,

    /// Key that signs the "known device" cookie set at sign-in (any long
    /// random string; the same on every node). Unset: a random key per
    /// process, so devices are forgotten on restart. Never logged.
    #[arg(long, env = "CULTIVATOR_DEVICE_KEY")]
    pub device_key: Option<SecretKey>,

    /// The bearer token a Prometheus scraper sends for `/metrics` (at least
    /// 16 characters). Unset: `/metrics` answers 404.
    #[arg(long, env = "CULTIVATOR_METRICS_TOKEN")]
    pub metrics_token: Option<SecretKey>,

    /// Registrations allowed per client address per `register_window_minutes`.
    #[arg(
        long,
        env = "CULTIVATOR_REGISTER_MAX_PER_ADDRESS",
        default_value_t = 30
    )]
    pub register_max_per_address: u32,

    /// Minutes over which registrations per address are counted, and how
    /// long an address then waits.
    #[arg(long, env = "CULTIVATOR_REGISTER_WINDOW_MINUTES", default_value_t = 10)]
    pub register_window_minutes: u32,

    /// Directory where uploaded lesson media are stored (when
    /// `CULTIVATOR_MEDIA_URL` is not set).
    #[arg(long, env = "CULTIVATOR_MEDIA_DIR", default_value = "data/media")]
    pub media_dir: std::path::PathBuf,

    /// Lesson media in an S3-compatible object store shared by every node:
    /// `s3://bucket/prefix`, with endpoint, region and credentials from
    /// `AWS_ENDPOINT`, `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` (and `AWS_ALLOW_HTTP=true` for plain HTTP).
    /// Unset: the media directory on this node's disk.
    #[arg(long, env = "CULTIVATOR_MEDIA_URL", value_parser = MediaUrl::parse)]
    pub media_url: Option<MediaUrl>,

    /// Largest media upload accepted, in bytes (default 500 MB).
    #[arg(long, env = "CULTIVATOR_MEDIA_MAX_BYTES", default_value_t = 500 * 1024 * 1024)]
    pub media_max_bytes: u64,
    /// Seconds each rotating check-in code (and its QR) stays current.
    #[arg(long, env = "CULTIVATOR_CHECKIN_PERIOD_SECS", default_value_t = 15)]
    pub checkin_period_secs: u32,

    /// Minutes before a session starts from which trainees may check in.
    #[arg(long, env = "CULTIVATOR_CHECKIN_MARGIN_MINUTES", default_value_t = 30)]
    pub checkin_margin_minutes: u32,

    /// Hours within which a check-in, an attendance mark or study progress
    /// made with no signal must reach the server to count (see
    /// `domain::device_time`).
    #[arg(long, env = "CULTIVATOR_CHECKIN_SYNC_HOURS", default_value_t = 72)]
    pub checkin_sync_hours: u32,

    /// The origin put into check-in QR codes (e.g. `https://peixun.example.cn`);
    /// by default the origin the instructor's browser used.
    #[arg(long, env = "CULTIVATOR_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,

    /// Copies notifications by SMS: `off`, or `log` (each text goes to the
    /// log instead of a phone, for development). The in-app channel is
    /// always on. See `domain::notifications`.
    #[arg(long, env = "CULTIVATOR_SMS", value_enum, default_value_t = SmsChannel::Off)]
    pub sms: SmsChannel,

    /// The CJK OpenType font certificates are printed in (a `.ttc`
    /// collection or a single font); Debian's `fonts-noto-cjk` installs the
    /// default. Read on the first certificate printed.
    #[arg(
        long,
        env = "CULTIVATOR_CERTIFICATE_FONT",
        default_value = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
    )]
    pub certificate_font: std::path::PathBuf,

    /// Which face of a font collection to use: in Noto's collections 2 is
    /// Simplified Chinese (SC).
    #[arg(long, env = "CULTIVATOR_CERTIFICATE_FONT_INDEX", default_value_t = 2)]
    pub certificate_font_index: u32,

    /// When (China time, `HH:MM`) the daily session reminders go out, for
    /// the sessions of the next day; `off` on a node that should not run
    /// scheduled jobs. Every node may run them: the first takes the day's
    /// run, the others skip it.
    #[arg(long, env = "CULTIVATOR_REMINDER_AT", default_value = "18:00", value_parser = parse_time_of_day)]
    pub reminder_at: DailyAt,

    /// Seconds a node holds a background job (a roster import) without
    /// renewing its hold; it renews every third of this while it works. A
    /// node that dies holding a job leaves it to another node this long
    /// after its last renewal.
    #[arg(
        long,
        env = "CULTIVATOR_JOB_LEASE_SECS",
        default_value_t = 30,
        value_parser = clap::value_parser!(u32).range(3..=3600)
    )]
    pub job_lease_secs: u32,
}

/// How notifications reach people outside the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SmsChannel {
    /// In-app notifications only.
    #[default]
    Off,
    /// Write each text to the log (development).
    Log,
}

/// A daily job's time of day (China time), or `None`: not run on this node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyAt(pub Option<chrono::NaiveTime>);

/// `HH:MM`, or `off`.
fn parse_time_of_day(s: &str) -> Result<DailyAt, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("off") {
        return Ok(DailyAt(None));
    }
    chrono::NaiveTime::parse_from_str(s, "%H:%M")
        .map(|t| DailyAt(Some(t)))
        .map_err(|_| format!("{s:?} is not a time of day like 18:00 (or off)"))
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: false,
            session_days: 14,
            trust_forwarded_for: false,
            trusted_proxies: Vec::new(),
            login_max_failures_per_account: 5,
            login_max_failures_per_address: 30,
            login_max_delay_minutes: 15,
            device_key: None,
            metrics_token: None,
            register_max_per_address: 30,
            register_window_minutes: 10,
            media_dir: std::path::PathBuf::from("data/media"),
            media_url: None,
            media_max_bytes: 500 * 1024 * 1024,
            checkin_period_secs: 15,
            checkin_margin_minutes: 30,
            checkin_sync_hours: 72,
            public_origin: None,
            certificate_font: std::path::PathBuf::from(
                "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
            ),
            certificate_font_index: 2,
            sms: SmsChannel::Off,
            reminder_at: DailyAt(chrono::NaiveTime::from_hms_opt(18, 0, 0)),
            job_lease_secs: 30,
        }
    }
}

impl AppConfig {
    pub fn login_max_delay(&self) -> Duration {
        Duration::from_secs(u64::from(self.login_max_delay_minutes) * 60)
    }

    pub fn register_window(&self) -> Duration {
        Duration::from_secs(u64::from(self.register_window_minutes) * 60)
    }
}

/// A trusted proxy: a network (`10.0.0.0/8`) or one address.
fn parse_net(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{s:?} is not an address or network"))
}

/// A secret from the configuration, kept out of `Debug` output (and so out
/// of logs).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl std::str::FromStr for SecretKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() < 16 {
            return Err("the key must be at least 16 characters".into());
        }
        Ok(SecretKey(s.to_owned()))
    }
}

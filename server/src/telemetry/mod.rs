//! Logging (`RUST_LOG` style filtering; human-readable lines on stderr, or
//! one JSON object per line with `CULTIVATOR_LOG_FORMAT=json` for a log
//! collector) and the Prometheus [`metrics`].

pub mod metrics;

use tracing_subscriber::EnvFilter;

/// The variable that picks the log format. Read here rather than with the
/// other settings: logging starts before the command line is parsed, so
/// that a bad setting is reported in the chosen format.
const LOG_FORMAT: &str = "CULTIVATOR_LOG_FORMAT";

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_sessions=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (tests start several apps in one process) is harmless.
    let json = std::env::var(LOG_FORMAT).is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}

//! Builds the application — the same router for the binary and the tests —
//! and serves it until SIGINT or SIGTERM.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::get;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::csrf;
use crate::auth::recent_user::SessionCache;
use crate::config::{DailyAt, SmsChannel};
use crate::db::auth_sessions::DbSessionStore;
use crate::domain::accounts::LoginPolicy;
use crate::domain::accounts::delay::DelayPolicy;
use crate::domain::accounts::throttle::Policy;
use crate::domain::certificates::batch;
use crate::domain::certificates::pdf::FontSource;
use crate::domain::coordination::dashboard_cache::DashboardCache;
use crate::domain::jobs;
use crate::domain::learning::media::{self, MediaStore};
use crate::domain::learning::progress::ProgressWriter;
use crate::domain::notifications::reminders;
use crate::domain::notifications::sms::{self, LogSms, Notifier};
use crate::domain::page_cache::PageCache;
use crate::telemetry::metrics;
use crate::{ApiError, AppConfig, assets, error, routes};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<AppConfig>,
    /// The group-commit writer of progress reports.
    pub progress: ProgressWriter,
    /// Where lesson media are stored.
    pub media: Arc<dyn MediaStore>,
    /// This node's computed coordinator dashboards.
    pub dashboards: DashboardCache,
    /// What the app's page shares between readers, on this node.
    pub pages: Arc<PageCache>,
    /// Who recently used which session, for the progress hot path.
    pub sessions: Arc<SessionCache>,
    /// Signs the "known device" cookie (`auth::known_device`).
    pub device_key: Arc<[u8]>,
    /// The font certificates are printed in, read on first use.
    pub certificate_font: Arc<FontSource>,
}

impl AppState {
    /// Fails only when the configured media store cannot be set up (an S3
    /// endpoint that is not a URL, say).
    pub fn new(db: DatabaseConnection, config: AppConfig) -> Result<Self, object_store::Error> {
        Ok(Self {
            progress: ProgressWriter::spawn(db.clone()),
            media: media::open(config.media_url.as_ref(), &config.media_dir)?,
            dashboards: DashboardCache::default(),
            pages: Arc::new(PageCache::default()),
            sessions: Arc::new(SessionCache::default()),
            device_key: device_key(&config),
            certificate_font: Arc::new(FontSource::new(
                config.certificate_font.clone(),
                config.certificate_font_index,
            )),
            db,
            config: Arc::new(config),
        })
    }

    pub fn login_policy(&self) -> LoginPolicy {
        let max_delay_secs =
            i64::try_from(self.config.login_max_delay().as_secs()).unwrap_or(i64::MAX);
        let per = |free_attempts| DelayPolicy {
            free_attempts,
            first_delay_secs: 2,
            max_delay_secs,
            forget_after_secs: 24 * 3600,
        };
        LoginPolicy {
            per_account: per(self.config.login_max_failures_per_account),
            per_address: per(self.config.login_max_failures_per_address),
        }
    }

    pub fn register_policy(&self) -> Policy {
        Policy {
            max_failures: self.config.register_max_per_address,
            window_secs: i64::try_from(self.config.register_window().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// The configured device key, or a random one for this process only.
fn device_key(config: &AppConfig) -> Arc<[u8]> {
    match &config.device_key {
        Some(key) => Arc::from(key.expose()),
        None => {
            let mut key = [0_u8; 32];
            rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut key);
            Arc::from(&key[..])
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// JSON bodies of this API are small; anything larger is refused before parsing.
const MAX_JSON_BODY: usize = 256 * 1024;

/// Responses smaller than this go as they are: compressing a tiny answer
/// costs more CPU than the bytes it saves.
const COMPRESS_ABOVE_BYTES: u16 = 1024;

/// JSON, CSV and HTML compressed per `Accept-Encoding` (brotli or gzip, at
/// the fastest level: a rural network gains most from the first few times
/// of shrinking, the server pays least). Left alone: small answers, what is
/// compressed already (the app's precompressed files carry their own
/// encoding; pictures, audio, video, PDFs and ZIPs), and ranges of media.
fn compression() -> CompressionLayer<impl Predicate> {
    let predicate = SizeAbove::new(COMPRESS_ABOVE_BYTES)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("audio/"))
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new(
            "application/vnd.openxmlformats",
        ))
        .and(NotForContentType::const_new("application/octet-stream"));
    CompressionLayer::new()
        .quality(CompressionLevel::Fastest)
        .compress_when(predicate)
}

pub fn router(state: AppState) -> Router {
    metrics::install();
    let (api, openapi) = routes::api();
    let openapi = Arc::new(openapi);
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("cultivator_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(i64::from(
            state.config.session_days,
        ))));

    // Headers that keep browsers from misusing any of our responses: no
    // guessing a download's type into HTML or script, no framing of our
    // pages by another site (clickjacking; the old header for old browsers,
    // CSP's frame-ancestors for new ones), no full URLs leaking to other
    // sites. The app's page carries the rest of its policy (script, style,
    // connect sources: see `index_html` in xtask), where the inline loader's
    // hash is known; the browser tests run the app under it. Outermost, so
    // that errors and panics get these too; a handler may still set its own.
    let security_headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ));
    let layers = ServiceBuilder::new()
        .layer(security_headers)
        .layer(middleware::from_fn(metrics::record_request))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default();
            tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
        }))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(compression())
        // The last line of defence: inside the trace and request-id layers,
        // so that a panic anywhere below is logged with its request and
        // answered with a 500 that carries the request id.
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(sessions)
        .layer(middleware::from_fn(csrf::require_header));

    api.route(
        "/api/openapi.json",
        get(move || async move { axum::Json(openapi.as_ref().clone()) }),
    )
    .merge(routes::platforms::site_router())
    .fallback(assets::serve)
    .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed.into_response() })
    .layer(layers)
    .with_state(state)
}

/// How often a node with nothing to do looks for a queued job.
const JOBS_IDLE: Duration = Duration::from_millis(500);

/// Serves `state` on `listener` until `shutdown` completes, then lets
/// requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut background = vec![
        tokio::spawn(delete_expired_sessions(DbSessionStore::new(
            state.db.clone(),
        ))),
        tokio::spawn(delete_expired_certificate_batches(state.db.clone())),
        tokio::spawn(metrics_upkeep()),
        tokio::spawn(jobs::work(
            state.db.clone(),
            jobs::Lease::new(Duration::from_secs(u64::from(state.config.job_lease_secs))),
            JOBS_IDLE,
        )),
    ];
    if let DailyAt(Some(at)) = state.config.reminder_at {
        background.push(tokio::spawn(send_daily_reminders(state.db.clone(), at)));
    }
    if let Some(sms) = sms_notifier(state.config.sms) {
        background.push(tokio::spawn(send_sms(state.db.clone(), sms)));
    }
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    for task in background {
        task.abort();
    }
    result
}

/// Folds the recorded latencies into their buckets now and then, scraped
/// or not.
async fn metrics_upkeep() {
    let mut every = tokio::time::interval(metrics::UPKEEP_EVERY);
    loop {
        every.tick().await;
        metrics::upkeep();
    }
}

/// The configured SMS channel, if any.
fn sms_notifier(channel: SmsChannel) -> Option<Arc<dyn Notifier>> {
    match channel {
        SmsChannel::Off => None,
        SmsChannel::Log => Some(Arc::new(LogSms)),
    }
}

/// Once a minute, sends the day's session reminders once their time has
/// come (China time). Every node runs this; `reminders::run` lets only the
/// first send each day's. A failed run is retried on the next minute.
async fn send_daily_reminders(db: DatabaseConnection, at: chrono::NaiveTime) {
    let mut every = tokio::time::interval(Duration::from_secs(60));
    let mut last_sent = None;
    loop {
        every.tick().await;
        let now = chrono::Utc::now();
        if !reminders::due(now, at, last_sent) {
            continue;
        }
        match reminders::run(&db, now).await {
            Ok(outcome) => {
                tracing::info!(?outcome, "session reminders");
                last_sent = Some(crate::domain::notifications::china_day(now));
            }
            Err(err) => tracing::warn!(error = %err, "could not send the session reminders"),
        }
    }
}

/// Every few seconds, texts the notices committed since the last round.
async fn send_sms(db: DatabaseConnection, notifier: Arc<dyn Notifier>) {
    let mut every = tokio::time::interval(Duration::from_secs(10));
    loop {
        every.tick().await;
        if let Err(err) = sms::deliver_pending(&db, notifier.as_ref(), chrono::Utc::now()).await {
            tracing::warn!(error = %err, "could not send notices by SMS");
        }
    }
}

/// Removes expired sessions every ten minutes; a failed round is retried on the next.
async fn delete_expired_sessions(store: DbSessionStore) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "could not delete expired sessions");
        }
    }
}

/// Deletes expired batches of printed certificates (their files hold
/// names) every ten minutes; a failed round is retried on the next.
async fn delete_expired_certificate_batches(db: DatabaseConnection) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        match batch::forget_expired(&db, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "expired certificate batches deleted"),
            Err(err) => {
                tracing::warn!(error = %err, "could not delete expired certificate batches")
            }
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

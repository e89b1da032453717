//! Prometheus metrics, through the `metrics` facade and its Prometheus
//! exporter: requests and their latency by route and status (recorded by
//! [`record_request`]), progress-writer batches (recorded where they are
//! written), and what is read at each scrape ([`Snapshot`]).
//!
//! Each node reports its own figures; Prometheus scrapes every node.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::domain::learning::progress::BATCH_REPORTS_METRIC;
use crate::domain::operations::Snapshot;

pub const REQUESTS: &str = "cultivator_http_requests_total";
pub const REQUEST_SECONDS: &str = "cultivator_http_request_duration_seconds";

/// Latency buckets, in seconds: from a cached dashboard to a slow export.
const SECONDS_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Reports per progress batch (a batch holds at most 256).
const BATCH_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

/// How often recorded latencies are folded into their buckets, so that
/// memory stays flat however long nobody scrapes.
pub const UPKEEP_EVERY: Duration = Duration::from_secs(5);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process's recorder (once; later calls reuse it).
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let builder = || {
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), SECONDS_BUCKETS)
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full(BATCH_REPORTS_METRIC.into()),
                        BATCH_BUCKETS,
                    )
                })
        };
        match builder().and_then(PrometheusBuilder::install_recorder) {
            Ok(handle) => handle,
            Err(err) => {
                // Another recorder owns the process (an embedding program):
                // this one still renders, with what is set at scrapes.
                tracing::warn!(error = %err, "metrics: cannot install the recorder");
                PrometheusBuilder::new().build_recorder().handle()
            }
        }
    })
}

/// Folds recorded latencies into their buckets.
pub fn upkeep() {
    install().run_upkeep();
}

/// The Prometheus text exposition of everything recorded, with `snapshot`.
pub fn render(snapshot: &Snapshot) -> String {
    let handle = install();
    metrics::gauge!("cultivator_db_pool_connections").set(f64::from(snapshot.pool_connections));
    metrics::gauge!("cultivator_db_pool_idle_connections").set(snapshot.pool_idle as f64);
    metrics::gauge!("cultivator_progress_queue_reports").set(snapshot.progress_waiting as f64);
    for (state, count) in &snapshot.roster_imports {
        metrics::gauge!("cultivator_roster_imports", "state" => state.clone()).set(*count as f64);
    }
    for (state, count) in &snapshot.jobs {
        metrics::gauge!("cultivator_jobs", "state" => state.clone()).set(*count as f64);
    }
    handle.run_upkeep();
    handle.render()
}

/// Counts every request and times it, labelled by its route's pattern
/// (`/api/v1/classes/{id}`), never the path itself: a script requesting
/// random paths must not grow the label set. The app's files and pages
/// (the fallback) are one route, `static`; unusual methods are `other`.
pub async fn record_request(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "static".to_owned(), |path| path.as_str().to_owned());
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(REQUEST_SECONDS, "method" => method, "route" => route).record(seconds);
    response
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_usual_methods_get_labels_of_their_own() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::DELETE), "DELETE");
        let made_up = Method::from_bytes(b"BREW").expect("a method");
        assert_eq!(method_label(&made_up), "other");
    }

    #[test]
    fn a_snapshot_is_rendered_with_its_figures() {
        let text = render(&Snapshot {
            pool_connections: 7,
            pool_idle: 3,
            progress_waiting: 11,
            roster_imports: vec![("failed".into(), 2)],
            jobs: vec![("dead".into(), 1)],
        });
        assert!(text.contains("cultivator_db_pool_connections 7"), "{text}");
        assert!(
            text.contains("cultivator_db_pool_idle_connections 3"),
            "{text}"
        );
        assert!(
            text.contains("cultivator_progress_queue_reports 11"),
            "{text}"
        );
        assert!(
            text.contains("cultivator_roster_imports{state=\"failed\"} 2")
                && text.contains("cultivator_jobs{state=\"dead\"} 1"),
            "{text}"
        );
    }
}

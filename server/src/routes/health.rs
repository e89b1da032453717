//! What load balancers, orchestrators and monitoring poll: `/healthz` (the
//! process is alive and reaches its database), `/readyz` (it may take
//! traffic: the database answers and its schema is the one this build
//! expects) and `/metrics` (Prometheus, for the holder of the token).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::config::SecretKey;
use crate::db::schema;
use crate::domain::operations;
use crate::telemetry::metrics as prometheus;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics))
}

/// Reports whether the server can reach its database.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "ok"), (status = 503, description = "database unreachable")))]
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// Reports whether this node may take traffic: the database answers and no
/// migration this build knows is missing from it (while another node of a
/// newer release migrates, or if this node's own migration failed).
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "ready"),
        (status = 503, description = "database unreachable, or migrations pending")))]
async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    match schema::pending(&state.db).await {
        Ok(0) => (StatusCode::OK, "ready".to_owned()),
        Ok(pending) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{pending} migrations pending"),
        ),
        Err(err) => {
            tracing::error!(error = %err, "readiness check: cannot read the schema's migrations");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "database unreachable".to_owned(),
            )
        }
    }
}

/// This node's metrics in Prometheus's text format: requests and latency by
/// route and status, the database pool, the progress writer's queue and
/// batches, roster imports by state. For a scraper sending
/// `Authorization: Bearer` with `CULTIVATOR_METRICS_TOKEN`; 404 when no
/// token is set.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain"),
        (status = 401, body = cultivator_shared::ApiErrorBody, description = "no token or the wrong one"),
        (status = 404, body = cultivator_shared::ApiErrorBody, description = "metrics are off")))]
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let Some(token) = &state.config.metrics_token else {
        return Err(ApiError::NotFound);
    };
    if !bearer_is(&headers, token) {
        let mut refused = ApiError::Unauthenticated.into_response();
        refused
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return Ok(refused);
    }
    let snapshot = operations::snapshot(&state.db, &state.progress).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        prometheus::render(&snapshot),
    )
        .into_response())
}

/// Whether the request carries `token` as its bearer token. The digests
/// are compared, not the tokens: how long the comparison takes says
/// nothing about how much of the token a guess got right.
fn bearer_is(headers: &HeaderMap, token: &SecretKey) -> bool {
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    sent.is_some_and(|sent| Sha256::digest(sent.as_bytes()) == Sha256::digest(token.expose()))
}

//! `/metrics` for the holder of the token (Prometheus), counting
//! requests by route pattern (never by the path a caller made up).

use cultivator_server::AppConfig;
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(metrics_answer_the_token_holder_by_route_pattern);

const TOKEN: &str = "scrape-token-for-the-tests";

async fn metrics_answer_the_token_holder_by_route_pattern(backend: Backend) -> anyhow::Result<()> {
    let config = AppConfig {
        metrics_token: Some(TOKEN.parse().map_err(anyhow::Error::msg)?),
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await?;
    let client = app.client()?;
    let scrape = |token: Option<&str>| {
        let mut request = client.request(reqwest::Method::GET, "/metrics");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };

    for refused in [
        scrape(None).await?,
        scrape(Some("scrape-token-for-the-test")).await?,
    ] {
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            refused
                .headers()
                .get("www-authenticate")
                .map(|v| v.as_bytes()),
            Some(&b"Bearer"[..])
        );
    }

    assert_eq!(
        client.get("/api/v1/regions").await?.status(),
        StatusCode::OK
    );
    let made_up = "/api/v1/made-up-path-7d1f";
    assert_eq!(client.get(made_up).await?.status(), StatusCode::NOT_FOUND);

    let response = scrape(Some(TOKEN)).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    let text = response.text().await?;
    for expected in [
        r#"cultivator_http_requests_total{method="GET",route="/api/v1/regions",status="200"}"#,
        r#"cultivator_http_request_duration_seconds_bucket{method="GET",route="/api/v1/regions",le="0.005"}"#,
        "cultivator_db_pool_connections ",
        "cultivator_db_pool_idle_connections ",
        "cultivator_progress_queue_reports ",
        // No import has run: every state is there, at 0.
        r#"cultivator_roster_imports{state="running"} 0"#,
    ] {
        assert!(text.contains(expected), "missing {expected} in\n{text}");
    }
    assert!(
        !text.contains("made-up-path"),
        "a made-up path became a label:\n{text}"
    );
    app.stop().await
}

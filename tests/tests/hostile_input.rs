//! Hostile input gets a clear error, never a crash: numbers out of range and
//! the headers that keep browsers from misusing our responses.

use cultivator_shared::api::Page;
use cultivator_shared::api::catalog::CourseSummary;
use cultivator_shared::{EnrollmentMode, ErrorCode};
use cultivator_tests::classes::{DEMO_INSTRUCTOR, create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    paging_out_of_range_is_refused_not_a_crash,
    every_response_carries_the_security_headers,
);

const ADMIN: &str = "13800000001";
const NATIONAL: &str = "13800000002";

/// Past `i64::MAX`, past `u64::MAX`, and limits outside 1–100.
const OUT_OF_RANGE: [&str; 5] = [
    "offset=9223372036854775808",
    "offset=18446744073709551615",
    "offset=-1",
    "limit=0",
    "limit=101",
];

async fn refuses_out_of_range(client: &ApiClient, path: &str) -> anyhow::Result<()> {
    for query in OUT_OF_RANGE {
        let response = client.get(&format!("{path}?{query}")).await?;
        let body = expect_error(response, StatusCode::BAD_REQUEST, ErrorCode::InvalidBody).await?;
        let name = query.split('=').next().unwrap_or_default();
        assert!(
            body.message.contains(name),
            "{path}?{query}: {}",
            body.message
        );
    }
    Ok(())
}

async fn paging_out_of_range_is_refused_not_a_crash(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let anonymous = app.client()?;
    refuses_out_of_range(&anonymous, "/api/v1/courses").await?;
    refuses_out_of_range(&anonymous, "/api/v1/classes").await?;
    refuses_out_of_range(&app.signed_in(NATIONAL).await?, "/api/v1/classes/near-me").await?;
    refuses_out_of_range(&app.signed_in(ADMIN).await?, "/api/v1/admin/users").await?;
    refuses_out_of_range(
        &app.signed_in(NATIONAL).await?,
        "/api/v1/coordination/classes",
    )
    .await?;
    // A class's candidates for the next stage, asked by its instructor.
    let instructor = app.signed_in(DEMO_INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;
    refuses_out_of_range(
        &instructor,
        &format!("/api/v1/classes/{}/candidates", class.class.id),
    )
    .await?;

    // The largest offset a database can hold is still a valid, empty page.
    let last: Page<CourseSummary> = expect_json(
        anonymous
            .get("/api/v1/courses?limit=100&offset=9223372036854775807")
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(last.items.is_empty());
    assert!(last.total > 0);
    app.stop().await
}

fn assert_security_headers(response: &reqwest::Response, what: &str) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("content-security-policy", "frame-ancestors 'none'"),
        ("referrer-policy", "same-origin"),
    ] {
        assert_eq!(header(name).as_deref(), Some(value), "{name} on {what}");
    }
}

async fn every_response_carries_the_security_headers(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    let api = client.get("/api/v1/regions").await?;
    assert_eq!(api.status(), StatusCode::OK);
    assert_security_headers(&api, "an API answer");
    let error = client.get("/api/v1/auth/me").await?;
    assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
    assert_security_headers(&error, "an API error");

    // The app shell: the page when the frontend is built, otherwise the
    // notice that it is not; both come through the same layers.
    let shell = client.get("/courses").await?;
    assert!(
        shell.status() == StatusCode::OK || shell.status() == StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        shell.status()
    );
    assert_security_headers(&shell, "the app shell");
    app.stop().await
}

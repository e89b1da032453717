//! Registering a taken mobile number is refused before any password is
//! hashed, so a burst of such requests costs lookups, not Argon2 work; and
//! registrations are limited per client address.
//!
//! The count of hashes is process-wide, which is why this scenario has a
//! test binary of its own and its two engines take turns.

use cultivator_server::AppConfig;
use cultivator_server::domain::accounts::password::hashes_computed;
use cultivator_shared::ErrorCode;
use cultivator_shared::api::auth::UserView;
use cultivator_tests::client::{expect_error, expect_json, registration};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    a_taken_mobile_is_refused_without_hashing_a_password,
    a_burst_of_registrations_from_one_address_is_refused_past_the_limit,
);

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn a_taken_mobile_is_refused_without_hashing_a_password(
    backend: Backend,
) -> anyhow::Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    expect_json::<UserView>(
        client.register(&registration("甲", "13900000001")).await?,
        StatusCode::CREATED,
    )
    .await?;

    let before = hashes_computed();
    for i in 0..20 {
        let again = client
            .register(&registration(&format!("乙{i}"), "139-0000-0001"))
            .await?;
        expect_error(again, StatusCode::CONFLICT, ErrorCode::MobileTaken).await?;
    }
    assert_eq!(hashes_computed(), before, "no password was hashed");
    app.stop().await
}

async fn a_burst_of_registrations_from_one_address_is_refused_past_the_limit(
    backend: Backend,
) -> anyhow::Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    // Behind a proxy (the test's loopback peer), so that the test can speak
    // from several client addresses.
    let config = AppConfig {
        trust_forwarded_for: true,
        register_max_per_address: 3,
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await?;
    let client = app.client()?;
    let register_from = |address: &'static str, n: u32| {
        client
            .request(reqwest::Method::POST, "/api/v1/auth/register")
            .header("x-forwarded-for", address)
            .json(&registration(&format!("乙{n}"), &format!("1390000{n:04}")))
            .send()
    };
    for n in 0..3 {
        expect_json::<UserView>(register_from("203.0.113.7", n).await?, StatusCode::CREATED)
            .await?;
    }
    let before = hashes_computed();
    for n in 3..6 {
        let refused = register_from("203.0.113.7", n).await?;
        let retry_after: u64 = refused
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        assert!(
            (1..=600).contains(&retry_after),
            "retry-after {retry_after}"
        );
        expect_error(
            refused,
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyAttempts,
        )
        .await?;
    }
    assert_eq!(hashes_computed(), before, "no password was hashed");
    // Another address is not affected.
    expect_json::<UserView>(register_from("198.51.100.1", 9).await?, StatusCode::CREATED).await?;
    app.stop().await
}

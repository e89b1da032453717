//! Repeated failed sign-ins lock the account, and separately the address.

use cultivator_server::AppConfig;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::ErrorCode;
use cultivator_tests::client::{expect_error, expect_json, registration};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(an_account_locks_after_repeated_failures, an_address_locks_after_failures_across_accounts);

async fn an_account_locks_after_repeated_failures(backend: Backend) -> anyhow::Result<()> {
    let config = AppConfig { login_max_failures_per_account: 3, ..AppConfig::default() };
    let app = TestApp::spawn_with(backend, config).await?;
    let client = app.client()?;
    expect_json::<UserView>(client.register(&registration("甲", "13900000001")).await?, StatusCode::CREATED).await?;
    expect_json::<UserView>(client.register(&registration("乙", "13900000002")).await?, StatusCode::CREATED).await?;

    for _ in 0..3 {
        expect_error(client.login("13900000001", "guess1234").await?, StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials).await?;
    }
    // Now even the right password is refused, with a Retry-After.
    let locked = client.login("13900000001", "harvest2026").await?;
    let retry_after: u64 = locked.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(0);
    assert!(retry_after > 800 && retry_after <= 900, "retry-after {retry_after}");
    expect_error(locked, StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts).await?;

    // Another account from the same address is unaffected.
    client.login_ok("13900000002", "harvest2026").await?;
    app.stop().await
}

async fn an_address_locks_after_failures_across_accounts(backend: Backend) -> anyhow::Result<()> {
    let config = AppConfig { login_max_failures_per_address: 4, ..AppConfig::default() };
    let app = TestApp::spawn_with(backend, config).await?;
    let client = app.client()?;
    expect_json::<UserView>(client.register(&registration("甲", "13900000001")).await?, StatusCode::CREATED).await?;
    for n in 2..6 {
        let mobile = format!("1390000000{n}");
        expect_error(client.login(&mobile, "guess1234").await?, StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials).await?;
    }
    expect_error(client.login("13900000001", "harvest2026").await?, StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts).await?;
    app.stop().await
}

//! Registering a taken mobile number is refused before any password is
//! hashed, so a burst of such requests costs lookups, not Argon2 work.
//!
//! The count of hashes is process-wide, which is why this scenario has a
//! test binary of its own and its two engines take turns.

use cultivator_server::domain::accounts::password::hashes_computed;
use cultivator_shared::ErrorCode;
use cultivator_shared::api::auth::UserView;
use cultivator_tests::client::{expect_error, expect_json, registration};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(a_taken_mobile_is_refused_without_hashing_a_password);

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

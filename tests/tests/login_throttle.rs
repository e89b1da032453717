//! Sign-in throttling (docs/sign-in-throttling.md): past the free attempts
//! an account, and separately an address, must wait a doubling delay; a
//! burst of parallel guesses is bounded because attempts are counted before
//! the password is checked; someone hammering an account cannot keep its
//! owner out of a browser the owner signed in on before; and behind a proxy
//! the address is the right-most untrusted `X-Forwarded-For` hop, whatever a
//! client writes further left.

use std::time::Duration;

use cultivator_server::AppConfig;
use cultivator_shared::ErrorCode;
use cultivator_shared::api::auth::{LoginRequest, UserView};
use cultivator_tests::client::{expect_error, expect_json, registration};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::{Response, StatusCode};
use tokio::task::JoinSet;

on_both_databases!(
    an_account_makes_further_attempts_wait_after_the_free_ones,
    an_address_waits_after_failures_across_accounts,
    a_burst_of_parallel_guesses_is_checked_only_up_to_the_free_attempts,
    an_attacker_cannot_keep_the_owner_out_of_a_known_browser,
    the_owner_on_a_new_browser_gets_in_after_one_delay,
    a_spoofed_left_most_forwarded_entry_does_not_change_the_address,
);

const OWNER: &str = "13900000001";
const PASSWORD: &str = "harvest2026";

async fn register(client: &ApiClient, name: &str, mobile: &str) -> anyhow::Result<UserView> {
    expect_json(
        client.register(&registration(name, mobile)).await?,
        StatusCode::CREATED,
    )
    .await
}

fn retry_after(response: &Response) -> u64 {
    response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

async fn expect_wait(response: Response) -> anyhow::Result<u64> {
    let secs = retry_after(&response);
    expect_error(
        response,
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::TooManyAttempts,
    )
    .await?;
    Ok(secs)
}

async fn wrong_guess(client: &ApiClient, mobile: &str) -> anyhow::Result<()> {
    expect_error(
        client.login(mobile, "guess1234").await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
    )
    .await?;
    Ok(())
}

async fn an_account_makes_further_attempts_wait_after_the_free_ones(
    backend: Backend,
) -> anyhow::Result<()> {
    let config = AppConfig {
        login_max_failures_per_account: 3,
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await?;
    let client = app.client()?;
    register(&client, "甲", OWNER).await?;
    register(&client, "乙", "13900000002").await?;

    for _ in 0..3 {
        wrong_guess(&client, OWNER).await?;
    }
    // The next attempt must wait the first delay, whatever its password; it
    // is not counted, so asking again at once does not lengthen the wait.
    for _ in 0..3 {
        let wait = expect_wait(client.login(OWNER, PASSWORD).await?).await?;
        assert!((1..=2).contains(&wait), "retry-after {wait}");
    }
    // Another account from the same address is unaffected.
    client.login_ok("13900000002", PASSWORD).await?;
    app.stop().await
}

async fn an_address_waits_after_failures_across_accounts(backend: Backend) -> anyhow::Result<()> {
    let config = AppConfig {
        login_max_failures_per_address: 4,
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await?;
    let client = app.client()?;
    register(&client, "甲", OWNER).await?;
    for n in 2..6 {
        wrong_guess(&client, &format!("1390000000{n}")).await?;
    }
    expect_wait(app.client()?.login(OWNER, PASSWORD).await?).await?;
    app.stop().await
}

async fn a_burst_of_parallel_guesses_is_checked_only_up_to_the_free_attempts(
    backend: Backend,
) -> anyhow::Result<()> {
    let config = AppConfig {
        login_max_failures_per_account: 3,
        login_max_delay_minutes: 10,
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await?;
    register(&app.client()?, "甲", OWNER).await?;
    let mut guesses = JoinSet::new();
    for n in 0..30 {
        let client = app.client()?;
        guesses.spawn(async move {
            let response = client.login(OWNER, &format!("guess{n:04}")).await?;
            anyhow::Ok(response.status())
        });
    }
    let (mut checked, mut refused) = (0, 0);
    while let Some(status) = guesses.join_next().await {
        match status?? {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => anyhow::bail!("unexpected {other}"),
        }
    }
    // Three free attempts, and at most one more if the burst outlasted the
    // first two-second delay.
    assert!(
        (3..=4).contains(&checked),
        "{checked} guesses checked, {refused} refused"
    );
    assert_eq!(checked + refused, 30);
    app.stop().await
}

async fn an_attacker_cannot_keep_the_owner_out_of_a_known_browser(
    backend: Backend,
) -> anyhow::Result<()> {
    let config = AppConfig {
        login_max_failures_per_account: 3,
        login_max_failures_per_address: 3,
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await?;
    let owner = app.client()?;
    register(&owner, "甲", OWNER).await?;
    owner.login_ok(OWNER, PASSWORD).await?;
    owner.post("/api/v1/auth/logout", &()).await?;

    // The attacker (here on the same address, so it spends the address's
    // allowance too) uses up the account's free attempts: now a browser the
    // owner never used must wait, and the attacker's further attempts are
    // all refused.
    let attacker = app.client()?;
    for _ in 0..3 {
        wrong_guess(&attacker, OWNER).await?;
    }
    expect_wait(app.client()?.login(OWNER, PASSWORD).await?).await?;
    for _ in 0..5 {
        expect_wait(attacker.login(OWNER, "guess1234").await?).await?;
    }

    // The owner's browser still gets in, again and again.
    for _ in 0..2 {
        owner.login_ok(OWNER, PASSWORD).await?;
        owner.post("/api/v1/auth/logout", &()).await?;
    }
    // Its own allowance is throttled like any other: a wrong password from
    // it counts there, and the right one still works.
    wrong_guess(&owner, OWNER).await?;
    owner.login_ok(OWNER, PASSWORD).await?;

    // A forged device cookie is no way in.
    let forger = app.client()?;
    let forged = forger
        .request(reqwest::Method::POST, "/api/v1/auth/login")
        .header("cookie", "cultivator_device=1.0.00.00")
        .json(&LoginRequest {
            mobile: OWNER.into(),
            password: PASSWORD.into(),
        })
        .send()
        .await?;
    expect_wait(forged).await?;
    app.stop().await
}

async fn the_owner_on_a_new_browser_gets_in_after_one_delay(
    backend: Backend,
) -> anyhow::Result<()> {
    let config = AppConfig {
        login_max_failures_per_account: 3,
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await?;
    let attacker = app.client()?;
    register(&attacker, "甲", OWNER).await?;
    for _ in 0..3 {
        wrong_guess(&attacker, OWNER).await?;
    }
    let owner = app.client()?;
    let wait = expect_wait(owner.login(OWNER, PASSWORD).await?).await?;
    tokio::time::sleep(Duration::from_secs(wait + 1)).await;
    owner.login_ok(OWNER, PASSWORD).await?;
    // The success started the account's count again.
    for _ in 0..3 {
        wrong_guess(&attacker, OWNER).await?;
    }
    app.stop().await
}

async fn a_spoofed_left_most_forwarded_entry_does_not_change_the_address(
    backend: Backend,
) -> anyhow::Result<()> {
    let config = AppConfig {
        trust_forwarded_for: true,
        login_max_failures_per_address: 2,
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await?;
    let client = app.client()?;
    register(&client, "甲", OWNER).await?;
    // The peer (127.0.0.1) is the one proxy; it appended 203.0.113.7. The
    // attacker writes a different first entry on every attempt.
    let login_via = |forwarded: String, mobile: &str| {
        client
            .request(reqwest::Method::POST, "/api/v1/auth/login")
            .header("x-forwarded-for", forwarded)
            .json(&LoginRequest {
                mobile: mobile.into(),
                password: PASSWORD.into(),
            })
            .send()
    };
    for n in 2..4 {
        let response = login_via(
            format!("10.9.9.{n}, 203.0.113.7"),
            &format!("1390000000{n}"),
        )
        .await?;
        expect_error(
            response,
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
        )
        .await?;
    }
    expect_wait(login_via("10.9.9.9, 203.0.113.7".into(), OWNER).await?).await?;
    // Another client address behind the same proxy is not affected.
    expect_json::<UserView>(
        login_via("203.0.113.7, 198.51.100.1".into(), OWNER).await?,
        StatusCode::OK,
    )
    .await?;
    app.stop().await
}

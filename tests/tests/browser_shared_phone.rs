//! One phone, two trainees: a check-in the first makes with no signal waits
//! on the phone; the first's session ends (it expired) without a sign-out,
//! and the second signs in on the same phone. The waiting check-in belongs
//! to the first: it is never sent as the second, and while nobody is
//! signed in it is not sent at all.

use std::time::Duration;

use chrono::Utc;
use cultivator_server::config::AppConfig;
use cultivator_server::db::{attendance, auth_sessions, class_sessions, users};
use cultivator_server::domain::classes::checkin;
use cultivator_tests::browser::Browser;
use cultivator_tests::classes::{DEMO_TRAINEE, Setup, class_in_session_on};
use cultivator_tests::{Backend, TestApp};

/// A demo trainee who is not in the class at first.
const SECOND: &str = "13800000011";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_in_left_waiting_by_one_trainee_is_never_sent_as_the_next() -> anyhow::Result<()> {
    let Setup {
        mut app, session, ..
    } = class_in_session_on(TestApp::spawn_with(Backend::Sqlite, AppConfig::default()).await?)
        .await?;
    let base = app.base_url.clone();
    let stored = class_sessions::find(&app.db, session.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("session missing"))?;
    // The second trainee is in the class too: a check-in sent as them
    // would be accepted.
    let second = app.signed_in(SECOND).await?;
    let applied = second
        .post(&format!("/api/v1/classes/{}/apply", stored.class_id), &())
        .await?;
    anyhow::ensure!(
        applied.status().is_success(),
        "applying: {}",
        applied.status()
    );

    let phone = Browser::launch_phone(360, 740).await?;
    phone.sign_in(&base, DEMO_TRAINEE).await?;
    phone.wait_for_service_worker().await?;
    phone.goto(&format!("{base}/")).await?;
    phone.wait_css("[data-test='user-name']").await?;

    // No signal: the first trainee checks in with the code of the moment.
    app.go_offline().await?;
    let period = AppConfig::default().checkin_period_secs;
    let code = checkin::code_for(
        &stored.checkin_secret,
        checkin::window_of(Utc::now().timestamp(), period),
    );
    phone
        .goto(&format!("{base}/checkin/{}?code={code}", session.id))
        .await?;
    phone
        .wait_css("[data-test='checkin-submit']")
        .await?
        .click()
        .await?;
    phone.wait_css("[data-test='checkin-queued']").await?;

    // Their session ends meanwhile (it expired); the network returns.
    let first = users::find_by_mobile(&app.db, DEMO_TRAINEE)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo trainee"))?;
    auth_sessions::end_all_of(&app.db, first.id).await?;
    app.come_back().await?;
    // Longer than the outbox's retry: nothing is sent while nobody is
    // signed in.
    tokio::time::sleep(Duration::from_secs(7)).await;
    assert!(
        attendance::of_session(&app.db, session.id)
            .await?
            .is_empty()
    );

    // The second trainee signs in on the same phone.
    phone.sign_in(&base, SECOND).await?;
    tokio::time::sleep(Duration::from_secs(7)).await;
    let recorded = attendance::of_session(&app.db, session.id).await?;
    assert!(recorded.is_empty(), "sent as the next person: {recorded:?}");
    let kept = phone
        .client
        .execute("return localStorage.getItem('cultivator.outbox');", vec![])
        .await?;
    assert!(
        kept.is_null() || kept == serde_json::json!("[]"),
        "the first trainee's parcel is still on the phone: {kept}"
    );
    phone.close().await?;
    app.stop().await
}

//! Check-in at a venue with no signal, in real browsers at phone width.
//! The instructor opens the session's check-in screen while online; the
//! trainee's phone has the app from an earlier visit. Then the network goes
//! (the server's address refuses connections): the instructor's screen
//! says so and goes on showing codes that rotate and that the server will
//! accept; the trainee scans the QR link, the app opens from the phone and
//! keeps the check-in; when the network returns it is sent, accepted, and
//! shows on the instructor's list as sent later. A mark the instructor
//! makes by hand with no network waits on their device in the same way;
//! signing out leaves no check-in key or waiting record on the device.

use chrono::Utc;
use cultivator_server::config::AppConfig;
use cultivator_server::db::{attendance, class_sessions};
use cultivator_server::domain::classes::checkin;
use cultivator_shared::api::checkin::{AttendanceMethod, AttendanceState};
use cultivator_tests::browser::{Browser, PATIENCE};
use cultivator_tests::classes::{DEMO_INSTRUCTOR, DEMO_TRAINEE, Setup, class_in_session_on};
use cultivator_tests::{Backend, TestApp};

/// Seconds a code stays current here: short, so that it rotates while the
/// test watches.
const PERIOD: u32 = 3;

/// The code on the instructor's screen now.
async fn code_on_screen(screen: &Browser) -> anyhow::Result<String> {
    Ok(screen
        .wait_css("[data-test='checkin-code']")
        .await?
        .text()
        .await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_in_with_no_signal_counts_after_reconnecting() -> anyhow::Result<()> {
    let config = AppConfig {
        checkin_period_secs: PERIOD,
        ..AppConfig::default()
    };
    let Setup {
        mut app, session, ..
    } = class_in_session_on(TestApp::spawn_with(Backend::Sqlite, config).await?).await?;
    let base = app.base_url.clone();
    let stored = class_sessions::find(&app.db, session.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("session missing"))?;
    let (secret, class_id) = (stored.checkin_secret, stored.class_id);

    let screen = Browser::launch_phone(360, 740).await?;
    screen.sign_in(&base, DEMO_INSTRUCTOR).await?;
    screen
        .goto(&format!("{base}/teach/sessions/{}/screen", session.id))
        .await?;
    code_on_screen(&screen).await?;
    screen.wait_css(".qr svg").await?;

    let phone = Browser::launch_phone(360, 740).await?;
    phone.sign_in(&base, DEMO_TRAINEE).await?;
    phone.wait_for_service_worker().await?;
    phone.goto(&format!("{base}/")).await?;
    phone.wait_css("[data-test='user-name']").await?;

    // The network goes.
    app.go_offline().await?;
    screen.wait_css("[data-test='screen-offline']").await?;
    let before = code_on_screen(&screen).await?;
    let deadline =
        tokio::time::Instant::now() + std::time::Duration::from_secs(4 * u64::from(PERIOD));
    let code = loop {
        let now = code_on_screen(&screen).await?;
        if now != before {
            break now;
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the code did not rotate with no network"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    let window = checkin::window_of(Utc::now().timestamp(), PERIOD);
    let valid: Vec<String> = (0..3)
        .map(|back| checkin::code_for(&secret, window - back))
        .collect();
    assert!(
        valid.contains(&code),
        "{code} is not a code of the last windows: {valid:?}"
    );
    screen.wait_css(".qr svg").await?;

    // The trainee scans the QR link with no signal: the app opens from the
    // phone and keeps the check-in.
    phone
        .goto(&format!("{base}/checkin/{}?code={code}", session.id))
        .await?;
    phone
        .wait_css("[data-test='checkin-submit']")
        .await?
        .click()
        .await?;
    phone.wait_css("[data-test='checkin-queued']").await?;
    anyhow::ensure!(
        attendance::of_session(&app.db, session.id)
            .await?
            .is_empty(),
        "recorded with no network?"
    );

    // The network returns two seconds later: the check-in is sent and
    // accepted, at the moment it was made (not when it arrived).
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    app.come_back().await?;
    phone.wait_css("[data-test='checkin-done']").await?;
    let rows = attendance::of_session(&app.db, session.id).await?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].method()?, AttendanceMethod::QueuedCode);
    assert!((Utc::now() - rows[0].recorded_at).num_seconds() >= 1);
    screen.wait_css("[data-test='sent-later']").await?;
    phone.close().await?;

    // The instructor, on the class page, loses the network and marks the
    // trainee excused by hand: the mark waits on the device, and is sent
    // with its moment (later than the check-in, so it stands) when the
    // network returns.
    screen
        .goto(&format!("{base}/teach/classes/{class_id}"))
        .await?;
    screen.click("details.attendance summary").await?;
    screen.wait_css("[data-test='attendance-entry']").await?;
    app.go_offline().await?;
    screen.click("[data-test='mark-excused']").await?;
    screen.wait_css("[data-test='marks-waiting']").await?;
    anyhow::ensure!(
        attendance::of_session(&app.db, session.id).await?[0].method()?
            == AttendanceMethod::QueuedCode,
        "marked with no network?"
    );
    app.come_back().await?;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let rows = attendance::of_session(&app.db, session.id).await?;
        if rows[0].method()? == AttendanceMethod::Manual {
            assert_eq!(rows[0].state()?, AttendanceState::Excused);
            break;
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the mark was not sent"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    screen.wait_count("[data-test='marks-waiting']", 0).await?;

    // Signing out leaves nothing of the session's check-in on the device.
    screen.goto(&format!("{base}/")).await?;
    screen.click("[data-test='logout']").await?;
    screen.wait_path("/login").await?;
    let kept = screen
        .client
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('cultivator.checkin-kit.') || k.startsWith('cultivator.outbox'));",
            vec![],
        )
        .await?;
    assert_eq!(kept, serde_json::json!([]));
    screen.close().await?;
    app.stop().await
}

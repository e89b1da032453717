//! The offline classroom in real browsers: a trainee applies and is
//! enrolled, the instructor opens the check-in screen, the trainee types the
//! 6-digit code read from that screen, and the instructor's live list shows
//! the arrival.

use cultivator_server::domain::demo::DEMO_PASSWORD;
use cultivator_shared::EnrollmentMode;
use cultivator_tests::browser::Browser;
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::{Backend, TestApp};

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";

async fn sign_in(browser: &Browser, base: &str, mobile: &str) -> anyhow::Result<()> {
    browser.goto(&format!("{base}/login")).await?;
    browser.fill("input[name='mobile']", mobile).await?;
    browser
        .fill("input[name='password']", DEMO_PASSWORD)
        .await?;
    browser
        .wait_css("button[type='submit']")
        .await?
        .click()
        .await?;
    browser.wait_path("/").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainee_checks_in_with_the_code_from_the_instructors_screen() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;

    // Set-up through the API: an offline class with a session running now.
    let api = app.client()?;
    api.login_ok(INSTRUCTOR, DEMO_PASSWORD).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(&api, &offline_class(programme, 30, EnrollmentMode::Open)).await?;
    let class_id = class.class.id;
    let session = add_current_session(&api, class).await?;

    let trainee = Browser::launch(360, 740).await?;
    sign_in(&trainee, base, TRAINEE).await?;
    trainee.goto(&format!("{base}/classes/{class_id}")).await?;
    trainee
        .wait_css("[data-test='apply']")
        .await?
        .click()
        .await?;
    trainee.wait_css("[data-test='withdraw']").await?;
    let status = trainee
        .wait_css("[data-test='my-status']")
        .await?
        .text()
        .await?;
    assert!(status.contains("已录取"), "status line: {status}");

    let instructor = Browser::launch(1024, 768).await?;
    sign_in(&instructor, base, INSTRUCTOR).await?;
    instructor
        .goto(&format!("{base}/classes/{class_id}"))
        .await?;
    instructor
        .wait_css("[data-test='open-checkin-screen']")
        .await?
        .click()
        .await?;
    instructor
        .wait_path(&format!("/teach/sessions/{}/screen", session.id))
        .await?;
    instructor.wait_css(".qr svg").await?;
    let code = instructor
        .wait_css("[data-test='checkin-code']")
        .await?
        .text()
        .await?;
    let code = code.trim().to_owned();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "code {code:?}"
    );
    instructor.wait_text("尚无人签到").await?;

    trainee
        .goto(&format!("{base}/checkin/{}", session.id))
        .await?;
    trainee.fill("input[name='code']", &code).await?;
    trainee
        .wait_css("[data-test='checkin-submit']")
        .await?
        .click()
        .await?;
    trainee.wait_css("[data-test='checkin-done']").await?;

    // The instructor's screen polls and shows the arrival.
    let arrival = instructor
        .wait_css("[data-test='arrival']")
        .await?
        .text()
        .await?;
    assert!(arrival.contains(TRAINEE), "arrival line: {arrival}");

    trainee.close().await?;
    instructor.close().await?;
    app.stop().await
}

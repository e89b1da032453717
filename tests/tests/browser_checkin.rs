//! The offline classroom in real browsers: the instructor creates an offline
//! class with a session in the UI, a trainee applies and is enrolled, the
//! instructor opens the check-in screen, the trainee types the 6-digit code
//! read from that screen, and the instructor's live list shows the arrival.

use cultivator_tests::browser::Browser;
use cultivator_tests::{Backend, TestApp};

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainee_checks_in_with_the_code_from_the_instructors_screen() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;

    // The instructor creates the class and its first session (defaults: today,
    // from the current hour) on a phone-sized screen.
    let instructor = Browser::launch(360, 740).await?;
    instructor.sign_in(base, INSTRUCTOR).await?;
    instructor
        .wait_css("[data-test='teach-classes-link']")
        .await?
        .click()
        .await?;
    instructor.wait_path("/teach/classes").await?;
    instructor
        .fill(
            "input[name='title']",
            "金堂县农村电商带头人培训班（界面创建）",
        )
        .await?;
    instructor.choose("#region-level-1", "51").await?;
    instructor.choose("#region-level-2", "5101").await?;
    instructor.choose("#region-level-3", "510121").await?;
    instructor
        .fill("input[name='venue']", "金堂县农业农村局培训中心")
        .await?;
    instructor
        .wait_css("[data-test='create-class']")
        .await?
        .click()
        .await?;
    instructor.wait_css("[data-test='class-title']").await?;
    let url = instructor.client.current_url().await?;
    let class_id: i64 = url
        .path()
        .trim_start_matches("/teach/classes/")
        .parse()
        .map_err(|_| anyhow::anyhow!("not a class page: {url}"))?;
    instructor.wait_css("[data-test='session']").await?;

    let trainee = Browser::launch(360, 740).await?;
    trainee.sign_in(base, TRAINEE).await?;
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

    // The instructor's class page shows the enrolled trainee, and opens the
    // session's check-in screen.
    instructor
        .goto(&format!("{base}/teach/classes/{class_id}"))
        .await?;
    instructor.wait_text(TRAINEE).await?;
    instructor
        .wait_css("[data-test='open-checkin-screen']")
        .await?
        .click()
        .await?;
    instructor.wait_css(".qr svg").await?;
    let screen = instructor.client.current_url().await?;
    anyhow::ensure!(
        screen.path().starts_with("/teach/sessions/") && screen.path().ends_with("/screen"),
        "not a check-in screen: {screen}"
    );
    let session_id: i64 = screen
        .path()
        .trim_start_matches("/teach/sessions/")
        .trim_end_matches("/screen")
        .parse()?;
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
        .goto(&format!("{base}/checkin/{session_id}"))
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

//! An instructor takes a roster import's one-time password sheet in a real
//! browser: the button fetches it with a POST (taking it erases it, and no
//! GET may change state) and saves it as a file; afterwards it is gone.

use cultivator_shared::api::rosters::RosterImportJob;
use cultivator_shared::{EnrollmentMode, ErrorCode};
use cultivator_tests::browser::Browser;
use cultivator_tests::classes::{create_class, demo_programme, offline_class};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::rosters::{csv, upload, wait_for};
use cultivator_tests::{Backend, TestApp};
use reqwest::{Method, StatusCode};

const INSTRUCTOR: &str = "13800000005";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_instructor_downloads_the_password_sheet_once() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;
    let rows = [
        ["王建国", "13912340001", "510121100201", "乡村治理骨干"],
        ["李秀兰", "13912340002", "510121100201", ""],
    ];
    let job: RosterImportJob = expect_json(
        upload(&instructor, class.class.id, csv(&rows)).await?,
        StatusCode::ACCEPTED,
    )
    .await?;
    assert!(wait_for(&instructor, &job).await?.password_sheet_ready);

    let browser = Browser::launch(1280, 900).await?;
    browser.sign_in(&app.base_url, INSTRUCTOR).await?;
    browser
        .goto(&format!(
            "{}/teach/classes/{}",
            app.base_url, class.class.id
        ))
        .await?;
    browser
        .wait_css("[data-test='password-sheet']")
        .await?
        .click()
        .await?;
    let name = format!("roster-import-{}-passwords.csv", job.id);
    let sheet = String::from_utf8(browser.downloaded(&name).await?)?;
    let sheet = sheet.trim_start_matches('\u{feff}');
    assert!(
        sheet.starts_with("name,mobile,one_time_password"),
        "{sheet}"
    );
    assert_eq!(sheet.lines().count(), 3, "{sheet}");

    // Taken: the server has erased it.
    expect_error(
        instructor
            .request(
                Method::POST,
                &format!("/api/v1/roster-imports/{}/passwords.csv", job.id),
            )
            .send()
            .await?,
        StatusCode::GONE,
        ErrorCode::PasswordSheetGone,
    )
    .await?;
    browser.close().await?;
    app.stop().await
}

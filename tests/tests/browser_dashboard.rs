//! The national coordinator's dashboard in a real browser on a phone-sized
//! screen, in Chinese: the headline, drilling into a province through the
//! table and into a prefecture through the chart, the breadcrumb back up, and
//! the CSV download of what is on screen.

use chrono::Utc;
use cultivator_server::db::{self, classes};
use cultivator_server::domain::completion;
use cultivator_shared::EnrollmentId;
use cultivator_tests::browser::Browser;
use cultivator_tests::{Backend, TestApp};
use sea_orm::EntityTrait;

const NATIONAL: &str = "13800000002";
/// The region the dashboard shows.
const REGION: &str = "[data-test='dashboard-region']";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_national_coordinator_drills_down_and_downloads_the_csv() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;
    // The demo's first class: three trainees from Chengdu, one from Deyang.
    let txn = db::begin_write(&app.db).await?;
    for e in classes::enrollments::Entity::find().all(&txn).await? {
        completion::complete_enrollment(&txn, EnrollmentId(e.id), Utc::now()).await?;
    }
    txn.commit().await?;

    let browser = Browser::launch(360, 740).await?;
    browser.sign_in(base, NATIONAL).await?;
    assert_eq!(browser.open_dashboard().await?, "全国");
    let offline = browser
        .wait_css("[data-test='headline-offline'] [data-test='trained']")
        .await?
        .text()
        .await?;
    assert_eq!(offline, "4 人");
    browser.wait_text("每月新增培训人数").await?;
    browser.wait_css(".chart-svg svg").await?;

    // Into Sichuan through the table...
    browser
        .wait_css("[data-test='children-table'] tr[data-region='51'] a")
        .await?
        .click()
        .await?;
    browser.wait_text("成都市").await?;
    let region = browser.wait_css(REGION).await?;
    assert_eq!(region.text().await?, "四川省");
    // ...and into Chengdu through its bar in the chart.
    browser
        .wait_css("a.chart-hit[aria-label='成都市']")
        .await?
        .click()
        .await?;
    browser.wait_texts(REGION, |t| t == ["成都市"]).await?;
    let trail = browser.wait_css("nav.breadcrumb").await?.text().await?;
    assert!(
        trail.contains("全国") && trail.contains("四川省"),
        "breadcrumb: {trail}"
    );
    let offline = browser
        .wait_css("[data-test='headline-offline'] [data-test='trained']")
        .await?
        .text()
        .await?;
    assert_eq!(offline, "3 人");

    browser
        .wait_css("[data-test='download-csv']")
        .await?
        .click()
        .await?;
    let csv = String::from_utf8(browser.downloaded("trained-5101.csv").await?)?;
    // Excel needs the byte-order mark to read Chinese names.
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(&csv);
    assert!(csv.starts_with("code,name_zh,name_en"), "{csv}");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty(), "{csv}");
    assert!(rows.iter().all(|r| r.starts_with("5101")), "{csv}");

    // Back up to the country through the breadcrumb, at the top of the page.
    browser
        .client
        .execute("window.scrollTo(0, 0)", vec![])
        .await?;
    browser
        .wait_css("nav.breadcrumb li:first-child a")
        .await?
        .click()
        .await?;
    browser.wait_texts(REGION, |t| t == ["全国"]).await?;
    browser.close().await?;
    app.stop().await
}

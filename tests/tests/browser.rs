//! The foundation's walk through a real browser on a 360 px wide screen:
//! register → sign in → home page in Chinese with the demo courses → switch to
//! English → sign out.

use cultivator_tests::browser::Browser;
use cultivator_tests::{Backend, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_trainee_registers_signs_in_and_browses_in_chinese_then_english() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let browser = Browser::launch(360, 740).await?;
    let base = &app.base_url;

    browser.goto(&format!("{base}/register")).await?;
    browser.fill("input[name='name']", "田春生").await?;
    browser.fill("input[name='mobile']", "13655556666").await?;
    browser.fill("input[name='password']", "tianjia2026").await?;
    browser.choose("select[name='region-level-1']", "51").await?;
    browser.choose("select[name='region-level-2']", "5101").await?;
    browser.choose("select[name='region-level-3']", "510121").await?;
    browser.wait_css("button[type='submit']").await?.click().await?;
    browser.wait_path("/login").await?;

    browser.fill("input[name='mobile']", "13655556666").await?;
    browser.fill("input[name='password']", "tianjia2026").await?;
    browser.wait_css("button[type='submit']").await?.click().await?;
    browser.wait_path("/").await?;
    let name = browser.wait_css("[data-test='user-name']").await?;
    assert_eq!(name.text().await?.trim(), "田春生");
    browser.wait_text("乡村治理实务").await?;
    browser.wait_text("金堂县").await?;
    browser.wait_text("四川省新型农业经营主体带头人培训班").await?;
    browser.wait_text("退出登录").await?;
    let courses = browser.client.find_all(fantoccini::Locator::Css("[data-test='course']")).await?;
    assert_eq!(courses.len(), 3, "the three published demo courses");

    browser.button("English").await?.click().await?;
    browser.wait_text("Log out").await?;
    browser.wait_text("Jintang County").await?;
    browser.wait_text("Trainee").await?;
    // Course titles are content, not interface: they stay as written.
    browser.wait_text("乡村治理实务").await?;

    browser.button("Log out").await?.click().await?;
    browser.wait_path("/login").await?;
    browser.close().await?;
    app.stop().await
}

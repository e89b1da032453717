//! The administrator's accounts page in a real browser on a phone-sized
//! screen, in Chinese: finding a trainee by mobile number, refusing an empty
//! role set, making the trainee coordinator of a province; that person then
//! sees the province's dashboard, and is told plainly that the accounts page
//! is not for them.

use cultivator_server::db::users;
use cultivator_shared::{RegionCode, Role, RoleGrant};
use cultivator_tests::browser::{Browser, PATIENCE};
use cultivator_tests::{Backend, TestApp};
use fantoccini::Locator;

const ADMIN: &str = "13800000001";
/// The region the picker says the coordinator would manage.
const SUMMARY: &str = "[data-test='scope-summary'] strong";
/// 孙永福, a trainee from Henan.
const TRAINEE: &str = "13800000015";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_makes_a_trainee_coordinator_of_a_province() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;
    let browser = Browser::launch(360, 740).await?;
    browser.sign_in(base, ADMIN).await?;
    browser
        .wait_css("[data-test='admin-users-link']")
        .await?
        .click()
        .await?;
    browser.wait_path("/admin/users").await?;
    browser.wait_text("账号与角色").await?;

    browser.fill("#admin-q", TRAINEE).await?;
    browser.button("查找").await?.click().await?;
    let row = only_account(&browser, TRAINEE).await?;
    row.find(Locator::Css("[data-test='edit-roles']"))
        .await?
        .click()
        .await?;

    // Nothing ticked: the shared rules refuse it before anything is sent.
    browser
        .wait_css("input[name='role'][value='trainee']")
        .await?
        .click()
        .await?;
    browser.button("保存角色").await?.click().await?;
    browser.wait_text("请至少选择一个角色。").await?;

    // Trainee and coordinator of Sichuan.
    browser
        .wait_css("input[name='role'][value='trainee']")
        .await?
        .click()
        .await?;
    browser
        .wait_css("input[name='role'][value='coordinator']")
        .await?
        .click()
        .await?;
    let summary = browser.wait_css("[data-test='scope-summary']").await?;
    assert!(summary.text().await?.contains("全国"));
    browser.choose("#scope-level-1", "51").await?;
    // The next level down loads, and may be left as "all of it".
    browser
        .wait_css("#scope-level-2 option[value='5101']")
        .await?;
    let summary = browser.wait_css("[data-test='scope-summary']").await?;
    assert!(summary.text().await?.contains("四川省"));
    screenshot(&browser, "admin-editor").await?;
    browser.button("保存角色").await?.click().await?;
    browser.wait_css("[data-test='roles-saved']").await?;
    browser.wait_text("协调员（管理范围：四川省）").await?;
    screenshot(&browser, "admin-phone").await?;
    let roles = browser
        .wait_css("[data-test='account'] [data-test='roles']")
        .await?
        .text()
        .await?;
    assert!(roles.contains("学员"), "roles: {roles}");

    // The new coordinator signs in and lands on Sichuan's dashboard.
    browser.client.delete_all_cookies().await?;
    browser.sign_in(base, TRAINEE).await?;
    assert_eq!(browser.open_dashboard().await?, "四川省");
    browser.wait_text("成都市").await?;

    // ...and is no administrator: the accounts page says so.
    assert!(
        browser
            .client
            .find_all(Locator::Css("[data-test='admin-users-link']"))
            .await?
            .is_empty()
    );
    browser.goto(&format!("{base}/admin/users")).await?;
    browser.wait_css("[data-test='admin-refused']").await?;
    browser
        .wait_text("只有系统管理员可以管理账号和角色")
        .await?;
    browser.close().await?;
    app.stop().await
}

/// On a desktop screen: paging through the accounts; an existing county
/// coordinator's editor opens with the county already chosen, and widening
/// the region to the prefecture saves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_widens_a_county_coordinator_to_the_prefecture() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;
    // More accounts than one page holds.
    let sichuan = RegionCode::parse("51")?;
    for i in 0..25 {
        let user = users::insert(
            &app.db,
            users::NewUser {
                name: &format!("测试学员{i}"),
                mobile: &format!("1390000{i:04}"),
                password_hash: "not-a-password",
                region: &sichuan,
                platform: None,
            },
        )
        .await?;
        users::add_roles(&app.db, user.user_id(), &[RoleGrant::global(Role::Trainee)]).await?;
    }
    let browser = Browser::launch(1280, 800).await?;
    browser.sign_in(base, ADMIN).await?;
    browser.goto(&format!("{base}/admin/users")).await?;
    browser.wait_text("第 1–20 个，共 36 个账号").await?;
    browser.button("下一页").await?.click().await?;
    browser.wait_text("第 21–36 个，共 36 个账号").await?;
    // Found by name this time.
    browser.fill("#admin-q", "赵志强").await?;
    browser.button("查找").await?.click().await?;
    let row = only_account(&browser, "13800000004").await?;
    row.find(Locator::Css("[data-test='edit-roles']"))
        .await?
        .click()
        .await?;
    browser
        .wait_texts(SUMMARY, |t| t == ["四川省 成都市 金堂县"])
        .await?;
    let county = browser.wait_css("#scope-level-3").await?;
    assert_eq!(county.prop("value").await?.as_deref(), Some("510121"));

    browser.choose("#scope-level-3", "").await?;
    browser
        .wait_texts(SUMMARY, |t| t == ["四川省 成都市"])
        .await?;
    browser.button("保存角色").await?.click().await?;
    browser.wait_css("[data-test='roles-saved']").await?;
    browser
        .wait_text("协调员（管理范围：四川省 成都市）")
        .await?;
    screenshot(&browser, "admin-desktop").await?;
    browser.close().await?;
    app.stop().await
}

/// Keeps a picture of the page in `$CULTIVATOR_SCREENSHOTS/NAME.png`, when
/// that is set, to look at the layout on each screen size.
async fn screenshot(browser: &Browser, name: &str) -> anyhow::Result<()> {
    if let Ok(dir) = std::env::var("CULTIVATOR_SCREENSHOTS") {
        std::fs::write(
            format!("{dir}/{name}.png"),
            browser.client.screenshot().await?,
        )?;
    }
    Ok(())
}

/// Waits until the list shows exactly one account, with this mobile number.
async fn only_account(
    browser: &Browser,
    mobile: &str,
) -> anyhow::Result<fantoccini::elements::Element> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let rows = browser
            .client
            .find_all(Locator::Css("[data-test='account']"))
            .await?;
        if let [row] = rows.as_slice() {
            let shown = row
                .find(Locator::Css("[data-test='mobile']"))
                .await?
                .text()
                .await?;
            if shown == mobile {
                return Ok(row.clone());
            }
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the list never showed only {mobile} ({} rows)",
            rows.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

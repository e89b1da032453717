//! People running their accounts in a real browser on a 360 px phone
//! screen, in Chinese: a trainee changes their password and signs in again;
//! an administrator issues a reset code and the trainee sets a new password
//! with it; an account made by an administrator is made to set its own
//! password at first sign-in; a county coordinator moves a trainee's home.

use cultivator_server::domain::accounts::staff_made;
use cultivator_server::domain::audit::Actor;
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::admin::NewAccountRequest;
use cultivator_tests::browser::{Browser, PATIENCE};
use cultivator_tests::{Backend, TestApp};
use fantoccini::Locator;

const ADMIN: &str = "13800000001";
/// 张秀英, a trainee of Jintang.
const TRAINEE: &str = "13800000010";

/// Fails if the page is wider than the screen.
async fn fits_the_screen(browser: &Browser) -> anyhow::Result<()> {
    let (over, culprits) = browser.overflow().await?;
    anyhow::ensure!(
        over == 0,
        "the page is {over} px wider than the screen: {}",
        culprits.join(", ")
    );
    Ok(())
}

/// Signs in on the login page with this password and waits to leave it.
async fn sign_in_with(
    browser: &Browser,
    base: &str,
    mobile: &str,
    password: &str,
) -> anyhow::Result<()> {
    browser.goto(&format!("{base}/login")).await?;
    browser.fill("input[name='mobile']", mobile).await?;
    browser.fill("input[name='password']", password).await?;
    browser.button("登录").await?.click().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainee_changes_their_password_and_signs_in_again() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;
    let browser = Browser::launch_phone(360, 740).await?;
    browser.sign_in(base, TRAINEE).await?;
    browser
        .wait_css("[data-test='my-account-link']")
        .await?
        .click()
        .await?;
    browser.wait_path("/account").await?;
    browser.wait_text("下载我的数据").await?;
    fits_the_screen(&browser).await?;

    // The shared rules speak first: a weak password is refused before sending.
    browser
        .fill("input[name='current_password']", DEMO_PASSWORD)
        .await?;
    browser
        .fill("input[name='new_password']", "abcdefgh")
        .await?;
    browser.button("修改密码").await?.click().await?;
    browser.wait_text("密码需同时包含字母和数字").await?;

    browser
        .fill("input[name='new_password']", "xinmima2027")
        .await?;
    browser.button("修改密码").await?.click().await?;
    browser.wait_css("[data-test='password-changed']").await?;
    browser.wait_text("其他设备上的登录已全部退出").await?;

    browser.goto(&format!("{base}/")).await?;
    browser.button("退出登录").await?.click().await?;
    browser.wait_path("/login").await?;

    // The old password no longer works; the new one does.
    sign_in_with(&browser, base, TRAINEE, DEMO_PASSWORD).await?;
    browser.wait_text("手机号或密码不正确").await?;
    sign_in_with(&browser, base, TRAINEE, "xinmima2027").await?;
    browser.wait_path("/").await?;
    browser.wait_text("张秀英").await?;
    browser.close().await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_resets_a_trainees_password_and_the_trainee_sets_a_new_one() -> anyhow::Result<()>
{
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;
    let browser = Browser::launch_phone(360, 740).await?;
    browser.sign_in(base, ADMIN).await?;
    browser.goto(&format!("{base}/admin/users")).await?;
    browser.fill("#admin-q", TRAINEE).await?;
    browser.button("查找").await?.click().await?;
    let row = only_account(&browser, TRAINEE).await?;
    row.find(Locator::Css("[data-test='issue-reset-code']"))
        .await?
        .click()
        .await?;
    let code = browser
        .wait_css("[data-test='reset-code']")
        .await?
        .text()
        .await?;
    assert_eq!(code.chars().count(), 8, "{code}");
    browser.wait_text("30 分钟内有效").await?;
    fits_the_screen(&browser).await?;

    // The trainee, told the code by phone, sets a new password with it.
    browser.client.delete_all_cookies().await?;
    browser.goto(&format!("{base}/login")).await?;
    browser
        .wait_css("[data-test='forgot-password']")
        .await?
        .click()
        .await?;
    browser.wait_path("/reset-password").await?;
    browser.fill("input[name='mobile']", TRAINEE).await?;
    browser
        .fill("input[name='code']", &code.to_lowercase())
        .await?;
    browser
        .fill("input[name='new_password']", "chongzhi2027")
        .await?;
    fits_the_screen(&browser).await?;
    browser.button("设置新密码").await?.click().await?;
    browser.wait_css("[data-test='reset-done']").await?;

    // The code worked once: it does not work again.
    browser.goto(&format!("{base}/reset-password")).await?;
    browser.fill("input[name='mobile']", TRAINEE).await?;
    browser.fill("input[name='code']", &code).await?;
    browser
        .fill("input[name='new_password']", "chongzhi2028")
        .await?;
    browser.button("设置新密码").await?.click().await?;
    browser.wait_text("重置码不正确、已使用或已过期").await?;

    sign_in_with(&browser, base, TRAINEE, "chongzhi2027").await?;
    browser.wait_path("/").await?;
    browser.wait_text("张秀英").await?;
    browser.close().await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_made_by_an_admin_sets_its_own_password_at_first_sign_in() -> anyhow::Result<()>
{
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;
    let request = NewAccountRequest {
        name: "王小青".into(),
        mobile: "13900006666".into(),
        region_code: "510121100201".into(),
    };
    let account = request.validate().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let created = staff_made::create(&app.db, &Actor::system("browser test"), account).await?;

    let browser = Browser::launch_phone(360, 740).await?;
    sign_in_with(&browser, base, "13900006666", &created.one_time_password).await?;
    browser.wait_path("/set-password").await?;
    browser.wait_text("设置您自己的密码").await?;
    // Going elsewhere leads back here until a password is set.
    browser.goto(&format!("{base}/")).await?;
    browser.wait_path("/set-password").await?;
    fits_the_screen(&browser).await?;
    browser
        .fill("input[name='current_password']", &created.one_time_password)
        .await?;
    browser
        .fill("input[name='new_password']", "ziji2027mima")
        .await?;
    browser.button("设置密码").await?.click().await?;
    browser.wait_path("/").await?;
    browser.wait_text("王小青").await?;
    browser.close().await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_county_coordinator_finds_a_trainee_issues_a_reset_code_and_moves_their_home()
-> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;
    let browser = Browser::launch_phone(360, 740).await?;
    // 赵志强, coordinator of Jintang county.
    browser.sign_in(base, "13800000004").await?;
    browser
        .wait_css("[data-test='find-people']")
        .await?
        .click()
        .await?;
    browser.wait_path("/coord/people").await?;
    browser.fill("#people-q", TRAINEE).await?;
    browser.button("查找").await?.click().await?;
    // Found by the whole number, shown masked.
    browser.wait_text("138****0010").await?;
    let people = browser
        .client
        .find_all(Locator::Css("[data-test='person']"))
        .await?;
    assert_eq!(people.len(), 1);
    browser
        .wait_css("[data-test='person'] [data-test='issue-reset-code']")
        .await?
        .click()
        .await?;
    let code = browser
        .wait_css("[data-test='reset-code']")
        .await?
        .text()
        .await?;
    assert_eq!(code.chars().count(), 8, "{code}");
    fits_the_screen(&browser).await?;

    // She moved house within the county: from 龙王村 to 松林村.
    browser
        .click("[data-test='person'] [data-test='move-home']")
        .await?;
    for (level, code) in ["51", "5101", "510121", "510121101", "510121101201"]
        .iter()
        .enumerate()
    {
        browser
            .choose(&format!("#region-level-{}", level + 1), code)
            .await?;
    }
    fits_the_screen(&browser).await?;
    browser.click("[data-test='save-home']").await?;
    browser.wait_css("[data-test='home-moved']").await?;
    browser
        .wait_element_text("[data-test='home-region']", "松林村")
        .await?;
    let moved = cultivator_server::db::users::find_by_mobile(&app.db, TRAINEE)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the trainee is gone"))?;
    assert_eq!(moved.region_code, "510121101201");
    browser.close().await?;
    app.stop().await
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

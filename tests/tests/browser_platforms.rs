//! Provincial platforms in a real browser on a 360 px phone screen, told
//! apart by host name (Chromium maps every host to this machine): Sichuan
//! and Guangdong show their own names, colours and welcome texts; Sichuan's
//! coordinator changes its colour and the next load shows it; a Guizhou
//! coordinator is refused.

use cultivator_tests::browser::Browser;
use cultivator_tests::{Backend, TestApp, people};

/// 刘晓梅, coordinator of all Sichuan.
const SICHUAN_COORDINATOR: &str = "13800000003";
const GUIZHOU_COORDINATOR: &str = "13800000090";

fn site(app: &TestApp, platform: &str) -> anyhow::Result<String> {
    let port = app
        .base_url
        .rsplit(':')
        .next()
        .ok_or_else(|| anyhow::anyhow!("no port in {}", app.base_url))?;
    Ok(format!("http://{platform}.localhost:{port}"))
}

/// The colour the style sheet's primary variable holds now.
async fn primary_colour(browser: &Browser) -> anyhow::Result<String> {
    let value = browser
        .client
        .execute(
            "return getComputedStyle(document.documentElement).getPropertyValue('--green').trim();",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_platforms_show_their_own_names_colours_and_welcomes() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let browser = Browser::launch_phone_for_hosts(360, 740).await?;
    for (platform, short, colour, welcome) in [
        ("sichuan", "川善治", "#b71c1c", "先在线学习"),
        ("guangdong", "粤治美", "#0d47a1", "在线课程随时学"),
    ] {
        browser
            .goto(&format!("{}/login", site(&app, platform)?))
            .await?;
        browser
            .wait_element_text("[data-test='brand']", short)
            .await?;
        browser
            .wait_element_text("[data-test='platform-welcome']", welcome)
            .await?;
        assert_eq!(primary_colour(&browser).await?, colour);
        let title = browser.client.title().await?;
        assert!(title.contains("乡村治理人才培训平台"), "{title}");
        let (over, culprits) = browser.overflow().await?;
        assert_eq!(over, 0, "{culprits:?}");
    }
    browser.close().await?;
    app.stop().await
}

/// Sets the branding page's primary colour (a colour input takes no typing).
async fn choose_primary(browser: &Browser, colour: &str) -> anyhow::Result<()> {
    browser.wait_css("#platform-primary_colour").await?;
    browser
        .client
        .execute(
            "const input = document.getElementById('platform-primary_colour');\
             input.value = arguments[0];\
             input.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::Value::from(colour)],
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sichuans_coordinator_recolours_it_and_guizhous_cannot() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    people::coordinator(&app.db, "黔协调", GUIZHOU_COORDINATOR, "522601100201", "52").await?;
    let sichuan = site(&app, "sichuan")?;

    let browser = Browser::launch_phone_for_hosts(360, 740).await?;
    browser.sign_in(&sichuan, SICHUAN_COORDINATOR).await?;
    browser.click("[data-test='open-platform']").await?;
    browser.wait_path("/coord/platform").await?;
    choose_primary(&browser, "#1b5e20").await?;
    browser.click("[data-test='save-branding']").await?;
    browser.wait_css("[data-test='branding-saved']").await?;
    browser.goto(&format!("{sichuan}/")).await?;
    browser.wait_css("[data-test='brand']").await?;
    assert_eq!(primary_colour(&browser).await?, "#1b5e20");
    browser.close().await?;

    let browser = Browser::launch_phone_for_hosts(360, 740).await?;
    browser.sign_in(&sichuan, GUIZHOU_COORDINATOR).await?;
    browser.goto(&format!("{sichuan}/coord/platform")).await?;
    choose_primary(&browser, "#000000").await?;
    browser.click("[data-test='save-branding']").await?;
    browser.wait_css("[data-test='branding-refused']").await?;
    browser.goto(&format!("{sichuan}/")).await?;
    browser.wait_css("[data-test='brand']").await?;
    assert_eq!(primary_colour(&browser).await?, "#1b5e20");
    browser.close().await?;
    app.stop().await
}

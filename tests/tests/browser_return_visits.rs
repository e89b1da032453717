//! Return visits in a real browser (360 px phone): the trainee's home page
//! needs no API call on its first view (its data come with the page); the
//! service worker keeps the app and the trainee's last page, so with the
//! server gone the home page still opens with their name and courses; and
//! signing out empties those caches, so the next person on a shared phone
//! finds nothing of the last.

use std::time::Duration;

use cultivator_tests::browser::{Browser, PATIENCE};
use cultivator_tests::{Backend, TestApp};

const TRAINEE: &str = "13800000010";
const TRAINEE_NAME: &str = "张秀英";

/// API requests the page has made so far.
const API_CALLS: &str = "return performance.getEntriesByType('resource')\
    .filter(r => new URL(r.name).pathname.startsWith('/api/')).map(r => new URL(r.name).pathname);";

/// The demo trainee signed in, once the service worker controls the page,
/// on a freshly loaded home page (which the worker then holds).
async fn at_home_under_the_service_worker() -> anyhow::Result<(TestApp, Browser)> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let browser = Browser::launch_phone(360, 740).await?;
    browser.sign_in(&app.base_url, TRAINEE).await?;
    browser.wait_for_service_worker().await?;
    browser.goto(&format!("{}/", app.base_url)).await?;
    browser
        .wait_element_text("[data-test='user-name']", TRAINEE_NAME)
        .await?;
    Ok((app, browser))
}

/// How many pages the service worker's page cache holds.
async fn cached_pages(browser: &Browser) -> anyhow::Result<usize> {
    let value = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             caches.open('cultivator-pages').then(c => c.keys()).then(k => done(k.length), () => done(-1));",
            vec![],
        )
        .await?;
    Ok(value.as_u64().unwrap_or(0) as usize)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_opens_from_the_phone_with_the_server_gone() -> anyhow::Result<()> {
    let (app, browser) = at_home_under_the_service_worker().await?;
    let base = app.base_url.clone();

    // A first view of the home page: its data came with it.
    browser.wait_css(".list-section ul.cards li").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let calls = browser.client.execute(API_CALLS, vec![]).await?;
    assert_eq!(
        calls,
        serde_json::json!([]),
        "API calls on the home page's first view"
    );
    anyhow::ensure!(
        cached_pages(&browser).await? >= 1,
        "the home page was not cached"
    );

    // The server goes away; the phone still opens the home page.
    app.stop().await?;
    browser.goto(&format!("{base}/")).await?;
    browser
        .wait_element_text("[data-test='user-name']", TRAINEE_NAME)
        .await?;
    browser.wait_css(".list-section ul.cards li").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_leaves_nothing_for_the_next_person() -> anyhow::Result<()> {
    let (app, browser) = at_home_under_the_service_worker().await?;
    let base = app.base_url.clone();
    anyhow::ensure!(
        cached_pages(&browser).await? >= 1,
        "the home page was not cached"
    );

    browser.click("[data-test='logout']").await?;
    browser.wait_path("/login").await?;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while cached_pages(&browser).await? != 0 {
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the pages cache still holds the trainee's page after signing out"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // With the server gone, the home page is not there to open.
    app.stop().await?;
    browser.goto(&format!("{base}/")).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let names = browser.texts("[data-test='user-name']").await?;
    assert!(names.is_empty(), "{names:?}");
    browser.close().await
}

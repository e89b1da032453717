//! The app split by route (`frontend/src/routes.rs`), in a real browser at
//! 360 px: the home and sign-in pages need no chunk, a page whose chunk
//! cannot be fetched says so and offers to load the page again instead of
//! leaving a page that no longer answers, and once the chunk can be fetched
//! the page opens.

use cultivator_tests::browser::Browser;
use cultivator_tests::{Backend, TestApp};
use serde_json::json;

const TRAINEE: &str = "13800000010";
const TRAINEE_NAME: &str = "张秀英";

/// Blocks requests whose URL matches one of `patterns` (none: unblocks).
async fn block(phone: &Browser, patterns: &[&str]) -> anyhow::Result<()> {
    phone.devtools("Network.enable", json!({})).await?;
    phone
        .devtools("Network.setBlockedURLs", json!({ "urls": patterns }))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_code_cannot_be_fetched_offers_a_reload() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = app.base_url.clone();
    let phone = Browser::launch_phone(360, 740).await?;
    // No service worker (it would fetch the chunks itself), and no chunk
    // of any lazy page.
    block(&phone, &["*/sw.js", "*/split_*.wasm", "*/chunk_*.wasm"]).await?;

    phone.sign_in(&base, TRAINEE).await?;
    phone
        .wait_element_text("[data-test='user-name']", TRAINEE_NAME)
        .await?;
    phone.goto(&format!("{base}/")).await?;
    phone
        .wait_element_text("[data-test='user-name']", TRAINEE_NAME)
        .await?;
    phone.wait_count("#app-failed", 0).await?;

    phone.goto(&format!("{base}/courses")).await?;
    let offer = phone.wait_css("#app-failed").await?;
    let text = offer.text().await?;
    assert!(text.contains("重新加载"), "{text}");
    let href = offer.attr("href").await?.unwrap_or_default();
    assert_eq!(href, format!("{base}/courses"));
    phone.wait_count("[data-test='search']", 0).await?;

    block(&phone, &[]).await?;
    phone.click("#app-failed").await?;
    phone.wait_css("[data-test='search']").await?;
    phone.wait_count("#app-failed", 0).await?;
    phone.close().await
}

//! `cargo xtask bench web`: what a trainee on a cheap phone over a rural
//! 3G link waits for. Headless Chromium at 360×740 on DevTools' Fast 3G
//! profile (1.6 Mbit/s down, 750 kbit/s up, 562.5 ms round trip) opens the
//! sign-in page (signed out), the trainee's home, a course and an article
//! lesson (signed in as the demo trainee), each first with an empty cache
//! (cold) and then again (warm), on a release server with the demo data.
//! It prints the time until the page's real content is on screen (not the
//! loading line) and the bytes that crossed the network.
//!
//! The time is taken inside the page: a script the browser runs before the
//! page's own watches the document and notes `performance.now()` (from the
//! start of navigation) when the content's element first appears.

use std::time::{Duration, Instant};

use cultivator_shared::api::authoring::LessonKind;
use cultivator_tests::browser::Browser;
use cultivator_tests::browser::devtools::Network;
use cultivator_tests::learning::demo_lesson;
use cultivator_tests::{Backend, TestApp};
use serde_json::json;

const TRAINEE: &str = "13800000010";

/// Each page's content, as CSS selectors that must all match.
const CONTENT: [(&str, &str); 4] = [
    ("sign-in page", "input[name='mobile']"),
    (
        "trainee home",
        "[data-test='user-name'], .list-section ul.cards li",
    ),
    ("course page", "[data-test='lesson']"),
    ("article lesson", "[data-test='article']"),
];

/// Notes when each content selector first matches, in `window.__contentAt`.
const WATCHER: &str = r#"
(() => {
  const wanted = __WANTED__;
  window.__contentAt = {};
  const look = () => {
    for (const sel of wanted) {
      if (window.__contentAt[sel] === undefined && sel.split(', ').every(s => document.querySelector(s))) {
        window.__contentAt[sel] = performance.now();
      }
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
})();
"#;

/// Bytes that crossed the network for this page so far (a service
/// worker's or the HTTP cache's answers count nothing).
const BYTES: &str = r#"
const nav = performance.getEntriesByType('navigation')[0];
let total = nav ? nav.transferSize : 0;
for (const r of performance.getEntriesByType('resource')) total += r.transferSize;
return total;
"#;

struct Visit {
    ms: f64,
    bytes: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = app.base_url.clone();
    let trainee = app.signed_in(TRAINEE).await?;
    let (course, lesson, _) = demo_lesson(&trainee, LessonKind::Article).await?;
    let browser = Browser::launch_phone(360, 740).await?;
    let selectors: Vec<&str> = CONTENT.iter().map(|(_, s)| *s).collect();
    browser
        .before_every_page(&WATCHER.replace("__WANTED__", &json!(selectors).to_string()))
        .await?;

    println!(
        "Fast 3G (1.6 Mbit/s down, 750 kbit/s up, 562.5 ms RTT), 360×740, release server, demo data"
    );
    println!(
        "{:<16} {:>10} {:>11} {:>10} {:>11}",
        "page", "cold ms", "cold bytes", "warm ms", "warm bytes"
    );
    let pages = [
        ("/login".to_owned(), false),
        ("/".to_owned(), true),
        (format!("/courses/{course}"), true),
        (format!("/courses/{course}/lessons/{lesson}"), true),
    ];
    let mut is_signed_in = false;
    for ((name, selector), (path, signed_in)) in CONTENT.iter().zip(pages) {
        if signed_in && !is_signed_in {
            browser.sign_in(&base, TRAINEE).await?;
            is_signed_in = true;
        }
        let url = format!("{base}{path}");
        browser.forget_cached(&base).await?;
        browser.emulate_network(Network::FAST_3G).await?;
        let cold = visit(&browser, &url, selector).await?;
        let warm = visit(&browser, &url, selector).await?;
        browser.emulate_network(Network::FULL).await?;
        println!(
            "{name:<16} {:>10.0} {:>11} {:>10.0} {:>11}",
            cold.ms, cold.bytes, warm.ms, warm.bytes
        );
    }
    browser.close().await?;
    app.stop().await
}

/// Opens `url` and waits for `selector`'s content.
async fn visit(browser: &Browser, url: &str, selector: &str) -> anyhow::Result<Visit> {
    browser.goto(url).await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let seen = browser
            .client
            .execute(
                "return (window.__contentAt || {})[arguments[0]] ?? null;",
                vec![json!(selector)],
            )
            .await?;
        if let Some(ms) = seen.as_f64() {
            // Let what the content needed finish counting.
            tokio::time::sleep(Duration::from_millis(200)).await;
            let bytes = browser.client.execute(BYTES, vec![]).await?;
            return Ok(Visit {
                ms,
                bytes: bytes.as_u64().unwrap_or(0),
            });
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "{url}: no {selector} within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

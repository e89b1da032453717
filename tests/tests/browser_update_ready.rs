//! A new release reaching a phone that holds the old one, in a real browser
//! (360 px): the new service worker installs beside the running one, the
//! page says an update is ready, and tapping it switches to the new release
//! and deletes the old release's cache.
//!
//! The test server reads the built app from `frontend/dist` on disk (debug
//! builds do), so the next release is the built service worker with another
//! version, written there for the length of the test and put back after it,
//! whatever happens.

use std::path::{Path, PathBuf};

use cultivator_tests::browser::Browser;
use cultivator_tests::{Backend, TestApp};

const TRAINEE: &str = "13800000010";
const TRAINEE_NAME: &str = "张秀英";

/// The names of the release caches the phone holds, as one string.
const SHELL_CACHES: &str = "const done = arguments[arguments.length - 1];
     caches.keys().then(k => done(k.filter(n => n.startsWith('cultivator-shell-')).sort().join(' ')), () => done(''));";

/// The built service worker replaced by the next release's until dropped.
struct NextRelease {
    worker: PathBuf,
    original: Vec<u8>,
    /// Precompressed copies of the old worker, moved aside (the server would
    /// serve them before the plain file).
    moved: Vec<(PathBuf, PathBuf)>,
}

impl NextRelease {
    /// Writes the next release's worker over `dist/sw.js`: the same worker
    /// with `version` changed to `next`. Returns it and the old version.
    fn publish(dist: &Path) -> anyhow::Result<(Self, String)> {
        let worker = dist.join("sw.js");
        let original = std::fs::read(&worker)?;
        let text = String::from_utf8(original.clone())?;
        let marker = "const VERSION = '";
        let start = text
            .find(marker)
            .map(|i| i + marker.len())
            .ok_or_else(|| anyhow::anyhow!("no VERSION in the built service worker"))?;
        let end = text[start..]
            .find('\'')
            .map(|i| start + i)
            .ok_or_else(|| anyhow::anyhow!("VERSION is not closed"))?;
        let old = text[start..end].to_owned();
        let mut moved = Vec::new();
        for suffix in ["br", "gz"] {
            let copy = dist.join(format!("sw.js.{suffix}"));
            if copy.exists() {
                let aside = dist.join(format!("sw.js.{suffix}.held-by-test"));
                std::fs::rename(&copy, &aside)?;
                moved.push((aside, copy));
            }
        }
        let release = Self {
            worker,
            original,
            moved,
        };
        let next = format!("{}{old}-next{}", &text[..start], &text[end..]);
        std::fs::write(&release.worker, next)?;
        Ok((release, old))
    }
}

impl Drop for NextRelease {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.worker, &self.original);
        for (aside, copy) in &self.moved {
            let _ = std::fs::rename(aside, copy);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_release_is_offered_and_replaces_the_old_one() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = app.base_url.clone();
    let phone = Browser::launch_phone(360, 740).await?;
    phone.sign_in(&base, TRAINEE).await?;
    phone.wait_for_service_worker().await?;
    phone.goto(&format!("{base}/")).await?;
    phone
        .wait_element_text("[data-test='user-name']", TRAINEE_NAME)
        .await?;
    phone.wait_count("#update-ready", 0).await?;

    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist");
    let (release, old) = NextRelease::publish(&dist)?;
    let old_cache = format!("cultivator-shell-{old}");
    let new_cache = format!("cultivator-shell-{old}-next");
    assert_eq!(
        phone.client.execute_async(SHELL_CACHES, vec![]).await?,
        serde_json::Value::from(old_cache.clone())
    );
    // The browser looks for a new worker on every visit; asked here at once.
    phone
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => done(1), () => done(0));",
            vec![],
        )
        .await?;
    let offer = phone.wait_css("#update-ready").await?.text().await?;
    assert!(offer.contains("新版本已就绪"), "{offer}");
    // Installed beside the old one, which still runs the page.
    let both = phone.client.execute_async(SHELL_CACHES, vec![]).await?;
    assert_eq!(
        both,
        serde_json::Value::from(format!("{old_cache} {new_cache}"))
    );

    phone.click("#update-ready").await?;
    // The page reloads under the new release; the old cache is gone.
    let deadline = tokio::time::Instant::now() + cultivator_tests::browser::PATIENCE;
    loop {
        // The page may be reloading as it is asked.
        let caches = phone
            .client
            .execute_async(SHELL_CACHES, vec![])
            .await
            .unwrap_or_default();
        if caches.as_str() == Some(new_cache.as_str()) {
            break;
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "release caches after switching: {caches}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    phone
        .wait_element_text("[data-test='user-name']", TRAINEE_NAME)
        .await?;
    phone.wait_count("#update-ready", 0).await?;
    drop(release);
    phone.close().await
}

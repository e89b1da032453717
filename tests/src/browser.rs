//! Real headless Chromium, driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`), for tests that use the app as a person would.

use std::process::Stdio;
use std::time::Duration;

use anyhow::Context;
use cultivator_server::AppConfig;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::process::{Child, Command};

use crate::{Backend, TestApp};

mod audit;
pub mod devtools;
mod page;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long to wait for something to appear on the page.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Browser {
    pub client: Client,
    driver: Child,
    /// Where downloads land, inside the throw-away profile.
    downloads: std::path::PathBuf,
    _profile: TempDir,
}

/// A directory removed, with what is in it, when this is dropped.
pub struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium with a window of
    /// this size; below 500 px wide, a phone's screen is emulated.
    pub async fn launch(width: u32, height: u32) -> anyhow::Result<Browser> {
        Self::launch_with(width, height, width < 500, &[]).await
    }

    /// [`Browser::launch_phone`] that resolves every host name to this
    /// machine (`--host-resolver-rules`), for sites told apart by host name.
    pub async fn launch_phone_for_hosts(width: u32, height: u32) -> anyhow::Result<Browser> {
        Self::launch_with(
            width,
            height,
            true,
            &["--host-resolver-rules=MAP * 127.0.0.1".to_owned()],
        )
        .await
    }

    /// Like [`Browser::launch`], always emulating a phone's screen: headless
    /// Chromium will not make a window narrower than 500 px, so a 360 px
    /// viewport needs device emulation.
    pub async fn launch_phone(width: u32, height: u32) -> anyhow::Result<Browser> {
        Self::launch_with(width, height, true, &[]).await
    }

    async fn launch_with(
        width: u32,
        height: u32,
        phone: bool,
        extra_args: &[String],
    ) -> anyhow::Result<Browser> {
        anyhow::ensure!(
            std::path::Path::new(CHROMEDRIVER).exists(),
            "browser tests need Debian's chromium and chromium-driver (cargo xtask test installs them as root)"
        );
        let port = free_port()?;
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("cannot start chromedriver")?;
        let profile = TempDir(
            std::env::temp_dir().join(format!("cultivator-chromium-{port}-{}", std::process::id())),
        );
        let downloads = profile.0.join("downloads");
        std::fs::create_dir_all(&downloads)?;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", "--lang=zh-CN",
                    format!("--user-data-dir={}", profile.0.display()),
                    format!("--window-size={width},{height}"),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            }),
        );
        // Chromium's windows are at least 500 px wide: a phone's screen is
        // emulated, so that the page is laid out at the phone's real width.
        if let Some(args) = capabilities
            .get_mut("goog:chromeOptions")
            .and_then(|o| o.get_mut("args"))
            .and_then(|a| a.as_array_mut())
        {
            args.extend(extra_args.iter().cloned().map(serde_json::Value::from));
        }
        if phone && let Some(options) = capabilities.get_mut("goog:chromeOptions") {
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0 },
            });
        }
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..50 {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Ok(Browser {
                        client,
                        driver,
                        downloads,
                        _profile: profile,
                    });
                }
                Err(err) => last_error = Some(err),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(anyhow::anyhow!("cannot reach chromedriver: {last_error:?}"))
    }

    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        Ok(self.client.goto(url).await?)
    }

    /// Waits for an element matching the CSS selector.
    pub async fn wait_css(&self, css: &str) -> anyhow::Result<Element> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element {css}"))
    }

    /// Waits for a button whose visible text is exactly `text`.
    pub async fn button(&self, text: &str) -> anyhow::Result<Element> {
        let xpath = format!("//button[normalize-space()='{text}']");
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(&xpath))
            .await
            .with_context(|| format!("no button {text:?}"))
    }

    /// Waits until the page's visible text contains `text`.
    pub async fn wait_text(&self, text: &str) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let body = self.client.find(Locator::Css("body")).await?.text().await?;
            if body.contains(text) {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                anyhow::bail!("page never showed {text:?}; it shows:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the location's path is `path`.
    pub async fn wait_path(&self, path: &str) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let url = self.client.current_url().await?;
            if url.path() == path {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                anyhow::bail!("expected to arrive at {path}, still at {url}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn fill(&self, css: &str, value: &str) -> anyhow::Result<()> {
        let field = self.wait_css(css).await?;
        field.clear().await?;
        field.send_keys(value).await?;
        Ok(())
    }

    /// Chooses an option of a `<select>` once that option has loaded.
    pub async fn choose(&self, select_css: &str, value: &str) -> anyhow::Result<()> {
        self.wait_css(&format!("{select_css} option[value='{value}']"))
            .await?;
        self.wait_css(select_css)
            .await?
            .select_by_value(value)
            .await?;
        Ok(())
    }

    /// Waits for a finished download whose name ends with `suffix` and
    /// returns its bytes.
    pub async fn downloaded(&self, suffix: &str) -> anyhow::Result<Vec<u8>> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            for entry in std::fs::read_dir(&self.downloads)? {
                let path = entry?.path();
                if path.to_string_lossy().ends_with(suffix) {
                    return Ok(std::fs::read(path)?);
                }
            }
            if tokio::time::Instant::now() > deadline {
                anyhow::bail!("no download ending in {suffix:?} arrived");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Signs in on the login page as a demo account and waits for the home page.
    pub async fn sign_in(&self, base: &str, mobile: &str) -> anyhow::Result<()> {
        self.goto(&format!("{base}/login")).await?;
        self.fill("input[name='mobile']", mobile).await?;
        self.fill(
            "input[name='password']",
            cultivator_server::domain::seed::demo::DEMO_PASSWORD,
        )
        .await?;
        self.wait_css("button[type='submit']")
            .await?
            .click()
            .await?;
        self.wait_path("/").await
    }

    /// From the home page, opens the coordinator's dashboard; returns the
    /// name of the region it shows.
    pub async fn open_dashboard(&self) -> anyhow::Result<String> {
        self.wait_css("[data-test='open-dashboard']")
            .await?
            .click()
            .await?;
        self.wait_path("/coord").await?;
        let region = self.wait_css("[data-test='dashboard-region']").await?;
        Ok(region.text().await?)
    }

    pub async fn close(mut self) -> anyhow::Result<()> {
        self.client.clone().close().await?;
        let _ = self.driver.kill().await;
        Ok(())
    }
}

/// A server with the demo data whose uploaded media go to a fresh directory,
/// `cultivator-browser-{name}-media-…` in the temporary directory, removed
/// when the returned guard is dropped.
pub async fn demo_app_with_media(name: &str) -> anyhow::Result<(TestApp, TempDir)> {
    let media = TempDir(std::env::temp_dir().join(format!(
        "cultivator-browser-{name}-media-{}",
        std::process::id()
    )));
    let config = AppConfig {
        media_dir: media.0.clone(),
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, config)
        .await?
        .with_demo()
        .await?;
    Ok((app, media))
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

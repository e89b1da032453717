//! Checks a page as a phone user and a screen-reader user meet it: it fits a
//! 360 px screen without scrolling sideways, and axe-core (the npm package,
//! injected into the page) finds no WCAG 2.1 A or AA violation.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::OnceCell;

use super::{Browser, PATIENCE};

/// The axe-core release the pages were checked with.
const AXE_CORE: &str = "axe-core@4.14.1";

static AXE_SOURCE: OnceCell<String> = OnceCell::const_new();

/// axe-core's script: from `CULTIVATOR_AXE_JS` when set, otherwise installed
/// once from the npm registry beside the build (`target/axe`).
async fn axe_source() -> anyhow::Result<&'static str> {
    let source = AXE_SOURCE
        .get_or_try_init(|| async {
            let path = match std::env::var_os("CULTIVATOR_AXE_JS") {
                Some(path) => PathBuf::from(path),
                None => install_axe()?,
            };
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read axe-core from {}", path.display()))
        })
        .await?;
    Ok(source.as_str())
}

fn install_axe() -> anyhow::Result<PathBuf> {
    // The test binary is target/<profile>/deps/<name>: three levels up is target.
    let exe = std::env::current_exe()?;
    let target = exe
        .ancestors()
        .nth(3)
        .context("cannot find the build directory")?;
    let prefix = target.join("axe");
    let script = prefix.join("node_modules/axe-core/axe.min.js");
    if script.exists() {
        return Ok(script);
    }
    std::fs::create_dir_all(&prefix)?;
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(&prefix)
        .arg(AXE_CORE)
        .status()
        .context("the accessibility check needs npm to install axe-core")?;
    anyhow::ensure!(
        status.success(),
        "`npm install {AXE_CORE}` failed ({status})"
    );
    Ok(script)
}

/// Waits for a page to settle: the app has drawn something into `main`, no
/// "loading" line is left, and nothing changed over the last half second.
const SETTLED: &str = r#"
const main = document.querySelector('main.page');
if (!main || document.readyState !== 'complete') return '';
const loading = Array.from(document.querySelectorAll('p.status'))
    .some(p => p.textContent.includes('加载中') || p.textContent.includes('Loading'));
if (loading) return '';
return main.innerHTML.length + ':' + main.innerText.trim().length;
"#;

impl Browser {
    /// Waits until the page has loaded its data and stopped changing.
    pub async fn wait_settled(&self) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut last = String::new();
        loop {
            let now = self.client.execute(SETTLED, vec![]).await?;
            let now = now.as_str().unwrap_or_default().to_owned();
            if !now.is_empty() && !now.ends_with(":0") && now == last {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                anyhow::bail!("the page never settled (last state {now:?})");
            }
            last = now;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// How much wider than the screen the page is, in CSS pixels, with the
    /// elements that stick out (0 when it fits).
    pub async fn overflow(&self) -> anyhow::Result<(i64, Vec<String>)> {
        let found = self
            .client
            .execute(
                r#"
const width = window.innerWidth;
const over = document.scrollingElement.scrollWidth - width;
const culprits = over <= 0 ? [] : Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 0.5)
    .slice(0, 8)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\s+/).join('.') : '')
        + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)');
return [over, culprits];
"#,
                vec![],
            )
            .await?;
        let (over, culprits): (i64, Vec<String>) = serde_json::from_value(found)?;
        Ok((over.max(0), culprits))
    }

    /// axe-core's WCAG 2.1 A/AA violations on the page as it is now, one
    /// line each: the rule, how many elements, and the first of them.
    pub async fn accessibility_violations(&self) -> anyhow::Result<Vec<String>> {
        let source = axe_source().await?;
        let present = self
            .client
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await?;
        if present.as_bool() != Some(true) {
            self.client.execute(source, vec![]).await?;
        }
        let result = self
            .client
            .execute_async(
                r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + ', ' + v.nodes.length + '×): '
        + v.help + ' — ' + v.nodes[0].target.join(' '))))
    .catch(e => done(['axe failed: ' + e]));
"#,
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(result)?)
    }
}

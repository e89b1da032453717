//! Reading and acting on the page: clicks that work under the sticky header,
//! and waits for texts, counts and script values to settle.

use std::time::Duration;

use fantoccini::Locator;

use super::{Browser, PATIENCE};

impl Browser {
    /// Scrolls the element to the middle of the screen (clear of the sticky
    /// header), then clicks it.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let element = self.wait_css(css).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        element.click().await?;
        Ok(())
    }

    /// Waits until exactly `count` elements match `css`.
    pub async fn wait_count(&self, css: &str, count: usize) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let found = self.client.find_all(Locator::Css(css)).await?.len();
            if found == count {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                anyhow::bail!("expected {count} of {css}, found {found}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's text contains `text`; returns the text.
    pub async fn wait_element_text(&self, css: &str, text: &str) -> anyhow::Result<String> {
        self.wait_element_text_any(css, &[text]).await
    }

    /// Waits until the element's text contains one of `texts`; returns the text.
    pub async fn wait_element_text_any(&self, css: &str, texts: &[&str]) -> anyhow::Result<String> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                let shown = element.text().await?;
                if texts.iter().any(|text| shown.contains(text)) {
                    return Ok(shown);
                }
                if tokio::time::Instant::now() > deadline {
                    anyhow::bail!("{css} shows {shown:?}, never any of {texts:?}");
                }
            } else if tokio::time::Instant::now() > deadline {
                anyhow::bail!("no element {css}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The texts of all elements matching `css`, in page order.
    pub async fn texts(&self, css: &str) -> anyhow::Result<Vec<String>> {
        let mut all = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await? {
            all.push(element.text().await?);
        }
        Ok(all)
    }

    /// Waits until the texts of the elements matching `css` satisfy `check`;
    /// returns them.
    pub async fn wait_texts(
        &self,
        css: &str,
        check: impl Fn(&[String]) -> bool,
    ) -> anyhow::Result<Vec<String>> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let found = self.texts(css).await?;
            if check(&found) {
                return Ok(found);
            }
            anyhow::ensure!(
                tokio::time::Instant::now() < deadline,
                "{css} shows {found:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the script returns a number of at least `at_least`; returns it.
    pub async fn wait_number(&self, script: &str, at_least: f64) -> anyhow::Result<f64> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let value = self.client.execute(script, vec![]).await?.as_f64();
            if let Some(value) = value.filter(|v| *v >= at_least) {
                return Ok(value);
            }
            anyhow::ensure!(
                tokio::time::Instant::now() < deadline,
                "{script} gave {value:?}, never {at_least} or more"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the service worker controls the page.
    pub async fn wait_for_service_worker(&self) -> anyhow::Result<()> {
        self.wait_number(
            "return navigator.serviceWorker && navigator.serviceWorker.controller ? 1 : 0;",
            1.0,
        )
        .await?;
        Ok(())
    }

    /// Starts the `<video>` or `<audio>` element matching `css`, muted (a
    /// page may not play sound that no gesture started).
    pub async fn play_muted(&self, css: &str) -> anyhow::Result<()> {
        let script = "const media = document.querySelector(arguments[0]);
             media.muted = true; media.play(); return true;";
        self.client
            .execute(script, vec![serde_json::Value::from(css)])
            .await?;
        Ok(())
    }
}

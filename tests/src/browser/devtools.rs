//! Chrome DevTools Protocol commands sent through chromedriver
//! (`/session/{id}/goog/cdp/execute`): network throttling and going
//! offline, clearing the cache, and scripts run before a page's own.

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use super::Browser;

#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// A network as DevTools emulates it.
#[derive(Debug, Clone, Copy)]
pub struct Network {
    pub offline: bool,
    /// Added to every round trip, in milliseconds.
    pub latency_ms: f64,
    pub down_bytes_per_s: f64,
    pub up_bytes_per_s: f64,
}

impl Network {
    /// Chrome's "Fast 3G" as Lighthouse defines it: 1.6 Mbit/s down,
    /// 750 kbit/s up, 562.5 ms round trip.
    pub const FAST_3G: Network = Network {
        offline: false,
        latency_ms: 562.5,
        down_bytes_per_s: 1_600_000.0 / 8.0,
        up_bytes_per_s: 750_000.0 / 8.0,
    };
    /// No network at all.
    pub const OFFLINE: Network = Network {
        offline: true,
        latency_ms: 0.0,
        down_bytes_per_s: 0.0,
        up_bytes_per_s: 0.0,
    };
    /// Unthrottled.
    pub const FULL: Network = Network {
        offline: false,
        latency_ms: 0.0,
        down_bytes_per_s: -1.0,
        up_bytes_per_s: -1.0,
    };
}

impl Browser {
    /// Sends one DevTools command to the current page and returns its result.
    pub async fn devtools(&self, cmd: &'static str, params: Value) -> anyhow::Result<Value> {
        Ok(self.client.issue_cmd(Cdp { cmd, params }).await?)
    }

    /// Emulates `network` for this page and what it loads.
    pub async fn emulate_network(&self, network: Network) -> anyhow::Result<()> {
        self.devtools("Network.enable", json!({})).await?;
        self.devtools(
            "Network.emulateNetworkConditions",
            json!({
                "offline": network.offline,
                "latency": network.latency_ms,
                "downloadThroughput": network.down_bytes_per_s,
                "uploadThroughput": network.up_bytes_per_s,
            }),
        )
        .await?;
        Ok(())
    }

    /// Empties the HTTP cache, and the origin's service workers and cache
    /// storage: the next visit is a first visit (cookies are kept).
    pub async fn forget_cached(&self, origin: &str) -> anyhow::Result<()> {
        self.devtools("Network.enable", json!({})).await?;
        self.devtools("Network.clearBrowserCache", json!({}))
            .await?;
        self.devtools(
            "Storage.clearDataForOrigin",
            json!({ "origin": origin, "storageTypes": "cache_storage,service_workers" }),
        )
        .await?;
        Ok(())
    }

    /// Runs `source` in every page this tab opens from now on, before the
    /// page's own scripts (and outside its Content-Security-Policy).
    pub async fn before_every_page(&self, source: &str) -> anyhow::Result<()> {
        self.devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await?;
        Ok(())
    }
}

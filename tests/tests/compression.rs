//! Answers are compressed for clients that accept it, above a size: brotli
//! or gzip per `Accept-Encoding`, the same bytes once decoded; small
//! answers go as they are, and so does anything to a client that did not
//! ask.

use std::io::Read;

use cultivator_tests::{Backend, TestApp};
use reqwest::Response;

fn encoding(response: &Response) -> Option<String> {
    response
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_answers_are_compressed_for_clients_that_accept_it() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?;
    // reqwest is built without decompression here: it neither asks for an
    // encoding nor decodes one, so the tests see the bytes as sent.
    let raw = reqwest::Client::new();
    let url = format!("{}/api/openapi.json", app.base_url);

    let plain = raw.get(&url).send().await?;
    assert_eq!(encoding(&plain), None);
    let plain = plain.bytes().await?.to_vec();
    assert!(plain.len() > 10_000, "{} bytes", plain.len());

    let br = raw.get(&url).header("accept-encoding", "br").send().await?;
    assert_eq!(encoding(&br).as_deref(), Some("br"));
    let vary = br
        .headers()
        .get("vary")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(vary.contains("accept-encoding"), "vary: {vary}");
    let packed = br.bytes().await?;
    assert!(
        packed.len() * 4 < plain.len(),
        "{} of {}",
        packed.len(),
        plain.len()
    );
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut &packed[..], &mut unpacked)?;
    assert_eq!(unpacked, plain);

    let gzip = raw
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    assert_eq!(encoding(&gzip).as_deref(), Some("gzip"));
    let packed = gzip.bytes().await?;
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut unpacked)?;
    assert_eq!(unpacked, plain);

    // A small answer is not worth the CPU.
    let small = raw
        .get(format!("{}/healthz", app.base_url))
        .header("accept-encoding", "br, gzip")
        .send()
        .await?;
    assert_eq!(encoding(&small), None);
    assert!(small.bytes().await?.len() < 1024);
    app.stop().await
}

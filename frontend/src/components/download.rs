//! Saving bytes the app fetched as a file, for downloads that cannot be a
//! plain link: the one-time password sheet is taken with a POST (taking it
//! erases it), and a link can only GET.

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `bytes` to the person as a download named `name`.
pub fn save_file(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let href = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    let link: web_sys::HtmlElement = document.create_element("a")?.dyn_into()?;
    link.set_attribute("href", &href)?;
    link.set_attribute("download", name)?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    // The download reads the blob after the click returns; revoking at once
    // can cancel it, and keeping it would hold the passwords in memory.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&href);
        },
        Duration::from_secs(60),
    );
    Ok(())
}

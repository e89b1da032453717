//! The session's rotating check-in code computed on the instructor's
//! device, with the browser's WebCrypto, from the session's device key:
//! the same code the server checks (`cultivator_shared::checkin_code`), so
//! the screen goes on showing valid codes with no network.

use cultivator_shared::checkin_code::{digits_of, window_message};
use qrcode::QrCode;
use qrcode::render::svg;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The code of `window` under `device_key` (hexadecimal text, keyed as its bytes).
pub async fn code_at(device_key: &str, window: i64) -> Result<String, JsValue> {
    let subtle = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?
        .subtle();
    let algorithm = js_sys::Object::new();
    js_sys::Reflect::set(&algorithm, &"name".into(), &"HMAC".into())?;
    js_sys::Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into())?;
    let usages = js_sys::Array::of1(&JsValue::from_str("sign"));
    let raw = js_sys::Uint8Array::from(device_key.as_bytes());
    let key =
        JsFuture::from(subtle.import_key_with_object("raw", &raw, &algorithm, false, &usages)?)
            .await?
            .dyn_into::<web_sys::CryptoKey>()?;
    let signature =
        JsFuture::from(subtle.sign_with_str_and_u8_array("HMAC", &key, &window_message(window))?)
            .await?;
    let digest = js_sys::Uint8Array::new(&signature).to_vec();
    Ok(digits_of(&digest))
}

/// The QR code of `url`, as an SVG document.
pub fn qr_svg(url: &str) -> String {
    QrCode::new(url.as_bytes())
        .map(|code| code.render::<svg::Color>().min_dimensions(240, 240).build())
        .unwrap_or_default()
}

//! The offline check of a certificate's QR link (`/verify/<number>#<key
//! id>.<fields>.<signature>`, written by the server's `credential` module):
//! the Ed25519 signature is checked with the browser's own WebCrypto
//! against the signing keys the server wrote into the page
//! (`<script id="certificate-keys">`), so the check needs no request and
//! no signature code in the bundle. The fields checked are the bytes the
//! link carries, exactly as signed: nothing is re-encoded here.

use cultivator_shared::CreditHours;
use cultivator_shared::api::certificates::CertificateKind;
use cultivator_shared::certificate::normalise_number;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What a certificate's signature covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub key_id: i64,
    pub number: String,
    pub kind: CertificateKind,
    pub holder_name: String,
    pub title: String,
    pub credit: CreditHours,
    pub completed_on: String,
    pub issued_on: String,
    pub issuer: String,
}

/// The outcome of the offline check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offline {
    Valid(Signed),
    /// Altered, forged, or not for this number.
    Invalid,
    UnknownKey(i64),
    /// No WebCrypto Ed25519 here (older browsers).
    Unchecked,
}

/// The browser's own JSON parser: smaller in the bundle than a serde
/// decoder for two small documents.
fn parse_json(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

fn field(value: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).ok()
}

/// The public key (base64url) with id `key_id` among the published keys
/// the server wrote into the page (`SigningKeys` as JSON).
fn published_key(key_id: i64) -> Option<String> {
    let text = web_sys::window()?
        .document()?
        .get_element_by_id("certificate-keys")?
        .text_content()?;
    let keys: js_sys::Array = field(&parse_json(&text)?, "keys")?.dyn_into().ok()?;
    // Key ids are small database ids: exact as f64.
    let wanted = key_id as f64;
    keys.iter()
        .find(|k| field(k, "id").and_then(|id| id.as_f64()) == Some(wanted))
        .and_then(|k| field(&k, "public_key")?.as_string())
}

/// Base64url without padding, as the server writes it.
fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xFF).ok()?);
        }
    }
    Some(out)
}

/// The parts of a fragment: key id, the signed bytes and what they say,
/// and the signature; `None` if it is no credential for `number`.
fn parse(number: &str, fragment: &str) -> Option<(Signed, Vec<u8>, Vec<u8>)> {
    let mut parts = fragment.trim_start_matches('#').split('.');
    let (Some(key), Some(fields), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let key_id: i64 = key.parse().ok()?;
    let bytes = base64url(fields)?;
    let signature = base64url(signature).filter(|s| s.len() == 64)?;
    // A versioned array (the server's `credential::Wire`): version,
    // number, kind, holder, title, credit tenths, completed, issued, issuer.
    let wire: js_sys::Array = parse_json(std::str::from_utf8(&bytes).ok()?)?
        .dyn_into()
        .ok()?;
    let text = |i: u32| wire.get(i).as_string();
    let signed_number = text(1)?;
    if wire.get(0).as_f64() != Some(1.0)
        || normalise_number(number).as_deref() != Some(signed_number.as_str())
    {
        return None;
    }
    let credit = wire
        .get(5)
        .as_f64()
        .filter(|c| c.fract() == 0.0 && *c >= 0.0)?;
    let signed = Signed {
        key_id,
        number: signed_number,
        kind: CertificateKind::parse(&text(2)?)?,
        holder_name: text(3)?,
        title: text(4)?,
        credit: CreditHours(u32::try_from(credit as u64).ok()?),
        completed_on: text(6)?,
        issued_on: text(7)?,
        issuer: text(8)?,
    };
    Some((signed, bytes, signature))
}

/// Checks the credential in `fragment` for certificate `number`; `None`
/// when there is no fragment to check.
pub async fn check(number: &str, fragment: &str) -> Option<Offline> {
    if fragment.trim_start_matches('#').is_empty() {
        return None;
    }
    let Some((signed, bytes, signature)) = parse(number, fragment) else {
        return Some(Offline::Invalid);
    };
    let Some(public) = published_key(signed.key_id).and_then(|k| base64url(&k)) else {
        return Some(Offline::UnknownKey(signed.key_id));
    };
    Some(match verify(&public, &signature, &bytes).await {
        Ok(true) => Offline::Valid(signed),
        Ok(false) => Offline::Invalid,
        Err(_) => Offline::Unchecked,
    })
}

async fn verify(public: &[u8], signature: &[u8], data: &[u8]) -> Result<bool, JsValue> {
    let subtle = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?
        .subtle();
    let usages = js_sys::Array::of1(&JsValue::from_str("verify"));
    let raw = js_sys::Uint8Array::from(public);
    let key = JsFuture::from(subtle.import_key_with_str("raw", &raw, "Ed25519", false, &usages)?)
        .await?
        .dyn_into::<web_sys::CryptoKey>()?;
    let verdict = JsFuture::from(
        subtle.verify_with_str_and_u8_array_and_u8_array("Ed25519", &key, signature, data)?,
    )
    .await?;
    Ok(verdict.as_bool().unwrap_or(false))
}

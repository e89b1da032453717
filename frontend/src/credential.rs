//! The offline check of a certificate's QR link (`/verify/<number>#<key
//! id>.<fields>.<signature>`, written by the server's `credential` module):
//! the Ed25519 signature is checked with the browser's own WebCrypto
//! against the signing keys the server wrote into the page
//! (`<script id="certificate-keys">`), so the check needs no request and
//! no signature code in the bundle. The fields checked are the bytes the
//! link carries, exactly as signed: nothing is re-encoded here.

use std::sync::OnceLock;

use cultivator_shared::CreditHours;
use cultivator_shared::api::certificates::{CertificateKind, SigningKeys};
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

/// The credential's wire form: a versioned tuple (see the server's
/// `credential::Wire`).
type Wire = (
    u8,
    String,
    String,
    String,
    String,
    u32,
    String,
    String,
    String,
);

static KEYS: OnceLock<Option<SigningKeys>> = OnceLock::new();

/// The published keys the server wrote into the page, read once.
fn keys() -> Option<&'static SigningKeys> {
    KEYS.get_or_init(|| {
        let text = web_sys::window()?
            .document()?
            .get_element_by_id("certificate-keys")?
            .text_content()?;
        serde_json::from_str(&text).ok()
    })
    .as_ref()
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
    let (version, signed_number, kind, holder_name, title, credit, completed_on, issued_on, issuer): Wire =
        serde_json::from_slice(&bytes).ok()?;
    if version != 1 || normalise_number(number).as_deref() != Some(signed_number.as_str()) {
        return None;
    }
    let signed = Signed {
        key_id,
        number: signed_number,
        kind: CertificateKind::parse(&kind)?,
        holder_name,
        title,
        credit: CreditHours(credit),
        completed_on,
        issued_on,
        issuer,
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
    let Some(public) = keys()
        .and_then(|k| k.keys.iter().find(|k| k.id == signed.key_id))
        .and_then(|k| base64url(&k.public_key))
    else {
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

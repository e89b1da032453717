//! The "known device" cookie: set when a person signs in, it lets that
//! browser sign in to that account again with an attempt allowance of its
//! own, so that someone hammering the account from elsewhere cannot keep its
//! owner out (see `docs/sign-in-throttling.md`).
//!
//! The value is `user.issued.nonce.mac`, the MAC being HMAC-SHA256 under the
//! server's device key. Nothing is stored: a forged or altered cookie fails
//! the MAC, and a stolen one only opens the device's own allowance, which is
//! throttled like any other.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use cultivator_shared::UserId;
use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sha2::Sha256;
use tower_sessions::cookie::{Cookie, SameSite};

use crate::domain::accounts::KnownDevice;
use crate::{ApiError, AppState};

pub const COOKIE: &str = "cultivator_device";
/// Only the sign-in routes need it, so no other request carries it.
const PATH: &str = "/api/v1/auth";
const LIFETIME_DAYS: i64 = 365;

/// The device the request's cookie names, when the cookie is genuine.
#[derive(Debug, Clone)]
pub struct DeviceCookie(pub Option<KnownDevice>);

impl FromRequestParts<AppState> for DeviceCookie {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let now = chrono::Utc::now().timestamp();
        let device = parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(Cookie::split_parse)
            .filter_map(Result::ok)
            .filter(|c| c.name() == COOKIE)
            .find_map(|c| verify(&state.device_key, c.value(), now));
        Ok(DeviceCookie(device))
    }
}

/// A `Set-Cookie` value naming a new device of `user`.
pub fn issue(key: &[u8], user: UserId, now: i64, secure: bool) -> Option<HeaderValue> {
    let mut nonce = [0_u8; 16];
    rand::thread_rng().fill_bytes(&mut nonce);
    let payload = format!("{}.{now}.{}", user.0, to_hex(&nonce));
    let mac = to_hex(&mac_of(key, &payload)?.finalize().into_bytes());
    let cookie = Cookie::build((COOKIE, format!("{payload}.{mac}")))
        .path(PATH)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::days(LIFETIME_DAYS))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The device `value` names, if its MAC is right and it is not too old.
pub fn verify(key: &[u8], value: &str, now: i64) -> Option<KnownDevice> {
    let (payload, mac) = value.rsplit_once('.')?;
    mac_of(key, payload)?.verify_slice(&from_hex(mac)?).ok()?;
    let mut parts = payload.split('.');
    let user = parts.next()?.parse().ok()?;
    let issued: i64 = parts.next()?.parse().ok()?;
    let nonce = parts.next()?;
    let fresh = (0..=LIFETIME_DAYS * 86_400).contains(&now.saturating_sub(issued));
    fresh.then(|| KnownDevice {
        user: UserId(user),
        id: nonce.to_owned(),
    })
}

fn mac_of(key: &[u8], payload: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(b"known-device.");
    mac.update(payload.as_bytes());
    Some(mac)
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a key of test, long enough";

    fn value_of(cookie: &HeaderValue) -> String {
        let text = cookie.to_str().unwrap();
        Cookie::parse(text).unwrap().value().to_owned()
    }

    #[test]
    fn an_issued_cookie_names_its_user() {
        let cookie = issue(KEY, UserId(42), 1_000, true).unwrap();
        let text = cookie.to_str().unwrap();
        assert!(text.contains("HttpOnly") && text.contains("Secure"));
        assert!(text.contains("Path=/api/v1/auth"));
        let device = verify(KEY, &value_of(&cookie), 2_000).unwrap();
        assert_eq!(device.user, UserId(42));
        assert_eq!(device.id.len(), 32);
    }

    #[test]
    fn an_altered_or_foreign_cookie_is_ignored() {
        let value = value_of(&issue(KEY, UserId(42), 1_000, false).unwrap());
        let altered = value.replacen("42.", "43.", 1);
        assert!(verify(KEY, &altered, 2_000).is_none());
        assert!(verify(b"another key entirely", &value, 2_000).is_none());
        assert!(verify(KEY, "42.1000.abc.zz", 2_000).is_none());
        assert!(verify(KEY, "", 2_000).is_none());
    }

    #[test]
    fn an_old_cookie_is_ignored() {
        let value = value_of(&issue(KEY, UserId(42), 0, false).unwrap());
        assert!(verify(KEY, &value, LIFETIME_DAYS * 86_400).is_some());
        assert!(verify(KEY, &value, LIFETIME_DAYS * 86_400 + 1).is_none());
    }
}

//! The rotating check-in code, as both the server (which checks it) and the
//! instructor's device (which shows it, with or without a network) compute it.
//!
//! Time is cut into windows of `period` seconds; window `w` covers Unix
//! seconds `[w·period, (w+1)·period)`. The code for window `w` is
//! HMAC-SHA256, keyed with the session's *device key*, over `w` as 8
//! big-endian bytes, truncated as in HOTP (RFC 4226 §5.3) to 6 digits. The
//! HMAC itself is computed by each side with what it has (the server's
//! `hmac` crate, the browser's WebCrypto); the window arithmetic and the
//! truncation live here so the two cannot drift apart.
//!
//! The device key is itself an HMAC of the session's stored secret over
//! [`DEVICE_KEY_LABEL`]: it is given to those who run the class so that
//! their device shows codes with no network, and it is good for that one
//! session's codes only. The stored secret never leaves the server.

/// What the session's stored secret is keyed over to derive its device key.
pub const DEVICE_KEY_LABEL: &[u8] = b"cultivator check-in device key v1";

/// The window that Unix time `secs` falls in.
pub fn window_of(secs: i64, period: u32) -> i64 {
    secs.div_euclid(i64::from(period.max(1)))
}

/// Seconds until the window containing `secs` ends.
pub fn seconds_left(secs: i64, period: u32) -> u32 {
    let period = i64::from(period.max(1));
    u32::try_from(period - secs.rem_euclid(period)).unwrap_or(0)
}

/// The HMAC message for `window`.
pub fn window_message(window: i64) -> [u8; 8] {
    window.to_be_bytes()
}

/// The 6 digits of an HMAC-SHA256 `digest` (RFC 4226 §5.3 dynamic
/// truncation); an empty string for a digest too short to truncate.
pub fn digits_of(digest: &[u8]) -> String {
    let Some(last) = digest.last() else {
        return String::new();
    };
    let offset = usize::from(last & 0x0f);
    let Some(bytes) = digest.get(offset..offset + 4) else {
        return String::new();
    };
    let bits = u32::from_be_bytes([bytes[0] & 0x7f, bytes[1], bytes[2], bytes[3]]);
    format!("{:06}", bits % 1_000_000)
}

/// Lower-case hexadecimal of `bytes` (how a device key is written).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_seconds_left_follow_the_period() {
        assert_eq!(window_of(29, 15), 1);
        assert_eq!(window_of(30, 15), 2);
        assert_eq!(window_of(-1, 15), -1);
        assert_eq!(seconds_left(30, 15), 15);
        assert_eq!(seconds_left(44, 15), 1);
        assert_eq!(window_of(10, 0), 10, "a zero period counts as one second");
    }

    #[test]
    fn truncation_matches_rfc_4226() {
        // RFC 4226 §5.4's worked example (an HMAC-SHA1 digest; the
        // truncation does not depend on the hash).
        let digest = [
            0x1f, 0x86, 0x98, 0x69, 0x0e, 0x02, 0xca, 0x16, 0x61, 0x85, 0x50, 0xef, 0x7f, 0x19,
            0xda, 0x8e, 0x94, 0x5b, 0x55, 0x5a,
        ];
        assert_eq!(
            digits_of(&digest),
            format!("{:06}", 0x50ef7f19_u32 % 1_000_000)
        );
        assert_eq!(digits_of(&digest), "872921");
        assert_eq!(digits_of(&[]), "");
        assert_eq!(digits_of(&[0x0f]), "", "an offset past the end");
    }

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}

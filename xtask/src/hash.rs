//! A small, stable content hash for cache-busting file names.

/// FNV-1a over the bytes, as 64 bits. Not cryptographic: it only has to change
/// when a file's content does, and be the same on every machine and run.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The first 10 hex digits of the hash: enough to tell builds apart.
pub fn short(bytes: &[u8]) -> String {
    let hex = format!("{:016x}", fnv1a64(bytes));
    hex[..10].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_content_sensitive() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(short(b"cultivator"), short(b"cultivatos"));
        assert_eq!(short(b"x").len(), 10);
    }
}

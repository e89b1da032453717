//! Password hashing with Argon2id (the `argon2` crate's defaults follow the
//! OWASP recommendation: 19 MiB, 2 passes). Hashing is CPU-bound, so it runs
//! on the blocking pool rather than stalling the async workers, and at most
//! one hash per core runs at a time: the blocking pool has hundreds of
//! threads, so without a bound a burst of registrations or sign-ins would
//! take 19 MiB each and starve every other request of CPU. Requests beyond
//! the bound wait their turn.
//!
//! Each hash works in a memory block taken from a small pool and returned
//! after, rather than one allocated and freed per hash: freed blocks of this
//! size were kept by the allocator, so a burst left the process gigabytes
//! larger for good. With the permits above there are never more blocks than
//! cores. Hashes are the standard PHC strings, and verification reads the
//! parameters from the stored string, so hashes stored before still verify.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("hashing failed: {0}")]
    Hash(String),
    #[error("hashing task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

impl From<argon2::password_hash::Error> for PasswordError {
    fn from(e: argon2::password_hash::Error) -> Self {
        PasswordError::Hash(e.to_string())
    }
}

impl From<argon2::Error> for PasswordError {
    fn from(e: argon2::Error) -> Self {
        PasswordError::Hash(e.to_string())
    }
}

/// One permit per core. Process-wide rather than in the app state because
/// what it shares out, the machine's cores, is process-wide, and hashing is
/// reached from the command line and the roster import as well as requests.
static HASHING: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
});

/// Argon2 working memory not in use, at most one per permit.
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

static COMPUTED: AtomicU64 = AtomicU64::new(0);

/// How many hashes and verifications this process has started, for
/// operations and for tests that check work was not done.
pub fn hashes_computed() -> u64 {
    COMPUTED.load(Ordering::Relaxed)
}

/// Runs `work` on the blocking pool once a core is free. The permit moves
/// into the blocking task, so it is held until the hash is done even when
/// the request that asked for it has gone away.
async fn on_a_core<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, PasswordError> + Send + 'static,
) -> Result<T, PasswordError> {
    let permit = HASHING
        .acquire()
        .await
        .map_err(|e| PasswordError::Hash(e.to_string()))?;
    COMPUTED.fetch_add(1, Ordering::Relaxed);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await?
}

/// Argon2 of `password` and `salt` into `out`, in pooled memory.
fn argon2_into(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), PasswordError> {
    let mut memory = MEMORY
        .lock()
        .ok()
        .and_then(|mut pool| pool.pop())
        .unwrap_or_default();
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let result = argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks]);
    if let Ok(mut pool) = MEMORY.lock() {
        pool.push(memory);
    }
    Ok(result?)
}

/// A new PHC hash of `password` with `params` and a random salt.
fn hash_with(params: Params, password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0_u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0_u8; Params::DEFAULT_OUTPUT_LEN];
    argon2_into(&argon, &params, password.as_bytes(), salt_bytes, &mut out)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` gives the stored PHC hash, with the algorithm and
/// parameters the hash names (compared in constant time by `Output`).
fn matches(password: &str, stored: &str) -> Result<bool, PasswordError> {
    let parsed = PasswordHash::new(stored)?;
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let params = Params::try_from(&parsed)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(PasswordError::Hash(
            "stored hash without salt or hash".into(),
        ));
    };
    let mut salt_buf = [0_u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf)?;
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0_u8; expected.len()];
    argon2_into(&argon, &params, password.as_bytes(), salt_bytes, &mut out)?;
    Ok(Output::new(&out)? == expected)
}

pub async fn hash(password: String) -> Result<String, PasswordError> {
    on_a_core(move || hash_with(Params::default(), &password)).await
}

/// Argon2id for passwords the system generated (a roster import's one-time
/// passwords): 4 MiB, 1 pass, about a tenth of the cost of [`hash`]. The
/// slow default protects the weak passwords people choose; a generated one
/// has ~57 bits of entropy, beyond guessing at any Argon2 cost, and 10,000
/// of them must hash in about a minute. Verification reads the parameters
/// from the stored hash, so [`verify`] checks these too.
pub async fn hash_generated(password: String) -> Result<String, PasswordError> {
    on_a_core(move || hash_with(Params::new(4096, 1, 1, None)?, &password)).await
}

/// True when `password` matches `stored`. With no stored hash (unknown
/// account) it still does the same work, so timing does not reveal which
/// mobile numbers are registered.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, PasswordError> {
    on_a_core(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        Ok(matches(&password, &stored)? && known)
    })
    .await
}

/// Argon2id hash of a random password nobody knows, with default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Tq2oWzHIX1NzCPMXg4yPMxM1gGMS3ypCDiSjnI5Nw5c";

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() -> Result<(), PasswordError> {
        let stored = hash("farm2024".into()).await?;
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("farm2024".into(), Some(stored.clone())).await?);
        assert!(!verify("farm2025".into(), Some(stored)).await?);
        assert!(!verify("farm2024".into(), None).await?);
        Ok(())
    }

    #[tokio::test]
    async fn a_generated_password_hash_verifies_with_the_same_check() -> Result<(), PasswordError> {
        let stored = hash_generated("Kp7mQ3xZ9a".into()).await?;
        assert!(stored.starts_with("$argon2id$v=19$m=4096,t=1,p=1$"));
        assert!(verify("Kp7mQ3xZ9a".into(), Some(stored.clone())).await?);
        assert!(!verify("Kp7mQ3xZ9b".into(), Some(stored)).await?);
        Ok(())
    }

    #[tokio::test]
    async fn hashes_stored_by_the_argon2_crate_still_verify_and_ours_verify_there()
    -> Result<(), PasswordError> {
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"farm2024", &salt)?
            .to_string();
        assert!(verify("farm2024".into(), Some(theirs.clone())).await?);
        assert!(!verify("farm2025".into(), Some(theirs)).await?);

        let ours = hash("farm2024".into()).await?;
        let parsed = PasswordHash::new(&ours)?;
        assert!(
            Argon2::default()
                .verify_password(b"farm2024", &parsed)
                .is_ok()
        );
        Ok(())
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_is_an_error_not_a_match() {
        assert!(verify("x".into(), Some("not a hash".into())).await.is_err());
    }
}

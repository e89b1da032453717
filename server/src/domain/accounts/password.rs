//! Password hashing with Argon2id (the `argon2` crate's defaults follow the
//! OWASP recommendation: 19 MiB, 2 passes). Hashing is CPU-bound, so it runs
//! on the blocking pool rather than stalling the async workers, and at most
//! one hash per core runs at a time: the blocking pool has hundreds of
//! threads, so without a bound a burst of registrations or sign-ins would
//! take 19 MiB each and starve every other request of CPU. Requests beyond
//! the bound wait their turn.

use std::num::NonZeroUsize;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("hashing failed: {0}")]
    Hash(String),
    #[error("hashing task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// One permit per core. Process-wide rather than in the app state because
/// what it shares out, the machine's cores, is process-wide, and hashing is
/// reached from the command line and the roster import as well as requests.
static HASHING: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
});

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

pub async fn hash(password: String) -> Result<String, PasswordError> {
    on_a_core(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError::Hash(e.to_string()))
    })
    .await
}

/// Argon2id for passwords the system generated (a roster import's one-time
/// passwords): 4 MiB, 1 pass, about a tenth of the cost of [`hash`]. The
/// slow default protects the weak passwords people choose; a generated one
/// has ~57 bits of entropy, beyond guessing at any Argon2 cost, and 10,000
/// of them must hash in about a minute. Verification reads the parameters
/// from the stored hash, so [`verify`] checks these too.
pub async fn hash_generated(password: String) -> Result<String, PasswordError> {
    on_a_core(move || {
        let params = argon2::Params::new(4096, 1, 1, None)
            .map_err(|e| PasswordError::Hash(e.to_string()))?;
        let salt = SaltString::generate(&mut OsRng);
        Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError::Hash(e.to_string()))
    })
    .await
}

/// True when `password` matches `stored`. With no stored hash (unknown
/// account) it still does the same work, so timing does not reveal which
/// mobile numbers are registered.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, PasswordError> {
    on_a_core(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed = PasswordHash::new(&stored).map_err(|e| PasswordError::Hash(e.to_string()))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(matches && stored != DUMMY_HASH)
    })
    .await
}

/// Argon2id hash of a random password nobody knows, with default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Tq2oWzHIX1NzCPMXg4yPMxM1gGMS3ypCDiSjnI5Nw5c";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() -> Result<(), PasswordError> {
        let stored = hash("farm2024".into()).await?;
        assert!(stored.starts_with("$argon2id$"));
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
}

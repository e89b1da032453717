//! A node's cache of results computed from tables a change counter (an
//! epoch, see the `epoch` migrations) watches. The caller reads the epoch
//! before asking, in the statement it already makes for the session; an
//! entry computed under an older epoch is never served, so a change made on
//! any node shows on every node's next request, with no messages between
//! them. A change during a computation moves the epoch past the one the
//! entry is stored under, so the entry is recomputed next time.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use quick_cache::sync::Cache;

pub struct EpochCache<K, V> {
    entries: Cache<K, (i64, Arc<V>)>,
}

impl<K: Eq + Hash + Clone, V> EpochCache<K, V> {
    /// Keeps at most `capacity` entries, least used first out.
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Cache::new(capacity),
        }
    }

    /// The entry for `key` if it was computed under `epoch` or later.
    pub fn current(&self, key: &K, epoch: i64) -> Option<Arc<V>> {
        self.entries
            .get(key)
            .filter(|(at, _)| *at >= epoch)
            .map(|(_, value)| value)
    }

    /// Keeps `value` as computed under `epoch`.
    pub fn keep(&self, key: K, epoch: i64, value: impl Into<Arc<V>>) -> Arc<V> {
        let value = value.into();
        self.entries.insert(key, (epoch, value.clone()));
        value
    }

    /// The entry for `key` under `epoch`, computed by `compute` when there
    /// is none.
    pub async fn get_or<E, F>(&self, key: K, epoch: i64, compute: F) -> Result<Arc<V>, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if let Some(found) = self.current(&key, epoch) {
            return Ok(found);
        }
        Ok(self.keep(key, epoch, compute.await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_entry_is_served_until_the_epoch_moves() {
        let cache: EpochCache<&str, u32> = EpochCache::new(10);
        let first = cache.get_or("a", 1, async { Ok::<_, ()>(10) }).await;
        assert_eq!(first.map(|v| *v), Ok(10));
        let same = cache.get_or("a", 1, async { Ok::<_, ()>(11) }).await;
        assert_eq!(same.map(|v| *v), Ok(10), "same epoch: not recomputed");
        let moved = cache.get_or("a", 2, async { Ok::<_, ()>(12) }).await;
        assert_eq!(moved.map(|v| *v), Ok(12), "epoch moved: recomputed");
        assert_eq!(
            cache.current(&"a", 1).map(|v| *v),
            Some(12),
            "newer serves older readers"
        );
    }

    #[tokio::test]
    async fn a_failed_computation_keeps_nothing() {
        let cache: EpochCache<&str, u32> = EpochCache::new(10);
        assert!(
            cache
                .get_or("a", 1, async { Err::<u32, _>("down") })
                .await
                .is_err()
        );
        assert!(cache.current(&"a", 1).is_none());
    }
}

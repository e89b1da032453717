//! Login throttling: after too many failures within a window, an account (or
//! a client address) is locked for a while. The rules are pure functions over
//! a [`Counter`]; `db::login_throttle` stores the counters.

pub use crate::db::login_throttle::Counter;

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub max_failures: u32,
    /// Seconds over which failures are counted; also the lock's length.
    pub window_secs: i64,
}

/// Seconds until the lock ends, if `counter` is locked at `now`.
pub fn locked_for(counter: Option<&Counter>, now: i64) -> Option<u64> {
    let until = counter?.locked_until?;
    (until > now).then(|| u64::try_from(until - now).unwrap_or(0))
}

/// The counter after one more failure at `now`.
pub fn record_failure(counter: Option<Counter>, policy: Policy, now: i64) -> Counter {
    let fresh = Counter {
        failures: 0,
        window_started_at: now,
        locked_until: None,
    };
    let mut next = match counter {
        Some(c) if now - c.window_started_at < policy.window_secs => c,
        _ => fresh,
    };
    next.failures += 1;
    if next.failures >= policy.max_failures {
        next.locked_until = Some(now + policy.window_secs);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: Policy = Policy {
        max_failures: 3,
        window_secs: 900,
    };

    #[test]
    fn locks_after_the_allowed_failures_within_the_window() {
        let mut counter = None;
        for _ in 0..2 {
            counter = Some(record_failure(counter, POLICY, 1_000));
            assert_eq!(locked_for(counter.as_ref(), 1_000), None);
        }
        counter = Some(record_failure(counter, POLICY, 1_010));
        assert_eq!(locked_for(counter.as_ref(), 1_010), Some(900));
        assert_eq!(locked_for(counter.as_ref(), 1_909), Some(1));
        assert_eq!(locked_for(counter.as_ref(), 1_910), None);
    }

    #[test]
    fn failures_outside_the_window_start_a_new_count() {
        let first = record_failure(None, POLICY, 0);
        let second = record_failure(Some(first), POLICY, 10);
        let later = record_failure(Some(second), POLICY, 10_000);
        assert_eq!(later.failures, 1);
        assert_eq!(later.locked_until, None);
    }
}

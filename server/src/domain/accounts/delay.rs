//! Progressive delay for sign-in and registration attempts (the policy is
//! described in `docs/sign-in-throttling.md`). Every attempt is counted
//! *before* the password is checked, so that parallel guesses cannot all be
//! checked before the count rises; a success gives its attempt back. After
//! `free_attempts`, each further attempt must wait twice as long as the
//! previous one, up to `max_delay_secs`: an attacker is slowed to a trickle
//! but, unlike a lock, nobody is shut out for longer than one delay, and the
//! owner's own device has a bucket of its own (see `auth::known_device`).
//!
//! The rules are pure functions over a [`Counter`], whose fields mean here:
//! `failures`, attempts not given back; `window_started_at`, when the last
//! attempt was counted; `locked_until`, when the next attempt is allowed.

pub use crate::db::login_throttle::Counter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelayPolicy {
    /// Attempts allowed back to back before any delay.
    pub free_attempts: u32,
    /// The first delay, in seconds; each later one doubles it.
    pub first_delay_secs: i64,
    /// The longest delay, in seconds.
    pub max_delay_secs: i64,
    /// A counter untouched this long is forgotten.
    pub forget_after_secs: i64,
}

/// Seconds until the next attempt is allowed, if one must wait at `now`.
pub fn wait_for(counter: Option<&Counter>, now: i64) -> Option<u64> {
    let until = counter?.locked_until?;
    (until > now).then(|| u64::try_from(until - now).unwrap_or(u64::MAX))
}

/// The counter after one more attempt at `now` (call only when [`wait_for`]
/// said none is needed).
pub fn count_attempt(counter: Option<Counter>, policy: DelayPolicy, now: i64) -> Counter {
    let mut next = match counter {
        Some(c) if now - c.window_started_at < policy.forget_after_secs => c,
        _ => Counter {
            failures: 0,
            window_started_at: now,
            locked_until: None,
        },
    };
    next.failures = next.failures.saturating_add(1);
    next.window_started_at = now;
    next.locked_until = delay_after(next.failures, policy).map(|secs| now.saturating_add(secs));
    next
}

/// The counter after an attempt counted by [`count_attempt`] succeeded: the
/// attempt is given back, and the delay it caused with it.
pub fn give_back(counter: Counter, policy: DelayPolicy) -> Counter {
    let failures = counter.failures.saturating_sub(1);
    let locked_until =
        delay_after(failures, policy).map(|secs| counter.window_started_at.saturating_add(secs));
    Counter {
        failures,
        locked_until,
        ..counter
    }
}

/// The wait after the `attempts`-th attempt: none within the free ones, then
/// the first delay doubled per further attempt, capped.
fn delay_after(attempts: u32, policy: DelayPolicy) -> Option<i64> {
    let beyond = attempts.checked_sub(policy.free_attempts)?;
    let doubled = 1_i64
        .checked_shl(beyond.min(62))
        .and_then(|factor| policy.first_delay_secs.checked_mul(factor))
        .unwrap_or(i64::MAX);
    Some(doubled.min(policy.max_delay_secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: DelayPolicy = DelayPolicy {
        free_attempts: 3,
        first_delay_secs: 2,
        max_delay_secs: 60,
        forget_after_secs: 3600,
    };

    fn attempts(n: usize, now: i64) -> Option<Counter> {
        (0..n).fold(None, |c, _| Some(count_attempt(c, POLICY, now)))
    }

    #[test]
    fn the_free_attempts_need_no_wait() {
        assert_eq!(wait_for(attempts(2, 100).as_ref(), 100), None);
        assert_eq!(wait_for(attempts(0, 100).as_ref(), 100), None);
    }

    #[test]
    fn each_attempt_beyond_the_free_ones_doubles_the_wait_up_to_the_cap() {
        let mut counter = attempts(2, 0);
        let mut now = 0;
        let mut waits = Vec::new();
        for _ in 0..8 {
            counter = Some(count_attempt(counter, POLICY, now));
            let wait = wait_for(counter.as_ref(), now).unwrap_or(0);
            waits.push(wait);
            now += i64::try_from(wait).unwrap_or(0);
            assert_eq!(wait_for(counter.as_ref(), now), None, "waited long enough");
        }
        assert_eq!(waits, [2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn a_burst_is_stopped_after_the_free_attempts() {
        // Counting happens before checking: the fourth attempt of a burst in
        // the same second is told to wait.
        let counter = attempts(3, 50);
        assert_eq!(wait_for(counter.as_ref(), 50), Some(2));
    }

    #[test]
    fn a_success_gives_its_attempt_and_delay_back() {
        let counter = attempts(3, 50).unwrap_or_default();
        let back = give_back(counter, POLICY);
        assert_eq!(back.failures, 2);
        assert_eq!(wait_for(Some(&back), 50), None);
    }

    #[test]
    fn a_quiet_counter_is_forgotten() {
        let counter = attempts(5, 0);
        let later = count_attempt(counter, POLICY, 3600);
        assert_eq!(later.failures, 1);
        assert_eq!(later.locked_until, None);
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        let counter = Counter {
            failures: u32::MAX,
            window_started_at: i64::MAX - 1,
            locked_until: None,
        };
        let next = count_attempt(Some(counter), POLICY, i64::MAX - 1);
        assert_eq!(next.locked_until, Some(i64::MAX));
    }
}

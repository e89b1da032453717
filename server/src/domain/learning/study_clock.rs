//! Verified study time is per person (DOMAIN.md): whatever a trainee plays, on
//! any lesson, in any number of tabs or devices, the server credits at most
//! the wall-clock time that has really passed, plus a small bounded allowance
//! for jitter. No I/O here, so every rule is unit-tested.
//!
//! The rule is a token bucket of milliseconds, one per trainee. It refills at
//! one millisecond per millisecond of wall-clock time and holds at most
//! [`CAPACITY_MS`]: the longest gap an honest player leaves between two
//! reports (the player reports every 15 s) plus a few seconds of slack for
//! late timers and queued requests. Every millisecond of *new* playback that
//! a report claims, on any lesson, is paid from it; a report that claims more
//! than the bucket holds is refused whole and changes nothing. So waiting idle
//! for ten minutes buys at most one report's worth, and four lessons played
//! at once share one clock. A new clock starts with only the slack.

/// The player reports every 15 s while playing; the bucket holds that much
/// and the slack.
pub const CAPACITY_MS: u64 = 15_000 + SLACK_MS;

/// Jitter allowance: report timers fire late, requests queue, clocks differ.
pub const SLACK_MS: u64 = 5_000;

/// One trainee's study clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudyClock {
    /// Milliseconds of new study that may be credited now (after refilling
    /// up to [`StudyClock::updated_ms`]).
    pub balance_ms: u64,
    /// Wall-clock time (Unix ms) the balance was last brought up to date.
    pub updated_ms: i64,
}

/// A report claimed more new study time than the trainee's clock allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("claims {claimed_ms} ms of new study but only {allowed_ms} ms are available")]
pub struct TooFast {
    pub claimed_ms: u64,
    pub allowed_ms: u64,
}

impl StudyClock {
    /// The clock of a trainee first seen at `now_ms`: only the slack.
    pub fn start(now_ms: i64) -> Self {
        Self {
            balance_ms: SLACK_MS,
            updated_ms: now_ms,
        }
    }

    /// What the clock allows at `now_ms`: the balance refilled by the time
    /// passed since it was updated, capped. Time never runs backwards.
    pub fn available_at(&self, now_ms: i64) -> u64 {
        let elapsed = u64::try_from(now_ms.saturating_sub(self.updated_ms)).unwrap_or(0);
        self.balance_ms.saturating_add(elapsed).min(CAPACITY_MS)
    }

    /// Pays `claimed_ms` of new study at `now_ms`, or refuses and changes
    /// nothing. Claiming nothing costs nothing and always succeeds.
    pub fn spend(&mut self, claimed_ms: u64, now_ms: i64) -> Result<(), TooFast> {
        if claimed_ms == 0 {
            return Ok(());
        }
        let allowed_ms = self.available_at(now_ms);
        if claimed_ms > allowed_ms {
            return Err(TooFast {
                claimed_ms,
                allowed_ms,
            });
        }
        self.balance_ms = allowed_ms - claimed_ms;
        self.updated_ms = self.updated_ms.max(now_ms);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_clock_allows_only_the_slack() {
        let mut clock = StudyClock::start(0);
        assert_eq!(clock.available_at(0), SLACK_MS);
        assert!(clock.spend(SLACK_MS + 1, 0).is_err());
        assert!(clock.spend(SLACK_MS, 0).is_ok());
        assert_eq!(clock.available_at(0), 0);
    }

    #[test]
    fn playing_in_real_time_is_always_paid_for() {
        let mut clock = StudyClock::start(0);
        for n in 1..=40 {
            assert_eq!(clock.spend(15_000, n * 15_000), Ok(()), "report {n}");
        }
    }

    #[test]
    fn back_to_back_claims_run_dry_at_once() {
        let mut clock = StudyClock::start(0);
        let accepted = (0..400).filter(|n| clock.spend(3_000, *n).is_ok()).count();
        // 5 s of slack and 0.4 s of wall-clock time: one 3 s claim.
        assert_eq!(accepted, 1);
    }

    #[test]
    fn waiting_idle_buys_at_most_one_report() {
        let mut clock = StudyClock::start(0);
        let ten_minutes = 600_000;
        assert_eq!(clock.available_at(ten_minutes), CAPACITY_MS);
        assert_eq!(
            clock.spend(60_000, ten_minutes),
            Err(TooFast {
                claimed_ms: 60_000,
                allowed_ms: CAPACITY_MS
            })
        );
    }

    #[test]
    fn a_refused_claim_changes_nothing() {
        let mut clock = StudyClock::start(0);
        let before = clock;
        assert!(clock.spend(30_000, 10_000).is_err());
        assert_eq!(clock, before);
    }

    #[test]
    fn several_lessons_at_once_share_one_clock() {
        let mut clock = StudyClock::start(0);
        // Four lessons each claim 15 s after 15 s: one fits, then the slack.
        let paid = (0..4)
            .filter(|_| clock.spend(15_000, 15_000).is_ok())
            .count();
        assert_eq!(paid, 1);
    }

    #[test]
    fn a_clock_seen_from_the_past_does_not_move_back() {
        let mut clock = StudyClock::start(10_000);
        assert_eq!(clock.available_at(5_000), SLACK_MS);
        assert!(clock.spend(1_000, 5_000).is_ok());
        assert_eq!(clock.updated_ms, 10_000);
    }
}

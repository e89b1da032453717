//! Attention checkpoints: the pure rules against unattended playback
//! ("刷课": videos left running, or played by paid services). No I/O here.
//!
//! A course may ask for a checkpoint every so many minutes of playback. The
//! server alone decides when: after each checkpoint it draws the next one at
//! a random point between half and one and a half of that interval of newly
//! verified media time in the lesson, and never tells the client. When
//! verified playback reaches that point, the checkpoint is issued with the
//! report's answer: a two-digit number the trainee taps among
//! [`CHOICES`] shown. While a checkpoint waits, playback earns nothing (the
//! player pauses). The answer must come within [`ANSWER_WITHIN_MS`]; a wrong
//! or late answer, or a report after the time ran out, replaces the
//! checkpoint with a new one, so playback after a missed checkpoint earns
//! nothing until one is answered. No camera, no face data.

use rand::Rng;
use rand::seq::SliceRandom;

/// How long a trainee has to answer a checkpoint.
pub const ANSWER_WITHIN_MS: i64 = 60_000;
/// Numbers shown, one of them right.
pub const CHOICES: usize = cultivator_shared::api::learning::ATTENTION_CHOICES;

/// A checkpoint waiting for its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// The number to tap, 10..=99.
    pub code: u8,
    /// When it was issued (Unix ms, server time).
    pub issued_ms: i64,
}

impl Checkpoint {
    fn draw(rng: &mut impl Rng, now_ms: i64) -> Self {
        Self {
            code: rng.gen_range(10..=99),
            issued_ms: now_ms,
        }
    }

    pub fn expired_at(&self, now_ms: i64) -> bool {
        now_ms.saturating_sub(self.issued_ms) > ANSWER_WITHIN_MS
    }

    /// The numbers shown: the code and [`CHOICES`]` - 1` others, shuffled.
    /// The same for the same checkpoint, so a reloaded page shows the same.
    pub fn choices(&self) -> [u8; CHOICES] {
        use rand::SeedableRng;
        let seed = u64::from(self.code) ^ self.issued_ms.unsigned_abs();
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let mut shown = vec![self.code];
        while shown.len() < CHOICES {
            let other = rng.gen_range(10..=99);
            if !shown.contains(&other) {
                shown.push(other);
            }
        }
        shown.shuffle(&mut rng);
        let mut choices = [self.code; CHOICES];
        choices.copy_from_slice(&shown);
        choices
    }
}

/// Per (trainee, lesson): where the next checkpoint falls, and the one
/// waiting, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttentionState {
    /// Verified media time (ms) at which the next checkpoint is issued.
    pub next_at_ms: Option<u64>,
    pub pending: Option<Checkpoint>,
}

/// The course setting: one checkpoint every so much playback, on average.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub every_ms: u64,
}

impl Policy {
    fn draw_gap(self, rng: &mut impl Rng) -> u64 {
        let half = (self.every_ms / 2).max(1);
        rng.gen_range(half..=self.every_ms + half)
    }
}

impl AttentionState {
    /// Whether playback may earn now: not while a checkpoint waits.
    pub fn may_earn(&self) -> bool {
        self.pending.is_none()
    }

    /// Called with every report on the lesson, after it was judged, with the
    /// verified media time now played. Schedules, issues or renews the
    /// checkpoint; returns the one waiting, if any.
    pub fn after_report(
        &mut self,
        played_ms: u64,
        policy: Policy,
        now_ms: i64,
        rng: &mut impl Rng,
    ) -> Option<Checkpoint> {
        match self.pending {
            Some(waiting) if waiting.expired_at(now_ms) => {
                self.pending = Some(Checkpoint::draw(rng, now_ms));
            }
            Some(_) => {}
            None => {
                let next = *self
                    .next_at_ms
                    .get_or_insert_with(|| played_ms + policy.draw_gap(rng));
                if played_ms >= next {
                    self.pending = Some(Checkpoint::draw(rng, now_ms));
                    self.next_at_ms = None;
                }
            }
        }
        self.pending
    }

    /// Judges an answer. Right and in time: the checkpoint is cleared and the
    /// next one drawn. Otherwise a new checkpoint replaces it.
    pub fn answer(
        &mut self,
        given: u8,
        played_ms: u64,
        policy: Policy,
        now_ms: i64,
        rng: &mut impl Rng,
    ) -> Result<(), AttentionError> {
        let waiting = self.pending.ok_or(AttentionError::NothingPending)?;
        let verdict = if waiting.expired_at(now_ms) {
            Err(AttentionError::Expired)
        } else if given != waiting.code {
            Err(AttentionError::Wrong)
        } else {
            Ok(())
        };
        match verdict {
            Ok(()) => {
                self.pending = None;
                self.next_at_ms = Some(played_ms + policy.draw_gap(rng));
            }
            Err(_) => self.pending = Some(Checkpoint::draw(rng, now_ms)),
        }
        verdict
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AttentionError {
    #[error("no attention check is waiting for an answer")]
    NothingPending,
    #[error("that is not the number shown")]
    Wrong,
    #[error("the attention check was answered too late")]
    Expired,
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    const POLICY: Policy = Policy { every_ms: 600_000 };

    fn rng() -> StdRng {
        StdRng::seed_from_u64(7)
    }

    #[test]
    fn the_first_checkpoint_falls_within_half_to_one_and_a_half_intervals() {
        for seed in 0..200 {
            let mut state = AttentionState::default();
            let mut rng = StdRng::seed_from_u64(seed);
            assert_eq!(state.after_report(0, POLICY, 0, &mut rng), None);
            let next = state.next_at_ms.unwrap_or(0);
            assert!((300_000..=900_000).contains(&next), "{next}");
        }
    }

    #[test]
    fn the_moments_differ_between_trainees() {
        let moments: std::collections::HashSet<_> = (0..20)
            .map(|seed| {
                let mut state = AttentionState::default();
                state.after_report(0, POLICY, 0, &mut StdRng::seed_from_u64(seed));
                state.next_at_ms
            })
            .collect();
        assert!(moments.len() > 10, "not predictable: {moments:?}");
    }

    #[test]
    fn a_checkpoint_is_issued_when_playback_reaches_it_and_then_blocks_earning() {
        let mut state = AttentionState {
            next_at_ms: Some(300_000),
            pending: None,
        };
        let mut rng = rng();
        assert_eq!(state.after_report(299_999, POLICY, 1, &mut rng), None);
        assert!(state.may_earn());
        let issued = state.after_report(300_000, POLICY, 2, &mut rng);
        assert!(issued.is_some_and(|c| (10..=99).contains(&c.code) && c.issued_ms == 2));
        assert!(!state.may_earn());
        assert_eq!(
            state.after_report(300_000, POLICY, 3, &mut rng),
            issued,
            "the same one while it waits"
        );
    }

    #[test]
    fn the_right_answer_in_time_clears_it_and_draws_the_next() {
        let waiting = Checkpoint {
            code: 42,
            issued_ms: 0,
        };
        let mut state = AttentionState {
            next_at_ms: None,
            pending: Some(waiting),
        };
        assert_eq!(
            state.answer(42, 300_000, POLICY, 59_000, &mut rng()),
            Ok(())
        );
        assert!(state.may_earn());
        assert!(state.next_at_ms.is_some_and(|n| n >= 600_000));
    }

    #[test]
    fn a_wrong_or_late_answer_replaces_the_checkpoint() {
        let waiting = Checkpoint {
            code: 42,
            issued_ms: 0,
        };
        let mut state = AttentionState {
            next_at_ms: None,
            pending: Some(waiting),
        };
        let mut rng = rng();
        assert_eq!(
            state.answer(41, 0, POLICY, 1_000, &mut rng),
            Err(AttentionError::Wrong)
        );
        let renewed = state.pending.unwrap_or(waiting);
        assert_eq!(renewed.issued_ms, 1_000);
        assert!(!state.may_earn());
        assert_eq!(
            state.answer(
                renewed.code,
                0,
                POLICY,
                1_000 + ANSWER_WITHIN_MS + 1,
                &mut rng
            ),
            Err(AttentionError::Expired)
        );
        assert!(!state.may_earn(), "missed: still blocked");
    }

    #[test]
    fn a_report_after_the_time_ran_out_renews_the_checkpoint() {
        let waiting = Checkpoint {
            code: 42,
            issued_ms: 0,
        };
        let mut state = AttentionState {
            next_at_ms: None,
            pending: Some(waiting),
        };
        let renewed = state.after_report(0, POLICY, ANSWER_WITHIN_MS + 1, &mut rng());
        assert!(renewed.is_some_and(|c| c.issued_ms == ANSWER_WITHIN_MS + 1));
    }

    #[test]
    fn answering_with_nothing_pending_is_an_error() {
        let mut state = AttentionState::default();
        assert_eq!(
            state.answer(42, 0, POLICY, 0, &mut rng()),
            Err(AttentionError::NothingPending)
        );
    }

    #[test]
    fn the_choices_hold_the_code_once_among_distinct_numbers_and_are_stable() {
        for code in 10..=99 {
            let c = Checkpoint {
                code,
                issued_ms: 1_234_567,
            };
            let shown = c.choices();
            assert_eq!(shown.iter().filter(|n| **n == code).count(), 1);
            let mut distinct = shown.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), CHOICES);
            assert_eq!(c.choices(), shown);
        }
    }
}

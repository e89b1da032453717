//! Verified watch time: the pure rules that decide how much of a video lesson
//! a trainee has really watched. No I/O here, so every rule is unit-tested.
//!
//! The player reports "I played media time `from..to` at normal speed since my
//! last report". What counts is the union of played intervals, so watching
//! the same part twice (or in two tabs) counts once and seeking ahead earns
//! nothing: only played spans are ever added. The *new* media time a report
//! adds is paid from the trainee's one study clock ([`StudyClock`]), shared by
//! every lesson and device: nobody studies faster than time passes. A report
//! that adds nothing new (a retried duplicate, a rewatch) cannot forge
//! anything and is accepted without spending.
//!
//! Stored intervals stay few, so every report costs little on the one writer
//! that serves everyone: a span that ends or starts within [`MERGE_GAP_MS`]
//! of what is covered is joined to it (the sliver between costs its few ms of
//! clock); a span that would stand alone must last [`MIN_SPAN_MS`] (shorter
//! ones earn nothing and are not kept, unless they reach the media's end);
//! and a lesson keeps at most [`MAX_INTERVALS`] separate stretches: a span
//! that would add one more is refused, while spans that extend or join
//! stretches are still accepted, so an honest viewer can always finish.

use serde::{Deserialize, Serialize};

use super::study_clock::StudyClock;

/// Gaps up to this long between a span and what is covered are closed.
pub const MERGE_GAP_MS: u64 = 300;
/// A span standing alone must last this long to count.
pub const MIN_SPAN_MS: u64 = 1_000;
/// Separate stretches kept per lesson, at most.
pub const MAX_INTERVALS: usize = 200;

/// Sorted, disjoint, non-touching half-open intervals `[from, to)` of media
/// time in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Intervals(Vec<(u64, u64)>);

impl Intervals {
    /// Rebuilds from stored pairs, normalising whatever was stored: one sort
    /// and one pass, O(n log n), however the pairs arrive.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u64, u64)>) -> Self {
        let mut spans: Vec<(u64, u64)> = pairs.into_iter().filter(|(a, b)| b > a).collect();
        spans.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(spans.len());
        for (from, to) in spans {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        Intervals(merged)
    }

    pub fn pairs(&self) -> &[(u64, u64)] {
        &self.0
    }

    /// Total media time covered.
    pub fn total(&self) -> u64 {
        self.0.iter().map(|(a, b)| b - a).sum()
    }

    /// The index range of the stored intervals that overlap or touch
    /// `[from, to)`, found by binary search.
    fn touching(&self, from: u64, to: u64) -> std::ops::Range<usize> {
        let first = self.0.partition_point(|&(_, b)| b < from);
        let end = self.0.partition_point(|&(a, _)| a <= to);
        first..end.max(first)
    }

    /// How much of `[from, to)` is not yet covered: O(log n + k) for the k
    /// intervals it meets.
    pub fn uncovered(&self, from: u64, to: u64) -> u64 {
        if to <= from {
            return 0;
        }
        let covered: u64 = self.0[self.touching(from, to)]
            .iter()
            .map(|&(a, b)| b.min(to).saturating_sub(a.max(from)))
            .sum();
        (to - from) - covered
    }

    /// `[from, to)` widened to close gaps of at most [`MERGE_GAP_MS`] to the
    /// stretches before and after it.
    pub fn snap(&self, from: u64, to: u64) -> (u64, u64) {
        let before = self.0.partition_point(|&(_, b)| b < from);
        let from = match before.checked_sub(1).map(|i| self.0[i].1) {
            Some(end) if from - end <= MERGE_GAP_MS => end,
            _ => from,
        };
        let after = self.0.partition_point(|&(a, _)| a <= to);
        let to = match self.0.get(after) {
            Some(&(start, _)) if start - to <= MERGE_GAP_MS => start,
            _ => to,
        };
        (from, to)
    }

    /// Whether `[from, to)` meets no stored stretch: adding it would make
    /// one more.
    pub fn stands_alone(&self, from: u64, to: u64) -> bool {
        self.touching(from, to).is_empty()
    }

    /// Adds `[from, to)`, merging with overlapping or touching intervals.
    /// Returns how much media time was newly covered. Finds its place by
    /// binary search and replaces the intervals it meets in one splice.
    pub fn insert(&mut self, from: u64, to: u64) -> u64 {
        if to <= from {
            return 0;
        }
        let added = self.uncovered(from, to);
        let range = self.touching(from, to);
        let start = self.0[range.clone()]
            .first()
            .map_or(from, |&(a, _)| a.min(from));
        let end = self.0[range.clone()].last().map_or(to, |&(_, b)| b.max(to));
        self.0.splice(range, [(start, end)]);
        added
    }
}

/// What the server keeps per (trainee, lesson) between reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchState {
    pub played: Intervals,
    /// Where to resume, in media milliseconds.
    pub position_ms: u64,
    pub completed: bool,
}

/// One progress report for a video lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Media time played at normal speed since the last report, if any.
    pub played: Option<(u64, u64)>,
    pub position_ms: u64,
}

/// The lesson facts a report is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub duration_ms: u64,
    /// A lesson is complete once this share of its length was played.
    pub threshold_pct: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WatchError {
    #[error("a played span must end after it starts")]
    EmptySpan,
    #[error("the played span ends past the end of the media")]
    BeyondEnd,
    #[error("claims {claimed_ms} ms of new playback but only {allowed_ms} ms are available")]
    TooFast { claimed_ms: u64, allowed_ms: u64 },
    #[error("this lesson's playback is split into too many separate stretches")]
    TooFragmented,
}

/// What an accepted report changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    /// Media time newly counted by this report.
    pub earned_ms: u64,
    /// The lesson became complete with this report (and never before).
    pub newly_completed: bool,
}

/// Whether `played_ms` of `rules.duration_ms` meets the completion threshold.
pub fn meets_threshold(played_ms: u64, rules: Rules) -> bool {
    rules.duration_ms > 0
        && u128::from(played_ms) * 100
            >= u128::from(rules.duration_ms) * u128::from(rules.threshold_pct)
}

/// Judges `report`, received at `now_ms`, and applies it to `state` if it is
/// plausible, paying its new playback from the trainee's `clock`. A rejected
/// report changes nothing, not even the resume position or the clock.
pub fn apply(
    state: &mut WatchState,
    clock: &mut StudyClock,
    report: Report,
    now_ms: i64,
    rules: Rules,
) -> Result<Accepted, WatchError> {
    let mut earned_ms = 0;
    if let Some((from, to)) = report.played {
        if to <= from {
            return Err(WatchError::EmptySpan);
        }
        // Players round; a few ms past the end is the end.
        if to > rules.duration_ms + 1_000 {
            return Err(WatchError::BeyondEnd);
        }
        let (from, to) = state.played.snap(from, to.min(rules.duration_ms));
        let alone = to > from && state.played.stands_alone(from, to);
        let too_short = alone && to - from < MIN_SPAN_MS && to < rules.duration_ms;
        if alone && !too_short && state.played.pairs().len() >= MAX_INTERVALS {
            return Err(WatchError::TooFragmented);
        }
        if !too_short {
            let claimed_ms = state.played.uncovered(from, to);
            clock
                .spend(claimed_ms, now_ms)
                .map_err(|e| WatchError::TooFast {
                    claimed_ms: e.claimed_ms,
                    allowed_ms: e.allowed_ms,
                })?;
            earned_ms = state.played.insert(from, to);
        }
    }
    state.position_ms = report.position_ms.min(rules.duration_ms);
    let newly_completed = !state.completed && meets_threshold(state.played.total(), rules);
    state.completed |= newly_completed;
    Ok(Accepted {
        earned_ms,
        newly_completed,
    })
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;

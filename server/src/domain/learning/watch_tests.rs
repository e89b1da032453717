//! Unit tests of the verified-watch-time rules, one per rule.

use super::*;
use crate::domain::learning::study_clock::{CAPACITY_MS, SLACK_MS, StudyClock};

const RULES: Rules = Rules {
    duration_ms: 100_000,
    threshold_pct: 90,
};

fn set(pairs: &[(u64, u64)]) -> Intervals {
    Intervals::from_pairs(pairs.iter().copied())
}

/// One trainee on one lesson: the lesson's state and the trainee's clock.
#[derive(Debug, Clone, PartialEq)]
struct Viewer {
    state: WatchState,
    clock: StudyClock,
}

impl Viewer {
    fn apply(&mut self, report: Report, now_ms: i64, rules: Rules) -> Result<Accepted, WatchError> {
        apply(&mut self.state, &mut self.clock, report, now_ms, rules)
    }
}

/// A trainee first seen at t = 0, opening a lesson.
fn opened() -> Viewer {
    Viewer {
        state: WatchState::default(),
        clock: StudyClock::start(0),
    }
}

fn played(from: u64, to: u64) -> Report {
    Report {
        played: Some((from, to)),
        position_ms: to,
    }
}

#[test]
fn disjoint_intervals_stay_sorted_and_apart() {
    let s = set(&[(50, 60), (10, 20), (30, 40)]);
    assert_eq!(s.pairs(), &[(10, 20), (30, 40), (50, 60)]);
    assert_eq!(s.total(), 30);
}

#[test]
fn overlapping_and_touching_intervals_merge() {
    let mut s = set(&[(10, 20), (30, 40)]);
    assert_eq!(s.insert(15, 35), 10);
    assert_eq!(s.pairs(), &[(10, 40)]);
    assert_eq!(s.insert(40, 50), 10, "touching extends");
    assert_eq!(s.pairs(), &[(10, 50)]);
    assert_eq!(
        s.insert(0, 100),
        60,
        "a span covering everything swallows it"
    );
    assert_eq!(s.pairs(), &[(0, 100)]);
}

#[test]
fn inserting_what_is_covered_adds_nothing() {
    let mut s = set(&[(0, 100)]);
    assert_eq!(s.insert(20, 30), 0);
    assert_eq!(s.insert(30, 30), 0, "empty span");
    assert_eq!(s.insert(40, 30), 0, "backward span");
    assert_eq!(s.pairs(), &[(0, 100)]);
}

#[test]
fn uncovered_counts_only_the_gaps() {
    let s = set(&[(10, 20), (30, 40)]);
    assert_eq!(s.uncovered(0, 50), 30);
    assert_eq!(s.uncovered(12, 18), 0);
    assert_eq!(s.uncovered(15, 35), 10);
}

#[test]
fn a_span_bridging_many_intervals_merges_them_all() {
    let mut s = set(&[(0, 5), (10, 15), (20, 25), (30, 35), (90, 95)]);
    assert_eq!(s.insert(3, 32), 15);
    assert_eq!(s.pairs(), &[(0, 35), (90, 95)]);
}

#[test]
fn playing_in_real_time_is_accepted_and_counted() {
    let mut viewer = opened();
    let ok = viewer.apply(played(0, 15_000), 15_000, RULES);
    assert_eq!(
        ok,
        Ok(Accepted {
            earned_ms: 15_000,
            newly_completed: false
        })
    );
    assert_eq!(viewer.state.position_ms, 15_000);
    assert_eq!(viewer.clock.updated_ms, 15_000);
}

#[test]
fn a_report_claiming_more_time_than_has_passed_is_rejected_and_changes_nothing() {
    let mut viewer = opened();
    let before = viewer.clone();
    let err = viewer.apply(played(0, 60_000), 15_000, RULES);
    assert_eq!(
        err,
        Err(WatchError::TooFast {
            claimed_ms: 60_000,
            allowed_ms: (SLACK_MS + 15_000).min(CAPACITY_MS)
        })
    );
    assert_eq!(viewer, before);
}

#[test]
fn small_timer_jitter_is_tolerated() {
    let mut viewer = opened();
    assert!(viewer.apply(played(0, 15_000), 13_500, RULES).is_ok());
}

#[test]
fn a_trainee_first_seen_has_only_the_slack() {
    let mut viewer = Viewer {
        state: WatchState::default(),
        clock: StudyClock::start(15_000),
    };
    assert!(matches!(
        viewer.apply(played(0, 15_000), 15_000, RULES),
        Err(WatchError::TooFast { .. })
    ));
    assert!(viewer.apply(played(0, 2_000), 15_000, RULES).is_ok());
}

#[test]
fn two_lessons_played_at_once_share_the_trainee_s_clock() {
    let mut first = opened();
    let mut second = Viewer {
        state: WatchState::default(),
        clock: first.clock,
    };
    assert!(first.apply(played(0, 15_000), 15_000, RULES).is_ok());
    second.clock = first.clock;
    assert!(matches!(
        second.apply(played(0, 15_000), 15_000, RULES),
        Err(WatchError::TooFast { .. })
    ));
}

#[test]
fn seeking_ahead_earns_nothing_but_moves_the_resume_position() {
    let mut viewer = opened();
    viewer.apply(played(0, 10_000), 10_000, RULES).ok();
    // Seek to 80 s: the report carries no played span, only the position.
    let seek = Report {
        played: None,
        position_ms: 80_000,
    };
    let ok = viewer.apply(seek, 11_000, RULES);
    assert_eq!(ok.map(|a| a.earned_ms), Ok(0));
    assert_eq!(viewer.state.position_ms, 80_000);
    assert_eq!(viewer.state.played.total(), 10_000);
    // Playing on from 80 s counts only 80..95.
    viewer.apply(played(80_000, 95_000), 26_000, RULES).ok();
    assert_eq!(
        viewer.state.played.pairs(),
        &[(0, 10_000), (80_000, 95_000)]
    );
}

#[test]
fn a_duplicate_report_is_accepted_and_earns_nothing() {
    let mut viewer = opened();
    viewer.apply(played(0, 15_000), 15_000, RULES).ok();
    let again = viewer.apply(played(0, 15_000), 15_050, RULES);
    assert_eq!(again.map(|a| a.earned_ms), Ok(0));
    assert_eq!(viewer.state.played.total(), 15_000);
}

#[test]
fn two_tabs_share_one_clock_and_cannot_double_count() {
    let mut viewer = opened();
    // Tab A plays 0..15 s while tab B plays 50..65 s in the same 15 s.
    assert!(viewer.apply(played(0, 15_000), 15_000, RULES).is_ok());
    assert!(matches!(
        viewer.apply(played(50_000, 65_000), 15_100, RULES),
        Err(WatchError::TooFast { .. })
    ));
    // Tab B playing the same part as A adds nothing, so it is harmless.
    assert_eq!(
        viewer
            .apply(played(0, 15_000), 15_200, RULES)
            .map(|a| a.earned_ms),
        Ok(0)
    );
    assert_eq!(viewer.state.played.total(), 15_000);
}

#[test]
fn rewatching_partly_seen_media_needs_budget_only_for_the_new_part() {
    let mut viewer = opened();
    viewer.apply(played(0, 15_000), 15_000, RULES).ok();
    // 10..25 s is only 10 s new, and 12 s passed.
    let ok = viewer.apply(played(10_000, 25_000), 27_000, RULES);
    assert_eq!(ok.map(|a| a.earned_ms), Ok(10_000));
}

#[test]
fn spans_must_move_forward_and_stay_within_the_media() {
    let mut viewer = opened();
    assert_eq!(
        viewer.apply(played(5_000, 5_000), 10_000, RULES),
        Err(WatchError::EmptySpan)
    );
    assert_eq!(
        viewer.apply(played(99_000, 150_000), 200_000, RULES),
        Err(WatchError::BeyondEnd)
    );
    // Rounding a little past the end is clamped to the end.
    assert_eq!(
        viewer
            .apply(played(99_000, 100_400), 200_000, RULES)
            .map(|a| a.earned_ms),
        Ok(1_000)
    );
}

#[test]
fn the_lesson_completes_once_at_the_threshold() {
    let mut viewer = opened();
    let mut t = 0;
    let mut completions = 0;
    for from in (0..100_000).step_by(10_000) {
        t += 10_000;
        let ok = viewer.apply(played(from, from + 10_000), t, RULES);
        if ok.map(|a| a.newly_completed) == Ok(true) {
            completions += 1;
            assert_eq!(
                viewer.state.played.total(),
                90_000,
                "completes at exactly 90%"
            );
        }
    }
    assert_eq!(completions, 1);
    assert!(viewer.state.completed);
}

#[test]
fn threshold_is_a_course_setting() {
    let half = Rules {
        duration_ms: 100_000,
        threshold_pct: 50,
    };
    assert!(!meets_threshold(49_999, half));
    assert!(meets_threshold(50_000, half));
    assert!(!meets_threshold(89_999, RULES));
    assert!(meets_threshold(90_000, RULES));
    let empty = Rules {
        duration_ms: 0,
        threshold_pct: 90,
    };
    assert!(
        !meets_threshold(0, empty),
        "media without length never completes"
    );
}

#[test]
fn out_of_order_reports_never_move_the_clock_back() {
    let mut viewer = opened();
    viewer.apply(played(0, 10_000), 10_000, RULES).ok();
    viewer.apply(played(10_000, 11_000), 5_000, RULES).ok();
    assert_eq!(viewer.clock.updated_ms, 10_000);
}

#[test]
fn reports_that_earn_nothing_do_not_spend_the_clock() {
    let mut viewer = opened();
    // Paused, then a seek report: the clock is not touched.
    let seek = Report {
        played: None,
        position_ms: 5_000,
    };
    assert_eq!(
        viewer.apply(seek, 14_000, RULES).map(|a| a.earned_ms),
        Ok(0)
    );
    assert_eq!(viewer.clock, StudyClock::start(0));
    assert!(viewer.apply(played(5_000, 20_000), 15_000, RULES).is_ok());
    assert_eq!(viewer.clock.updated_ms, 15_000);
}

/// The covered set as a plain bitmap, for checking the interval arithmetic.
fn naive_cover(spans: &[(u64, u64)], len: u64) -> Vec<bool> {
    let mut cover = vec![false; usize::try_from(len).unwrap_or(0)];
    for &(a, b) in spans {
        for t in a..b.min(len) {
            cover[usize::try_from(t).unwrap_or(0)] = true;
        }
    }
    cover
}

#[test]
fn inserting_in_any_order_equals_rebuilding_and_counts_exactly() {
    // A fixed pseudo-random sequence of small spans over 0..400.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut spans = Vec::new();
    let mut set = Intervals::default();
    let mut total_added = 0;
    for _ in 0..300 {
        let from = next() % 390;
        let to = from + 1 + next() % 10;
        let before = naive_cover(&spans, 400).iter().filter(|c| **c).count();
        spans.push((from, to));
        let after = naive_cover(&spans, 400).iter().filter(|c| **c).count();
        let added = set.insert(from, to);
        assert_eq!(added, u64::try_from(after - before).unwrap_or(0));
        total_added += added;
    }
    let rebuilt = Intervals::from_pairs(spans.iter().rev().copied());
    assert_eq!(set, rebuilt);
    assert_eq!(set.total(), total_added);
    assert!(
        set.pairs().windows(2).all(|w| w[0].1 < w[1].0),
        "{:?}",
        set.pairs()
    );
}

#[test]
fn slivers_between_a_span_and_what_is_covered_are_closed() {
    let s = set(&[(0, 10_000), (20_000, 30_000)]);
    assert_eq!(s.snap(10_200, 19_800), (10_000, 20_000));
    assert_eq!(
        s.snap(10_400, 19_600),
        (10_400, 19_600),
        "gaps over 300 ms stay"
    );
    let mut viewer = opened();
    viewer.state.played = s;
    let ok = viewer.apply(played(10_200, 15_000), 15_000, RULES);
    assert_eq!(
        ok.map(|a| a.earned_ms),
        Ok(5_000),
        "the 200 ms sliver is paid too"
    );
    assert_eq!(
        viewer.state.played.pairs(),
        &[(0, 15_000), (20_000, 30_000)]
    );
}

#[test]
fn a_tiny_span_standing_alone_earns_nothing_and_is_not_kept() {
    let mut viewer = opened();
    let ok = viewer.apply(played(50_000, 50_900), 1_000, RULES);
    assert_eq!(ok.map(|a| a.earned_ms), Ok(0));
    assert!(viewer.state.played.pairs().is_empty());
    assert_eq!(viewer.clock, StudyClock::start(0), "nothing was spent");
    assert_eq!(
        viewer.state.position_ms, 50_900,
        "the resume position moves"
    );
    // Extending a stretch by a little is fine, and so is the media's end.
    viewer.state.played = set(&[(0, 10_000)]);
    assert_eq!(
        viewer
            .apply(played(10_000, 10_500), 1_000, RULES)
            .map(|a| a.earned_ms),
        Ok(500)
    );
    assert_eq!(
        viewer
            .apply(played(99_600, 100_000), 2_000, RULES)
            .map(|a| a.earned_ms),
        Ok(400)
    );
}

#[test]
fn stretches_are_bounded_but_joining_them_is_always_allowed() {
    let mut viewer = opened();
    viewer.state.played = Intervals::from_pairs(
        (0..u64::try_from(MAX_INTERVALS).unwrap_or(0)).map(|i| (i * 2_000, i * 2_000 + 1_000)),
    );
    let fragmented = viewer.apply(
        played(1_000_000, 1_002_000),
        10_000,
        Rules {
            duration_ms: 2_000_000,
            threshold_pct: 90,
        },
    );
    assert_eq!(fragmented, Err(WatchError::TooFragmented));
    let joined = viewer.apply(
        played(1_000, 2_000),
        10_000,
        Rules {
            duration_ms: 2_000_000,
            threshold_pct: 90,
        },
    );
    assert_eq!(joined.map(|a| a.earned_ms), Ok(1_000));
    assert_eq!(viewer.state.played.pairs().len(), MAX_INTERVALS - 1);
}

#[test]
fn an_adversary_s_tiny_disjoint_spans_leave_the_stored_set_small() {
    let mut viewer = opened();
    let rules = Rules {
        duration_ms: 10_000_000,
        threshold_pct: 90,
    };
    let mut now = 0;
    for i in 0..10_000_u64 {
        now += 1_000;
        let _ = viewer.apply(played(i * 997, i * 997 + 50), now, rules);
    }
    assert!(
        viewer.state.played.pairs().is_empty(),
        "50 ms spans stand alone and are dropped"
    );
    for i in 0..10_000_u64 {
        now += 2_000;
        let _ = viewer.apply(played(i * 3_000, i * 3_000 + 1_500), now, rules);
    }
    assert!(viewer.state.played.pairs().len() <= MAX_INTERVALS);
}

//! Verified reading time: the pure rules that decide when an article or a
//! document lesson has really been read. No I/O here, so every rule is
//! unit-tested, as in `watch.rs`.
//!
//! Each reading lesson requires a reading time:
//! - an **article**: computed from its text when it is saved
//!   ([`required_reading_secs`]): Chinese characters at 600 a minute and
//!   other words at 300 a minute (a fast reader's pace, so an honest reader
//!   never waits for the rule), at least [`MIN_READING_SECS`] and at most
//!   [`MAX_READING_SECS`];
//! - a **document**: the reading time its author declares, or
//!   [`DOCUMENT_DEFAULT_SECS`] when none was declared.
//!
//! The page reports how long it was visible since its last report. Each
//! report's time is paid from the trainee's one study clock (the same
//! [`StudyClock`] as video), so reading two articles at once, or an article
//! while a video plays, cannot earn more than the time that passed; a report
//! claiming more is refused whole and changes nothing. Only time still needed
//! is paid: reading on after the requirement is met costs nothing. An article
//! completes once its end was scrolled into view and the reading time is met;
//! a document (whose pages the browser shows elsewhere) once the time is met.

use cultivator_shared::api::authoring::{LessonDraft, LessonKind};

use super::study_clock::{StudyClock, TooFast};

/// Chinese (CJK) characters read per minute at a fast pace.
pub const CJK_CHARS_PER_MINUTE: u64 = 600;
/// Other words read per minute at a fast pace.
pub const WORDS_PER_MINUTE: u64 = 300;
pub const MIN_READING_SECS: u64 = 5;
pub const MAX_READING_SECS: u64 = 30 * 60;
/// A document whose author declared no reading time.
pub const DOCUMENT_DEFAULT_SECS: u64 = 60;

/// The reading time an article's text requires, in seconds.
pub fn required_reading_secs(text: &str) -> u64 {
    let cjk = text.chars().filter(|c| is_cjk(*c)).count() as u64;
    let words = text
        .split(|c: char| c.is_whitespace() || is_cjk(c))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u64;
    // In milliseconds first, so that short texts round fairly.
    let ms = cjk * 60_000 / CJK_CHARS_PER_MINUTE + words * 60_000 / WORDS_PER_MINUTE;
    (ms / 1000).clamp(MIN_READING_SECS, MAX_READING_SECS)
}

/// What a lesson stores as its length: a video's declared length, an
/// article's required reading time computed from its text (whatever the
/// author typed), a document's declared reading time.
pub fn stored_length_secs(draft: &LessonDraft) -> Option<u32> {
    match draft.kind {
        LessonKind::Article => {
            let secs = required_reading_secs(draft.body_markdown.as_deref().unwrap_or(""));
            u32::try_from(secs).ok()
        }
        LessonKind::Video | LessonKind::Document => draft.duration_secs,
    }
}

/// Han ideographs (with the rare extensions) and CJK punctuation count as
/// characters read one by one.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

/// What a reading lesson requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingRules {
    pub required_ms: u64,
    /// Articles must also be scrolled to their end; documents cannot be.
    pub needs_end: bool,
}

/// What the server keeps per (trainee, reading lesson).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadingState {
    /// Verified reading time so far.
    pub read_ms: u64,
    pub reached_end: bool,
    pub completed: bool,
}

/// One report from a reading page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadingReport {
    /// How long the page was visible since the last report.
    pub visible_ms: u64,
    /// The end of the text was scrolled into view.
    pub reached_end: bool,
}

/// What an accepted report changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingAccepted {
    pub earned_ms: u64,
    pub newly_completed: bool,
}

/// Judges `report`, received at `now_ms`, paying the reading time still
/// needed from the trainee's `clock`. A refused report changes nothing.
pub fn apply(
    state: &mut ReadingState,
    clock: &mut StudyClock,
    report: ReadingReport,
    now_ms: i64,
    rules: ReadingRules,
) -> Result<ReadingAccepted, TooFast> {
    let still_needed = rules.required_ms.saturating_sub(state.read_ms);
    let claimed_ms = report.visible_ms.min(still_needed);
    clock.spend(claimed_ms, now_ms)?;
    state.read_ms += claimed_ms;
    state.reached_end |= report.reached_end;
    let done = state.read_ms >= rules.required_ms && (state.reached_end || !rules.needs_end);
    let newly_completed = done && !state.completed;
    state.completed |= newly_completed;
    Ok(ReadingAccepted {
        earned_ms: claimed_ms,
        newly_completed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::learning::study_clock::{CAPACITY_MS, SLACK_MS};

    const ARTICLE: ReadingRules = ReadingRules {
        required_ms: 30_000,
        needs_end: true,
    };
    const DOCUMENT: ReadingRules = ReadingRules {
        required_ms: 30_000,
        needs_end: false,
    };

    fn visible(ms: u64) -> ReadingReport {
        ReadingReport {
            visible_ms: ms,
            reached_end: false,
        }
    }

    fn at_end(ms: u64) -> ReadingReport {
        ReadingReport {
            visible_ms: ms,
            reached_end: true,
        }
    }

    #[test]
    fn chinese_text_is_timed_by_characters_and_english_by_words() {
        let chinese = "稻".repeat(600);
        assert_eq!(required_reading_secs(&chinese), 60);
        let english = "word ".repeat(600);
        assert_eq!(required_reading_secs(&english), 120);
        let mixed = format!("{} {}", "稻".repeat(300), "word ".repeat(150));
        assert_eq!(required_reading_secs(&mixed), 60);
        assert_eq!(
            required_reading_secs("㛃䶮"),
            MIN_READING_SECS,
            "rare characters count"
        );
    }

    #[test]
    fn reading_time_has_a_floor_and_a_ceiling() {
        assert_eq!(required_reading_secs(""), MIN_READING_SECS);
        assert_eq!(required_reading_secs("# 标题"), MIN_READING_SECS);
        assert_eq!(
            required_reading_secs(&"稻".repeat(100_000)),
            MAX_READING_SECS
        );
    }

    #[test]
    fn scrolling_to_the_end_at_once_does_not_complete_an_article() {
        let (mut state, mut clock) = (ReadingState::default(), StudyClock::start(0));
        let ok = apply(&mut state, &mut clock, at_end(0), 0, ARTICLE);
        assert_eq!(
            ok,
            Ok(ReadingAccepted {
                earned_ms: 0,
                newly_completed: false
            })
        );
        assert!(state.reached_end && !state.completed);
    }

    #[test]
    fn reading_in_real_time_completes_once_time_and_end_are_both_met() {
        let (mut state, mut clock) = (ReadingState::default(), StudyClock::start(0));
        for t in [15_000, 30_000] {
            let ok = apply(&mut state, &mut clock, visible(15_000), t, ARTICLE);
            assert!(ok.is_ok_and(|a| !a.newly_completed), "end not reached yet");
        }
        assert_eq!(state.read_ms, 30_000);
        let ok = apply(&mut state, &mut clock, at_end(0), 30_000, ARTICLE);
        assert_eq!(ok.map(|a| a.newly_completed), Ok(true));
        let again = apply(&mut state, &mut clock, at_end(1_000), 31_000, ARTICLE);
        assert_eq!(
            again,
            Ok(ReadingAccepted {
                earned_ms: 0,
                newly_completed: false
            }),
            "reading on earns and costs nothing"
        );
    }

    #[test]
    fn a_document_completes_on_time_alone() {
        let (mut state, mut clock) = (ReadingState::default(), StudyClock::start(0));
        apply(&mut state, &mut clock, visible(15_000), 15_000, DOCUMENT).ok();
        let ok = apply(&mut state, &mut clock, visible(15_000), 30_000, DOCUMENT);
        assert_eq!(ok.map(|a| a.newly_completed), Ok(true));
    }

    #[test]
    fn claiming_more_time_than_passed_is_refused_and_changes_nothing() {
        let (mut state, mut clock) = (ReadingState::default(), StudyClock::start(0));
        let before = (state, clock);
        let err = apply(&mut state, &mut clock, at_end(15_000), 1_000, ARTICLE);
        assert_eq!(
            err,
            Err(TooFast {
                claimed_ms: 15_000,
                allowed_ms: SLACK_MS + 1_000
            })
        );
        assert_eq!((state, clock), before, "not even the end flag is kept");
    }

    #[test]
    fn waiting_idle_buys_at_most_one_report_s_worth() {
        let (mut state, mut clock) = (ReadingState::default(), StudyClock::start(0));
        let long_read = ReadingRules {
            required_ms: 600_000,
            needs_end: false,
        };
        let err = apply(&mut state, &mut clock, visible(600_000), 600_000, long_read);
        assert!(err.is_err());
        let ok = apply(
            &mut state,
            &mut clock,
            visible(CAPACITY_MS),
            600_000,
            long_read,
        );
        assert_eq!(ok.map(|a| a.earned_ms), Ok(CAPACITY_MS));
    }

    #[test]
    fn an_article_and_a_video_share_one_clock() {
        let mut clock = StudyClock::start(0);
        assert!(clock.spend(15_000, 15_000).is_ok(), "the video's 15 s");
        let mut state = ReadingState::default();
        let err = apply(&mut state, &mut clock, visible(15_000), 15_000, ARTICLE);
        assert!(err.is_err(), "the same 15 s cannot also be read");
    }

    #[test]
    fn only_the_time_still_needed_is_paid() {
        let (mut state, mut clock) = (
            ReadingState {
                read_ms: 25_000,
                ..ReadingState::default()
            },
            StudyClock::start(0),
        );
        let ok = apply(&mut state, &mut clock, visible(15_000), 15_000, DOCUMENT);
        assert_eq!(ok.map(|a| a.earned_ms), Ok(5_000));
        assert_eq!(clock.balance_ms, SLACK_MS + 15_000 - 5_000);
    }
}

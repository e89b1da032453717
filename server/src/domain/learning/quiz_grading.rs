//! Quiz rules without I/O: drawing questions, grading an attempt and
//! deciding whether its result shows the answers (which attempt decides
//! whether a quiz is passed is `completion::course`).

use std::collections::{BTreeSet, HashMap};

use cultivator_shared::api::quizzes::AnswersShown;

use rand::Rng;
use rand::seq::SliceRandom;

/// Picks `n` of `bank` (ids in bank order): the first `n` in order, or, when
/// shuffling, a random `n` in random order.
pub fn draw(bank: &[i64], n: usize, shuffle: bool, rng: &mut impl Rng) -> Vec<i64> {
    if shuffle {
        bank.choose_multiple(rng, n.min(bank.len()))
            .copied()
            .collect()
    } else {
        bank.iter().take(n).copied().collect()
    }
}

/// Why a set of answers cannot be graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotInAttempt(pub i64);

/// Grades `answers` (question id -> chosen indexes) against `key` (question
/// id -> correct indexes, for exactly the questions drawn). A question
/// counts only if the chosen set equals the correct set; unanswered
/// questions count as wrong. Returns the score in whole percent, rounded down,
/// and per question whether it was right.
pub fn grade(
    key: &HashMap<i64, Vec<u32>>,
    answers: &HashMap<i64, Vec<u32>>,
) -> Result<(u32, HashMap<i64, bool>), NotInAttempt> {
    if let Some(stray) = answers.keys().find(|q| !key.contains_key(q)) {
        return Err(NotInAttempt(*stray));
    }
    let right: HashMap<i64, bool> = key
        .iter()
        .map(|(q, correct)| {
            let chosen: BTreeSet<u32> = answers.get(q).into_iter().flatten().copied().collect();
            let correct: BTreeSet<u32> = correct.iter().copied().collect();
            (*q, chosen == correct)
        })
        .collect();
    let total = u32::try_from(key.len()).unwrap_or(u32::MAX);
    let good = u32::try_from(right.values().filter(|r| **r).count()).unwrap_or(0);
    let score = (good * 100).checked_div(total).unwrap_or(0);
    Ok((score, right))
}

/// Whether the result of a submission shows the answers. `started` counts
/// the trainee's attempts at the quiz, this one included; `still_open` those
/// other than this one that can still be submitted. After the last attempt
/// means when nothing more can be submitted: an attempt started earlier and
/// still open would otherwise be answered with the answers in hand.
pub fn answers_shown(
    setting: AnswersShown,
    max_attempts: Option<u32>,
    started: u32,
    still_open: u32,
) -> bool {
    match setting {
        AnswersShown::AfterEachAttempt => true,
        AnswersShown::Never => false,
        AnswersShown::AfterLastAttempt => {
            still_open == 0 && max_attempts.is_some_and(|max| started >= max)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_each_attempt_always_shows_and_never_never_does() {
        assert!(answers_shown(AnswersShown::AfterEachAttempt, None, 1, 0));
        assert!(answers_shown(AnswersShown::AfterEachAttempt, Some(3), 1, 2));
        assert!(!answers_shown(AnswersShown::Never, Some(1), 1, 0));
        assert!(!answers_shown(AnswersShown::Never, None, 9, 0));
    }

    #[test]
    fn after_the_last_attempt_shows_only_once_none_is_left() {
        let last = AnswersShown::AfterLastAttempt;
        assert!(!answers_shown(last, Some(3), 1, 0));
        assert!(!answers_shown(last, Some(3), 2, 0));
        assert!(answers_shown(last, Some(3), 3, 0));
    }

    #[test]
    fn after_the_last_attempt_waits_for_attempts_still_open() {
        // All three started, the first submitted: two could still use the answers.
        assert!(!answers_shown(
            AnswersShown::AfterLastAttempt,
            Some(3),
            3,
            2
        ));
        assert!(answers_shown(AnswersShown::AfterLastAttempt, Some(3), 3, 0));
    }

    #[test]
    fn after_the_last_attempt_without_a_limit_shows_nothing() {
        assert!(!answers_shown(AnswersShown::AfterLastAttempt, None, 50, 0));
    }

    fn map(pairs: &[(i64, &[u32])]) -> HashMap<i64, Vec<u32>> {
        pairs.iter().map(|(q, a)| (*q, a.to_vec())).collect()
    }

    #[test]
    fn exact_sets_score_and_order_does_not_matter() {
        let key = map(&[(1, &[0]), (2, &[1, 3]), (3, &[1])]);
        let answers = map(&[(1, &[0]), (2, &[3, 1]), (3, &[0])]);
        let (score, right) = grade(&key, &answers).unwrap_or_default();
        assert_eq!(score, 66);
        assert_eq!(right.get(&2), Some(&true));
        assert_eq!(right.get(&3), Some(&false));
    }

    #[test]
    fn a_partial_multiple_choice_answer_is_wrong_and_missing_answers_count_as_wrong() {
        let key = map(&[(1, &[1, 2]), (2, &[0])]);
        let (score, _) = grade(&key, &map(&[(1, &[1])])).unwrap_or_default();
        assert_eq!(score, 0);
        let (score, _) = grade(&key, &map(&[(1, &[1, 2, 3]), (2, &[0])])).unwrap_or_default();
        assert_eq!(score, 50, "choosing too many is wrong too");
    }

    #[test]
    fn answers_for_questions_not_drawn_are_refused() {
        let key = map(&[(1, &[0])]);
        assert_eq!(grade(&key, &map(&[(9, &[0])])), Err(NotInAttempt(9)));
    }

    #[test]
    fn drawing_takes_n_distinct_questions() {
        let bank: Vec<i64> = (1..=10).collect();
        let mut rng = rand::thread_rng();
        assert_eq!(draw(&bank, 3, false, &mut rng), vec![1, 2, 3]);
        let mut shuffled = draw(&bank, 5, true, &mut rng);
        assert_eq!(shuffled.len(), 5);
        shuffled.sort_unstable();
        shuffled.dedup();
        assert_eq!(shuffled.len(), 5);
        assert_eq!(
            draw(&bank, 50, true, &mut rng).len(),
            10,
            "never more than the bank"
        );
    }
}

//! Attention checkpoints in storage: a progress row's columns as the pure
//! [`AttentionState`] of `attention.rs` and back, the prompt a trainee sees,
//! and the answer — the one write to progress rows outside the progress
//! writer. It locks the row in its own write transaction, so it and the
//! writer's batches apply one after the other.

use chrono::{DateTime, Utc};
use cultivator_shared::api::learning::{AttentionOutcome, AttentionPrompt, AttentionResult};
use cultivator_shared::{LessonId, UserId};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::DatabaseConnection;

use super::attention::{ANSWER_WITHIN_MS, AttentionError, AttentionState, Checkpoint, Policy};
use super::enrolment::LearningError;
use crate::db::{self, lesson_progress};

/// The course's checkpoint setting, if it asks for checkpoints.
pub fn policy(fact: &lesson_progress::LessonFacts) -> Option<Policy> {
    let minutes = u64::try_from(fact.attention_every_minutes?).ok()?;
    (minutes > 0).then_some(Policy {
        every_ms: minutes * 60_000,
    })
}

pub fn state_of(row: &lesson_progress::Model) -> AttentionState {
    AttentionState {
        next_at_ms: row.attention_next_ms.and_then(|n| u64::try_from(n).ok()),
        pending: pending(row),
    }
}

fn pending(row: &lesson_progress::Model) -> Option<Checkpoint> {
    Some(Checkpoint {
        code: u8::try_from(row.attention_code?).ok()?,
        issued_ms: row.attention_issued_ms?,
    })
}

pub fn store(row: &mut lesson_progress::Model, state: AttentionState) {
    row.attention_next_ms = state.next_at_ms.and_then(|n| i64::try_from(n).ok());
    row.attention_code = state.pending.map(|c| i32::from(c.code));
    row.attention_issued_ms = state.pending.map(|c| c.issued_ms);
}

/// The check waiting on this row, as the player shows it.
pub fn prompt(row: &lesson_progress::Model) -> Option<AttentionPrompt> {
    pending(row).map(to_prompt)
}

fn to_prompt(checkpoint: Checkpoint) -> AttentionPrompt {
    AttentionPrompt {
        code: checkpoint.code,
        choices: checkpoint.choices(),
        answer_within_secs: u32::try_from(ANSWER_WITHIN_MS / 1000).unwrap_or(60),
    }
}

/// Judges `user`'s answer to the check waiting in `lesson`, received at `at`.
/// Right and in time clears it; wrong or late replaces it with a new one,
/// returned for the player to show.
pub async fn answer(
    db: &DatabaseConnection,
    user: UserId,
    lesson: LessonId,
    code: u8,
    at: DateTime<Utc>,
) -> Result<AttentionOutcome, LearningError> {
    let txn = db::begin_write(db).await?;
    let (fact, _) = super::progress::enrolled_lesson(&txn, user, lesson).await?;
    let policy = policy(&fact).ok_or(LearningError::NoAttentionCheck)?;
    let mut row = lesson_progress::for_update(&txn, &[user.0], &[lesson.0])
        .await?
        .remove(&(user.0, lesson.0))
        .ok_or(LearningError::NoAttentionCheck)?;
    let mut state = state_of(&row);
    let played_ms = u64::try_from(row.played_ms).unwrap_or(0);
    let mut rng = StdRng::from_entropy();
    let result = match state.answer(code, played_ms, policy, at.timestamp_millis(), &mut rng) {
        Ok(()) => AttentionResult::Passed,
        Err(AttentionError::Wrong) => AttentionResult::Wrong,
        Err(AttentionError::Expired) => AttentionResult::Expired,
        Err(AttentionError::NothingPending) => return Err(LearningError::NoAttentionCheck),
    };
    store(&mut row, state);
    row.updated_at = at;
    lesson_progress::upsert_many(&txn, vec![row]).await?;
    txn.commit().await?;
    Ok(AttentionOutcome {
        result,
        next: state.pending.map(to_prompt),
    })
}

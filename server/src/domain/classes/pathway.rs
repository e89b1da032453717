//! The staged pathway (DOMAIN.md): a programme's stages are ordered, and
//! entry to a stage may require completing the stage before it and being
//! selected for it. The rule is general over any number of stages: a
//! stage's gate is read from its own flags and its predecessor, never from
//! a fixed list of steps.
//!
//! Completing a stage means completing any class of it. Selection is per
//! stage and person: whoever is selected may apply to any class of that
//! stage that serves their home region. Who may select whom is
//! `auth::permissions::may_select_for_stage`; a withdrawn selection stays on
//! record (`db::stage_selections`).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use cultivator_shared::RegionLevel;
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::pathway::{Candidate, ProgrammeView, StageCandidates, StageView};
use cultivator_shared::privacy::mask_mobile;
use cultivator_shared::{CreditHours, ProgrammeId, RegionCode, StageId, Track, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use crate::domain::audit::{self, Actor, Entry};

use crate::db::programmes;
use crate::db::stage_selections as stages;

#[derive(Debug, thiserror::Error)]
pub enum PathwayError {
    #[error("the class belongs to no stage")]
    NoStage,
    #[error("stage not found")]
    StageNotFound,
    #[error("complete the previous stage first")]
    PrerequisiteNotMet,
    #[error("not selected for this stage")]
    NotSelected,
    #[error("only people who completed the previous stage can be selected")]
    NotACandidate,
    #[error("no such person")]
    PersonNotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What entry to one stage requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// The stage before it, if the stage requires completing it.
    pub previous: Option<StageId>,
    pub requires_selection: bool,
}

impl Gate {
    /// The gate of a stage from its flags and its predecessor (a first stage
    /// has none, so "requires previous" asks nothing of it).
    pub fn of(
        requires_previous: bool,
        requires_selection: bool,
        previous: Option<StageId>,
    ) -> Gate {
        Gate {
            previous: previous.filter(|_| requires_previous),
            requires_selection,
        }
    }

    pub fn is_open(self) -> bool {
        self.previous.is_none() && !self.requires_selection
    }
}

/// Whether someone may enter: the previous stage is checked first, so a
/// trainee who has not completed it is told that, not "not selected".
pub fn check_entry(
    gate: Gate,
    completed_previous: bool,
    selected: bool,
) -> Result<(), PathwayError> {
    if gate.previous.is_some() && !completed_previous {
        Err(PathwayError::PrerequisiteNotMet)
    } else if gate.requires_selection && !selected {
        Err(PathwayError::NotSelected)
    } else {
        Ok(())
    }
}

/// A stage, the one before it, and the gate they make.
struct Stage {
    row: programmes::stages::Model,
    previous: Option<programmes::stages::Model>,
    gate: Gate,
}

async fn load(db: &impl ConnectionTrait, stage: StageId) -> Result<Stage, PathwayError> {
    let row = stages::stage(db, stage)
        .await?
        .ok_or(PathwayError::StageNotFound)?;
    let previous = stages::previous(db, &row).await?;
    let gate = Gate::of(
        row.requires_previous,
        row.requires_selection,
        previous.as_ref().map(|p| StageId(p.id)),
    );
    Ok(Stage {
        row,
        previous,
        gate,
    })
}

/// Refuses entry to `stage` unless the user meets its gate. Runs inside the
/// application's transaction.
pub async fn check_may_enter(
    db: &impl ConnectionTrait,
    stage: StageId,
    user: UserId,
) -> Result<(), PathwayError> {
    let gate = load(db, stage).await?.gate;
    if gate.is_open() {
        return Ok(());
    }
    let completed = match gate.previous {
        Some(previous) => stages::has_completed(db, previous, user).await?,
        None => true,
    };
    let selected = gate.requires_selection && stages::is_selected(db, stage, user).await?;
    check_entry(gate, completed, selected)
}

/// Whether anyone may enter `stage` (its gate asks nothing).
pub async fn gate_is_open(db: &impl ConnectionTrait, stage: StageId) -> Result<bool, PathwayError> {
    Ok(load(db, stage).await?.gate.is_open())
}

/// Of `users`, those who meet the entry rule of `stage` (one query per
/// rule for the lot, for roster imports).
pub async fn who_may_enter(
    db: &impl ConnectionTrait,
    stage: StageId,
    users: &[UserId],
) -> Result<HashSet<UserId>, PathwayError> {
    let gate = load(db, stage).await?.gate;
    if gate.is_open() {
        return Ok(users.iter().copied().collect());
    }
    let completed = match gate.previous {
        Some(previous) => Some(stages::completed_among(db, previous, users).await?),
        None => None,
    };
    let selected = if gate.requires_selection {
        stages::selected_among(db, stage, users).await?
    } else {
        HashMap::new()
    };
    Ok(users
        .iter()
        .copied()
        .filter(|u| {
            let done = completed.as_ref().is_none_or(|c| c.contains(u));
            check_entry(gate, done, selected.contains_key(u)).is_ok()
        })
        .collect())
}

/// Where a candidate lives, for deciding who may select them.
pub async fn home_of(db: &impl ConnectionTrait, user: UserId) -> Result<RegionCode, PathwayError> {
    let person = crate::db::users::find(db, user)
        .await?
        .ok_or(PathwayError::PersonNotFound)?;
    Ok(person.region()?)
}

/// Those living within `region` who completed the stage before `stage`,
/// with their progress and whether they are selected; mobile numbers
/// masked. `may_select` says whether the viewer may select them.
pub async fn candidates(
    db: &impl ConnectionTrait,
    stage: StageId,
    region: &RegionCode,
    may_select: bool,
    limit: u64,
    offset: u64,
) -> Result<StageCandidates, PathwayError> {
    let info = load(db, stage).await?;
    let mut list = Vec::new();
    let mut total = 0;
    if let Some(previous) = &info.previous {
        let (done, all) =
            stages::completions(db, StageId(previous.id), region, limit, offset).await?;
        total = all;
        let ids: Vec<UserId> = done.iter().map(|c| c.user.user_id()).collect();
        let selected = stages::selected_among(db, stage, &ids).await?;
        let credits = stages::credit_totals(db, &ids).await?;
        for c in done {
            let id = c.user.user_id();
            list.push(Candidate {
                user: id,
                name: c.user.name,
                mobile: mask_mobile(&c.user.mobile),
                region_code: c.user.region_code,
                completed_at: c.first_completed_at,
                classes_completed: c.classes,
                credit_hours: CreditHours(
                    u32::try_from(credits.get(&id).copied().unwrap_or(0)).unwrap_or(0),
                ),
                selected: selected.contains_key(&id),
                selected_at: selected.get(&id).copied(),
            });
        }
    }
    Ok(StageCandidates {
        stage,
        stage_title: info.row.title,
        previous_stage_title: info.previous.map(|p| p.title),
        requires_previous: info.gate.previous.is_some(),
        requires_selection: info.row.requires_selection,
        may_select,
        candidates: list,
        total,
    })
}

/// Selects (or unselects) someone for the stage, recording who and when,
/// with its audit record in the same transaction. Only people who meet the
/// stage's prerequisite can be selected.
pub async fn set_selected(
    db: &DatabaseConnection,
    actor: &Actor,
    stage: StageId,
    user: UserId,
    selected: bool,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), PathwayError> {
    let txn = crate::db::begin_write(db).await?;
    let home = home_of(&txn, user).await?;
    let action = if selected {
        if let Some(previous) = load(&txn, stage).await?.gate.previous
            && !stages::has_completed(&txn, previous, user).await?
        {
            return Err(PathwayError::NotACandidate);
        }
        if stages::select(&txn, stage, user, by, now).await? {
            crate::domain::notifications::selected_for_stage(&txn, stage, user, now).await?;
        }
        AuditAction::CandidateSelected
    } else {
        stages::unselect(&txn, stage, user, by, now).await?;
        AuditAction::CandidateUnselected
    };
    let entry = Entry::new(action, AuditObject::User, user.0)
        .in_region(Some(&home))
        .after(&serde_json::json!({ "stage": stage.0 }));
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The coordinator level that selects candidates for `stage`.
pub async fn selector_level(
    db: &impl ConnectionTrait,
    stage: StageId,
) -> Result<RegionLevel, PathwayError> {
    let row = stages::stage(db, stage)
        .await?
        .ok_or(PathwayError::StageNotFound)?;
    Ok(RegionLevel::parse(&row.selected_by)
        .ok_or_else(|| crate::db::corrupt("stages", "selected_by", &row.selected_by))?)
}

/// Every programme with its stages in use for new classes (retired ones
/// left out), for choosing a class's stage.
pub async fn programmes(db: &impl ConnectionTrait) -> Result<Vec<ProgrammeView>, PathwayError> {
    let mut out = Vec::new();
    for (programme, list) in stages::programmes_with_stages(db).await? {
        let mut views = Vec::with_capacity(list.len());
        for s in list.into_iter().filter(|s| s.retired_at.is_none()) {
            views.push(StageView {
                id: StageId(s.id),
                position: s.position,
                track: Track::parse(&s.track)
                    .ok_or_else(|| crate::db::corrupt("stages", "track", &s.track))?,
                title: s.title,
                requires_previous: s.requires_previous,
                requires_selection: s.requires_selection,
            });
        }
        out.push(ProgrammeView {
            id: ProgrammeId(programme.id),
            title: programme.title,
            stages: views,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREVIOUS: Option<StageId> = Some(StageId(1));

    #[test]
    fn an_open_stage_lets_everyone_in() {
        let gate = Gate::of(false, false, PREVIOUS);
        assert!(gate.is_open());
        assert!(check_entry(gate, false, false).is_ok());
    }

    #[test]
    fn a_first_stage_that_requires_the_previous_one_asks_nothing() {
        assert!(Gate::of(true, false, None).is_open());
    }

    #[test]
    fn completion_of_the_previous_stage_is_checked_before_selection() {
        let gate = Gate::of(true, true, PREVIOUS);
        assert!(matches!(
            check_entry(gate, false, true),
            Err(PathwayError::PrerequisiteNotMet)
        ));
        assert!(matches!(
            check_entry(gate, true, false),
            Err(PathwayError::NotSelected)
        ));
        assert!(check_entry(gate, true, true).is_ok());
    }

    #[test]
    fn selection_alone_can_gate_a_stage() {
        let gate = Gate::of(false, true, PREVIOUS);
        assert!(matches!(
            check_entry(gate, true, false),
            Err(PathwayError::NotSelected)
        ));
        assert!(check_entry(gate, false, true).is_ok());
    }
}

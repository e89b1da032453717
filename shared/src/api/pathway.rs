//! The staged pathway of a programme: who qualifies for a gated stage and
//! who has been selected to apply to its classes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CreditHours, StageId, UserId};

/// Someone who completed the stage before this one: a candidate for selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    pub user: UserId,
    pub name: String,
    /// Masked (`138****0010`): enough to tell people apart, not to call them.
    pub mobile: String,
    pub region_code: String,
    /// When they completed the previous stage (their first completed class in it).
    pub completed_at: DateTime<Utc>,
    /// Classes of the previous stage they completed.
    pub classes_completed: u32,
    /// Their whole credit-hour ledger, online and offline.
    pub credit_hours: CreditHours,
    pub selected: bool,
    /// When the standing selection was made.
    #[serde(default)]
    pub selected_at: Option<DateTime<Utc>>,
}

/// The candidates for a class's stage, within the region the class serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageCandidates {
    pub stage: StageId,
    pub stage_title: String,
    pub previous_stage_title: Option<String>,
    pub requires_previous: bool,
    pub requires_selection: bool,
    /// Whether the asking user may select (and unselect) these candidates:
    /// a coordinator over their region, at the level the stage names
    /// (county by default) or above.
    #[serde(default)]
    pub may_select: bool,
    /// One page of the candidates, earliest completion first.
    pub candidates: Vec<Candidate>,
    /// How many candidates there are in all, across every page.
    #[serde(default)]
    pub total: u64,
}

/// One stage of a programme's pathway, with what entry to it requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageView {
    pub id: StageId,
    pub position: i32,
    pub title: String,
    pub track: crate::Track,
    pub requires_previous: bool,
    pub requires_selection: bool,
}

/// A programme and its ordered stages, for choosing where a class belongs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeView {
    pub id: crate::ProgrammeId,
    pub title: String,
    pub stages: Vec<StageView>,
}

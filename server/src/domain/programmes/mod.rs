//! Programmes (培训计划) and the ordered stages of their pathway, as staff
//! set them up: created with their stages, edited, stages added, changed,
//! retired, and deleted while nothing refers to them. Every change writes
//! its audit record in the same transaction. `apply` does the same from a
//! set-up file, idempotently, for the command line.

mod apply;
mod setup;

pub use apply::{Applied, apply, parse_file};
pub use setup::{add_stage, change_stage, create, delete_stage, update};

use std::collections::HashSet;

use cultivator_shared::api::programmes::{
    ProgrammeDetail, ProgrammeFields, StageDetail, StageFields,
};
use cultivator_shared::{FieldError, ProgrammeId, RegionCode, RegionLevel, StageId, Track};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::{corrupt, programmes};

#[derive(Debug, thiserror::Error)]
pub enum ProgrammeError {
    #[error("programme not found")]
    NotFound,
    #[error("stage not found")]
    StageNotFound,
    #[error("another programme already has this code")]
    CodeTaken,
    #[error("classes or selections refer to this stage")]
    StageInUse,
    #[error("unknown region {0}")]
    UnknownRegion(String),
    #[error("invalid programme")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub(crate) fn stage_fields(row: &programmes::stages::Model) -> Result<StageFields, DbErr> {
    Ok(StageFields {
        title: row.title.clone(),
        track: Track::parse(&row.track).ok_or_else(|| corrupt("stages", "track", &row.track))?,
        requires_previous: row.requires_previous,
        requires_selection: row.requires_selection,
        selected_by: RegionLevel::parse(&row.selected_by)
            .ok_or_else(|| corrupt("stages", "selected_by", &row.selected_by))?,
    })
}

pub(crate) fn programme_fields(row: &programmes::Model) -> Result<ProgrammeFields, DbErr> {
    let owner_region = row
        .owner_region
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|_| corrupt("programmes", "owner_region", r)))
        .transpose()?;
    Ok(ProgrammeFields {
        code: row
            .code
            .clone()
            .unwrap_or_else(|| format!("programme-{}", row.id)),
        title: row.title.clone(),
        summary: row.summary.clone(),
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        owner_region,
    })
}

fn assemble(
    row: &programmes::Model,
    stages: &[programmes::stages::Model],
    in_use: &HashSet<i64>,
) -> Result<ProgrammeDetail, DbErr> {
    let stages = stages
        .iter()
        .map(|s| {
            Ok(StageDetail {
                id: StageId(s.id),
                position: s.position,
                stage: stage_fields(s)?,
                retired: s.retired_at.is_some(),
                in_use: in_use.contains(&s.id),
            })
        })
        .collect::<Result<_, DbErr>>()?;
    Ok(ProgrammeDetail {
        id: ProgrammeId(row.id),
        programme: programme_fields(row)?,
        stages,
    })
}

/// One programme with its stages and which of them are in use.
pub async fn detail(
    db: &impl ConnectionTrait,
    id: ProgrammeId,
) -> Result<ProgrammeDetail, ProgrammeError> {
    let row = programmes::find(db, id)
        .await?
        .ok_or(ProgrammeError::NotFound)?;
    let stages = programmes::stages_of(db, id).await?;
    let ids: Vec<i64> = stages.iter().map(|s| s.id).collect();
    let in_use = programmes::stages_in_use(db, &ids).await?;
    Ok(assemble(&row, &stages, &in_use)?)
}

/// Every programme with its stages, newest first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<ProgrammeDetail>, ProgrammeError> {
    let mut out = Vec::new();
    for row in programmes::all(db).await? {
        out.push(detail(db, ProgrammeId(row.id)).await?);
    }
    Ok(out)
}

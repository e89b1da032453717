//! Creating and changing programmes and their stages, each change with its
//! audit record in the same transaction.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::programmes::{
    NewProgramme, ProgrammeDetail, ProgrammeFields, StageFields, StageUpdate,
};
use cultivator_shared::{ProgrammeId, RegionCode, StageId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::{ProgrammeError, detail, programme_fields, stage_fields};
use crate::db::{self, programmes, regions};
use crate::domain::audit::{self, Actor, Entry};

fn code_taken(err: DbErr) -> ProgrammeError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ProgrammeError::CodeTaken,
        _ => ProgrammeError::Db(err),
    }
}

async fn check_region(
    db: &impl ConnectionTrait,
    region: Option<&RegionCode>,
) -> Result<(), ProgrammeError> {
    match region {
        Some(code) if !regions::exists(db, code).await? => {
            Err(ProgrammeError::UnknownRegion(code.to_string()))
        }
        _ => Ok(()),
    }
}

/// Creates a programme with its stages, in the order given.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    request: &NewProgramme,
    now: DateTime<Utc>,
) -> Result<ProgrammeDetail, ProgrammeError> {
    request.validate().map_err(ProgrammeError::Invalid)?;
    let fields = &request.programme;
    check_region(db, fields.owner_region.as_ref()).await?;
    let txn = db::begin_write(db).await?;
    if programmes::find_by_code(&txn, &fields.code)
        .await?
        .is_some()
    {
        return Err(ProgrammeError::CodeTaken);
    }
    let id = programmes::insert_fields(&txn, fields, now)
        .await
        .map_err(code_taken)?;
    for (position, stage) in (1..).zip(&request.stages) {
        programmes::insert_stage(&txn, id, programmes::NewStage::from_fields(position, stage))
            .await?;
    }
    let entry = Entry::new(AuditAction::ProgrammeCreated, AuditObject::Programme, id.0)
        .in_region(fields.owner_region.as_ref())
        .after(request);
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    detail(db, id).await
}

/// Changes a programme's own fields (its stages are changed one by one).
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ProgrammeId,
    fields: &ProgrammeFields,
    now: DateTime<Utc>,
) -> Result<ProgrammeDetail, ProgrammeError> {
    fields.validate().map_err(ProgrammeError::Invalid)?;
    check_region(db, fields.owner_region.as_ref()).await?;
    let txn = db::begin_write(db).await?;
    update_in(&txn, actor, id, fields, now).await?;
    txn.commit().await?;
    detail(db, id).await
}

/// The update inside the caller's transaction; writes nothing (and no
/// audit record) when nothing changes.
pub(super) async fn update_in(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    id: ProgrammeId,
    fields: &ProgrammeFields,
    now: DateTime<Utc>,
) -> Result<bool, ProgrammeError> {
    let row = programmes::find(txn, id)
        .await?
        .ok_or(ProgrammeError::NotFound)?;
    let before = programme_fields(&row)?;
    let after = trimmed(fields);
    if before == after {
        return Ok(false);
    }
    if let Some(other) = programmes::find_by_code(txn, &after.code).await?
        && other.id != id.0
    {
        return Err(ProgrammeError::CodeTaken);
    }
    programmes::update_fields(txn, id, &after)
        .await
        .map_err(code_taken)?;
    let entry = Entry::new(AuditAction::ProgrammeChanged, AuditObject::Programme, id.0)
        .in_region(after.owner_region.as_ref())
        .before(&before)
        .after(&after);
    audit::record(txn, actor, entry, now).await?;
    Ok(true)
}

fn trimmed(fields: &ProgrammeFields) -> ProgrammeFields {
    ProgrammeFields {
        title: fields.title.trim().to_owned(),
        summary: fields.summary.trim().to_owned(),
        ..fields.clone()
    }
}

fn trimmed_stage(fields: &StageFields) -> StageFields {
    StageFields {
        title: fields.title.trim().to_owned(),
        ..fields.clone()
    }
}

/// Adds a stage at the end of the pathway.
pub async fn add_stage(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ProgrammeId,
    stage: &StageFields,
    now: DateTime<Utc>,
) -> Result<ProgrammeDetail, ProgrammeError> {
    stage.validate().map_err(ProgrammeError::Invalid)?;
    let txn = db::begin_write(db).await?;
    add_stage_in(&txn, actor, id, stage, now).await?;
    txn.commit().await?;
    detail(db, id).await
}

pub(super) async fn add_stage_in(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    id: ProgrammeId,
    stage: &StageFields,
    now: DateTime<Utc>,
) -> Result<StageId, ProgrammeError> {
    if !programmes::lock(txn, id).await? {
        return Err(ProgrammeError::NotFound);
    }
    let owner = owner_region(txn, id).await?;
    if programmes::stages_of(txn, id).await?.len() >= cultivator_shared::api::programmes::MAX_STAGES
    {
        return Err(ProgrammeError::Invalid(vec![
            cultivator_shared::FieldError::new(
                "stages",
                cultivator_shared::ValidationError::OutOfRange {
                    min: 0,
                    max: cultivator_shared::api::programmes::MAX_STAGES as i64,
                },
            ),
        ]));
    }
    let position = programmes::next_position(txn, id).await?;
    let stage_id =
        programmes::insert_stage(txn, id, programmes::NewStage::from_fields(position, stage))
            .await?;
    let entry = Entry::new(AuditAction::StageAdded, AuditObject::Stage, stage_id.0)
        .in_region(owner.as_ref())
        .after(&trimmed_stage(stage));
    audit::record(txn, actor, entry, now).await?;
    Ok(stage_id)
}

async fn owner_region(
    txn: &impl ConnectionTrait,
    id: ProgrammeId,
) -> Result<Option<RegionCode>, ProgrammeError> {
    let row = programmes::find(txn, id)
        .await?
        .ok_or(ProgrammeError::NotFound)?;
    Ok(programme_fields(&row)?.owner_region)
}

async fn stage_of(
    txn: &impl ConnectionTrait,
    id: ProgrammeId,
    stage: StageId,
) -> Result<programmes::stages::Model, ProgrammeError> {
    crate::db::stage_selections::stage(txn, stage)
        .await?
        .filter(|s| s.programme_id == id.0)
        .ok_or(ProgrammeError::StageNotFound)
}

/// Changes a stage's settings or retires it (or brings it back).
pub async fn change_stage(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ProgrammeId,
    stage: StageId,
    update: &StageUpdate,
    now: DateTime<Utc>,
) -> Result<ProgrammeDetail, ProgrammeError> {
    update.stage.validate().map_err(ProgrammeError::Invalid)?;
    let txn = db::begin_write(db).await?;
    change_stage_in(&txn, actor, id, stage, update, now).await?;
    txn.commit().await?;
    detail(db, id).await
}

/// Writes nothing (and no audit record) when nothing changes.
pub(super) async fn change_stage_in(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    id: ProgrammeId,
    stage: StageId,
    update: &StageUpdate,
    now: DateTime<Utc>,
) -> Result<bool, ProgrammeError> {
    let row = stage_of(txn, id, stage).await?;
    let before = StageUpdate {
        stage: stage_fields(&row)?,
        retired: row.retired_at.is_some(),
    };
    let after = StageUpdate {
        stage: trimmed_stage(&update.stage),
        retired: update.retired,
    };
    if before == after {
        return Ok(false);
    }
    programmes::update_stage(txn, &row, &after.stage, after.retired, now).await?;
    let entry = Entry::new(AuditAction::StageChanged, AuditObject::Stage, stage.0)
        .in_region(owner_region(txn, id).await?.as_ref())
        .before(&before)
        .after(&after);
    audit::record(txn, actor, entry, now).await?;
    Ok(true)
}

/// Deletes a stage nothing refers to; one in use can only be retired.
pub async fn delete_stage(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ProgrammeId,
    stage: StageId,
    now: DateTime<Utc>,
) -> Result<ProgrammeDetail, ProgrammeError> {
    let txn = db::begin_write(db).await?;
    let row = stage_of(&txn, id, stage).await?;
    if !programmes::stages_in_use(&txn, &[row.id]).await?.is_empty() {
        return Err(ProgrammeError::StageInUse);
    }
    programmes::delete_stage(&txn, stage).await?;
    let entry = Entry::new(AuditAction::StageDeleted, AuditObject::Stage, stage.0)
        .in_region(owner_region(&txn, id).await?.as_ref())
        .before(&stage_fields(&row)?);
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    detail(db, id).await
}

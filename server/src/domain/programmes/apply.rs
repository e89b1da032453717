//! Applying a programme set-up file: creates the programme the first time,
//! and afterwards brings it in line with the file, so running the same file
//! twice changes nothing (and writes no audit record) the second time.
//!
//! Stages are matched by their place in the pathway: the file's first stage
//! is the programme's first stage, and so on. Stages the file adds at the
//! end are added; stages the programme has beyond the file's are left as
//! they are (they may be in use) and reported, for staff to retire by hand.

use chrono::{DateTime, Utc};
use cultivator_shared::ProgrammeId;
use cultivator_shared::api::programmes::{NewProgramme, StageUpdate};
use sea_orm::DatabaseConnection;

use super::setup::{add_stage_in, change_stage_in, update_in};
use super::{ProgrammeError, create};
use crate::db::{self, programmes};
use crate::domain::audit::Actor;

/// Reads a set-up file (TOML; see `docs/programme.example.toml`).
pub fn parse_file(text: &str) -> Result<NewProgramme, toml::de::Error> {
    toml::from_str(text)
}

/// What applying a file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub programme: ProgrammeId,
    pub created: bool,
    /// Changes made to an existing programme: its fields, each stage
    /// changed, each stage added.
    pub changes: u32,
    /// Titles of the programme's stages past the file's last one.
    pub stages_not_in_file: Vec<String>,
}

pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    file: &NewProgramme,
    now: DateTime<Utc>,
) -> Result<Applied, ProgrammeError> {
    file.validate().map_err(ProgrammeError::Invalid)?;
    let Some(existing) = programmes::find_by_code(db, &file.programme.code).await? else {
        let created = create(db, actor, file, now).await?;
        return Ok(Applied {
            programme: created.id,
            created: true,
            changes: 0,
            stages_not_in_file: Vec::new(),
        });
    };
    let id = ProgrammeId(existing.id);
    let txn = db::begin_write(db).await?;
    let mut changes = u32::from(update_in(&txn, actor, id, &file.programme, now).await?);
    let stages = programmes::stages_of(&txn, id).await?;
    for (index, stage) in file.stages.iter().enumerate() {
        match stages.get(index) {
            Some(row) => {
                let update = StageUpdate {
                    stage: stage.clone(),
                    retired: row.retired_at.is_some(),
                };
                let changed = change_stage_in(
                    &txn,
                    actor,
                    id,
                    cultivator_shared::StageId(row.id),
                    &update,
                    now,
                )
                .await?;
                changes += u32::from(changed);
            }
            None => {
                add_stage_in(&txn, actor, id, stage, now).await?;
                changes += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(Applied {
        programme: id,
        created: false,
        changes,
        stages_not_in_file: stages
            .iter()
            .skip(file.stages.len())
            .map(|s| s.title.clone())
            .collect(),
    })
}

//! Regional targets: a coordinator sets the targets of their region's
//! children for a programme; whether the children add up to the parent is
//! shown, not enforced (targets are negotiated top-down and bottom-up).
//! Scope is checked by the caller through `auth::scope`.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::coordination::{
    ChildTargetView, SetTargetsRequest, TargetsView, TrackPair,
};
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{ProgrammeId, RegionCode, Track};
use sea_orm::{DatabaseConnection, DbErr};

use crate::db::{self, dashboard_reads, regions, targets};
use crate::domain::audit::{self, Actor, Entry};

#[derive(Debug, thiserror::Error)]
pub enum CoordinationError {
    #[error("no such programme")]
    UnknownProgramme,
    #[error("no such platform")]
    UnknownPlatform,
    #[error("unknown region {0}")]
    UnknownRegion(String),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("cannot encode the dashboard: {0}")]
    Encode(String),
}

/// The children of `region` (provinces for the whole country).
pub async fn children_of(
    db: &DatabaseConnection,
    region: Option<&RegionCode>,
) -> Result<Vec<RegionView>, CoordinationError> {
    Ok(match region {
        None => regions::provinces(db).await?,
        Some(code) => regions::children(db, code).await?,
    })
}

/// The region itself, or `UnknownRegion`.
pub async fn region_view(
    db: &DatabaseConnection,
    region: Option<&RegionCode>,
) -> Result<Option<RegionView>, CoordinationError> {
    match region {
        None => Ok(None),
        Some(code) => regions::find(db, code)
            .await?
            .map(Some)
            .ok_or_else(|| CoordinationError::UnknownRegion(code.to_string())),
    }
}

pub async fn view(
    db: &DatabaseConnection,
    programme: ProgrammeId,
    region: Option<&RegionCode>,
    year: Option<i32>,
) -> Result<TargetsView, CoordinationError> {
    if dashboard_reads::programme(db, Some(programme.0))
        .await?
        .is_none()
    {
        return Err(CoordinationError::UnknownProgramme);
    }
    let own = region_view(db, region).await?;
    let children = children_of(db, region).await?;
    let mut codes: Vec<String> = children.iter().map(|c| c.code.to_string()).collect();
    codes.extend(region.map(RegionCode::to_string));
    let found = targets::for_regions(db, programme.0, &codes, year).await?;
    let target = region.map(|r| found.get(r.as_str()).copied().unwrap_or_default());
    let children: Vec<ChildTargetView> = children
        .into_iter()
        .map(|region| ChildTargetView {
            target: found.get(region.code.as_str()).copied().unwrap_or_default(),
            region,
        })
        .collect();
    let children_sum = children
        .iter()
        .fold(TrackPair::default(), |sum, c| sum + c.target);
    Ok(TargetsView {
        region: own,
        adds_up: target.is_none_or(|t| t == children_sum),
        target,
        children,
        children_sum,
    })
}

/// Stores the targets of some children of one region (all or none), with
/// one audit record of the values before and after. The caller has checked
/// the user may set each of them.
pub async fn set(
    db: &DatabaseConnection,
    actor: &Actor,
    request: &SetTargetsRequest,
    now: DateTime<Utc>,
) -> Result<(), CoordinationError> {
    if dashboard_reads::programme(db, Some(request.programme.0))
        .await?
        .is_none()
    {
        return Err(CoordinationError::UnknownProgramme);
    }
    for child in &request.targets {
        if !regions::exists(db, &child.region).await? {
            return Err(CoordinationError::UnknownRegion(child.region.to_string()));
        }
    }
    let txn = db::begin_write(db).await?;
    let codes: Vec<String> = request
        .targets
        .iter()
        .map(|t| t.region.to_string())
        .collect();
    let before = targets::for_regions(&txn, request.programme.0, &codes, request.year).await?;
    for child in &request.targets {
        for (track, people) in [
            (Track::Online, child.online),
            (Track::Offline, child.offline),
        ] {
            targets::set(
                &txn,
                request.programme.0,
                child.region.as_str(),
                track,
                request.year,
                people,
            )
            .await?;
        }
    }
    let before: std::collections::BTreeMap<&String, &TrackPair> = before.iter().collect();
    let parent = request.targets.first().and_then(|t| t.region.parent());
    let entry = Entry::new(
        AuditAction::TargetSet,
        AuditObject::Programme,
        request.programme.0,
    )
    .in_region(parent.as_ref())
    .before(&serde_json::json!({ "year": request.year, "targets": before }))
    .after(&serde_json::json!({ "year": request.year, "targets": request.targets }));
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    Ok(())
}

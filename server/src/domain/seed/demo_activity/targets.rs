//! The demo programme's targets, set top-down by the coordinators whose
//! scope they are in, through the targets page's own function (so each
//! setting leaves its audit record): the national coordinator sets every
//! province, the Sichuan coordinator the Sichuan prefectures and counties,
//! the Jintang county coordinator its townships.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use cultivator_shared::api::coordination::{ChildTarget, SetTargetsRequest};
use cultivator_shared::{ProgrammeId, RegionCode};
use sea_orm::DatabaseConnection;

use super::china;
use crate::db::regions;
use crate::domain::coordination::targets;
use crate::domain::seed::demo::{self, DemoError};

/// Whole-programme targets (online, offline) of the regions with demo
/// villages, sized so the dashboard shows them part way, some ahead and
/// some behind.
const TARGETS: &[(&str, u64, u64)] = &[
    ("51", 2_400, 420),
    ("52", 500, 90),
    ("41", 400, 80),
    ("5101", 1_500, 280),
    ("5106", 900, 140),
    ("510121", 1_400, 260),
    ("510623", 800, 120),
    ("5226", 500, 90),
    ("4117", 400, 80),
    ("510121100", 800, 150),
    ("510121101", 600, 110),
];
/// Every other province's: not begun yet, so the dashboard sorts them first
/// by shortfall.
const OTHER_PROVINCE: (u64, u64) = (3_000, 300);

/// Who sets the targets of the children of `parent`.
fn setter(parent: Option<&str>) -> &'static str {
    match parent {
        Some(p) if p.starts_with("510121") => "13800000004",
        Some(p) if p.starts_with("51") => "13800000003",
        _ => "13800000002",
    }
}

pub async fn set_all(
    db: &DatabaseConnection,
    programme: ProgrammeId,
    today: NaiveDate,
) -> Result<(), DemoError> {
    let target = |region: RegionCode, (online, offline): (u64, u64)| ChildTarget {
        region,
        online,
        offline,
    };
    let mut by_parent: BTreeMap<Option<String>, Vec<ChildTarget>> = BTreeMap::new();
    for province in regions::provinces(db).await? {
        let pair = TARGETS
            .iter()
            .find(|t| t.0 == province.code.as_str())
            .map_or(OTHER_PROVINCE, |t| (t.1, t.2));
        by_parent
            .entry(None)
            .or_default()
            .push(target(province.code, pair));
    }
    for (code, online, offline) in TARGETS.iter().filter(|t| t.0.len() > 2) {
        let region = RegionCode::parse(code).map_err(|_| DemoError::Malformed("target region"))?;
        let parent = region.parent().map(|p| p.to_string());
        by_parent
            .entry(parent)
            .or_default()
            .push(target(region, (*online, *offline)));
    }
    // Top-down, a few days apart, early in the programme.
    for (k, (parent, children)) in by_parent.into_iter().enumerate() {
        let (_, actor) = demo::staff_actor(db, setter(parent.as_deref())).await?;
        let request = SetTargetsRequest {
            programme,
            year: None,
            targets: children,
        };
        let at = china(
            today - Duration::days(330) + Duration::days(2 * k as i64),
            16,
        );
        targets::set(db, &actor, &request, at).await?;
    }
    Ok(())
}

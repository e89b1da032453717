//! The coordinators' integrity report: flags on trainees whose home region
//! is within a region, newest first, one page at a time or as a CSV file.
//! Mobile numbers leave the server masked, in both.

use cultivator_shared::api::Page;
use cultivator_shared::api::integrity::{IntegrityFlag, IntegrityKind, TimeBasis};
use cultivator_shared::{RegionCode, UserId};
use sea_orm::{DatabaseConnection, DbErr};

use crate::db::corrupt;
use crate::db::integrity_flags::{self, Listed};
use crate::domain::spreadsheet::csv_cell;
use cultivator_shared::privacy::mask_mobile;

/// The export holds at most this many rows (the newest); a coordinator with
/// more narrows it by region or kind.
pub const EXPORT_MAX_ROWS: u64 = 50_000;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("writing the CSV file failed: {0}")]
    Csv(#[from] csv::Error),
}

/// The kinds to list: the one asked for if the report lists it, else all
/// it lists.
fn kinds(asked: Option<IntegrityKind>) -> Vec<IntegrityKind> {
    match asked {
        Some(kind) => IntegrityKind::REPORTED
            .into_iter()
            .filter(|k| *k == kind)
            .collect(),
        None => IntegrityKind::REPORTED.to_vec(),
    }
}

fn flag_of(row: Listed) -> Result<IntegrityFlag, DbErr> {
    let f = row.flag;
    let ms = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok());
    Ok(IntegrityFlag {
        kind: IntegrityKind::parse(&f.kind)
            .ok_or_else(|| corrupt("integrity_flags", "kind", &f.kind))?,
        user: UserId(f.user_id),
        name: row.name,
        mobile: mask_mobile(&row.mobile),
        region: RegionCode::parse(&row.region_code)
            .map_err(|_| corrupt("users", "region_code", &row.region_code))?,
        subject: (f.subject_id != 0).then_some(f.subject_id),
        subject_title: row.subject_title,
        count: u64::try_from(f.count).unwrap_or(0),
        first_at: f.first_at,
        last_at: f.last_at,
        measured_ms: ms(f.measured_ms),
        expected_ms: ms(f.expected_ms),
        basis: f.basis.as_deref().and_then(TimeBasis::parse),
    })
}

/// One page of the flags within `region` (`None`: the whole country).
pub async fn page(
    db: &DatabaseConnection,
    region: Option<&RegionCode>,
    kind: Option<IntegrityKind>,
    limit: u64,
    offset: u64,
) -> Result<Page<IntegrityFlag>, DbErr> {
    let prefix = region.map(RegionCode::to_string).unwrap_or_default();
    let (rows, total) = integrity_flags::page(db, &prefix, &kinds(kind), limit, offset).await?;
    let items = rows.into_iter().map(flag_of).collect::<Result<_, _>>()?;
    Ok(Page { items, total })
}

const HEADER: [&str; 13] = [
    "kind",
    "name",
    "mobile",
    "home_region",
    "subject_id",
    "subject",
    "count",
    "first_at",
    "last_at",
    "measured_minutes",
    "expected_minutes",
    "basis",
    "user_id",
];

fn minutes(ms: Option<u64>) -> String {
    ms.map(|ms| format!("{:.1}", ms as f64 / 60_000.0))
        .unwrap_or_default()
}

fn record(flag: &IntegrityFlag) -> [String; 13] {
    [
        flag.kind.as_str().to_owned(),
        flag.name.clone(),
        flag.mobile.clone(),
        flag.region.to_string(),
        flag.subject.map(|s| s.to_string()).unwrap_or_default(),
        flag.subject_title.clone().unwrap_or_default(),
        flag.count.to_string(),
        flag.first_at.to_rfc3339(),
        flag.last_at.to_rfc3339(),
        minutes(flag.measured_ms),
        minutes(flag.expected_ms),
        flag.basis
            .map(|b| b.as_str().to_owned())
            .unwrap_or_default(),
        flag.user.0.to_string(),
    ]
}

/// The report as CSV (UTF-8 with a byte-order mark, for Excel), every cell
/// neutralised against formulas: names and course titles are typed by people.
pub async fn csv(
    db: &DatabaseConnection,
    region: Option<&RegionCode>,
    kind: Option<IntegrityKind>,
) -> Result<Vec<u8>, ReportError> {
    let found = page(db, region, kind, EXPORT_MAX_ROWS, 0).await?;
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    out.write_record(HEADER)?;
    for flag in &found.items {
        out.write_record(record(flag).iter().map(|cell| csv_cell(cell).into_owned()))?;
    }
    out.into_inner()
        .map_err(|e| ReportError::Csv(e.into_error().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reported_kinds_are_listed() {
        assert_eq!(kinds(None), IntegrityKind::REPORTED.to_vec());
        assert_eq!(
            kinds(Some(IntegrityKind::CheckinLockout)),
            [IntegrityKind::CheckinLockout]
        );
        assert!(kinds(Some(IntegrityKind::WrongCheckinCodes)).is_empty());
    }
}

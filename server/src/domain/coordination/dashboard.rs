//! The coordinator dashboard, computed from the pre-aggregated counters and
//! the targets only: a headline per track with pace and projection, the
//! children regions sorted by shortfall, and trained people per month.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Utc};
use cultivator_shared::api::coordination::{
    ChildRow, Dashboard, DashboardQuery, MonthPoint, Progress, TrackPair,
};
use cultivator_shared::{ProgrammeId, RegionCode, Track};
use sea_orm::DatabaseConnection;

use crate::db::dashboard_reads::{self, Counted, Period};
use crate::db::{platforms, regions, targets};
use crate::domain::completion::trained_people::month_of;
use crate::domain::coordination::targets::{CoordinationError, children_of, region_view};
use cultivator_shared::region::Scope;

/// Months over which the current pace is measured.
const PACE_MONTHS: i32 = 3;

/// Months from `a` to `b` (both `yyyymm`), negative when `b` is earlier.
fn months_between(a: i32, b: i32) -> i32 {
    (b / 100 - a / 100) * 12 + (b % 100 - a % 100)
}

fn add_months(m: i32, n: i32) -> i32 {
    let total = (m / 100) * 12 + (m % 100 - 1) + n;
    (total / 12) * 100 + total % 12 + 1
}

fn month_of_date(d: NaiveDate) -> i32 {
    // Months are 1..=12.
    d.year() * 100 + d.month() as i32
}

fn progress(trained: u64, target: u64, recent: u64, months_left: i32) -> Progress {
    let monthly_pace = recent as f64 / f64::from(PACE_MONTHS);
    let ahead = (monthly_pace * f64::from(months_left.max(0))).round();
    Progress {
        trained,
        target,
        percent: (target > 0).then(|| (trained as f64 * 1000.0 / target as f64).round() / 10.0),
        monthly_pace: (monthly_pace * 10.0).round() / 10.0,
        // The pace is never negative, so the projection is a count.
        projected: trained + ahead as u64,
    }
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The dashboard of `region` (`None`: the whole country) for a user whose
/// scope is `scope` (used for the breadcrumb only; the caller checked
/// access).
pub async fn dashboard(
    db: &DatabaseConnection,
    scope: &Scope,
    region: Option<&RegionCode>,
    query: &DashboardQuery,
) -> Result<Dashboard, CoordinationError> {
    let (programme, programme_title, ends_on) =
        dashboard_reads::programme(db, query.programme.map(|p| p.0))
            .await?
            .ok_or(CoordinationError::UnknownProgramme)?;
    let counted = match &query.platform {
        None => Counted::Everyone,
        Some(code) => platforms::by_code(db, code)
            .await?
            .map(|p| Counted::RegisteredOn(p.id))
            .ok_or(CoordinationError::UnknownPlatform)?,
    };
    let own = region_view(db, region).await?;
    let children = children_of(db, region).await?;
    let prefix = region.map(RegionCode::to_string).unwrap_or_default();
    let period = Period {
        from: query.from,
        to: query.to,
        track: query.track,
    };

    let mut by_month: BTreeMap<i32, TrackPair> = BTreeMap::new();
    for (month, track, people) in
        dashboard_reads::monthly(db, &prefix, programme, period, counted).await?
    {
        let point = by_month.entry(month).or_default();
        match Track::parse(&track) {
            Some(Track::Online) => point.online += to_u64(people),
            Some(Track::Offline) => point.offline += to_u64(people),
            None => {}
        }
    }
    let trained = by_month.values().fold(TrackPair::default(), |s, p| s + *p);
    let now = month_of(Utc::now());
    let pace_end = query.to.map_or(now, |to| to.min(now));
    let pace_start = add_months(pace_end, 1 - PACE_MONTHS);
    let recent = by_month
        .range(pace_start..=pace_end)
        .fold(TrackPair::default(), |s, (_, p)| s + *p);
    let months_left = months_between(now, month_of_date(ends_on));

    let child_codes: Vec<String> = children.iter().map(|c| c.code.to_string()).collect();
    let child_trained =
        dashboard_reads::totals(db, &child_codes, programme, period, counted).await?;
    let mut target_codes = child_codes.clone();
    target_codes.extend(region.map(RegionCode::to_string));
    let year = query
        .from
        .filter(|f| query.to.is_some_and(|t| t / 100 == f / 100));
    let found = targets::for_regions(db, programme, &target_codes, year.map(|m| m / 100)).await?;
    let child_target_sum = child_codes
        .iter()
        .filter_map(|c| found.get(c))
        .fold(TrackPair::default(), |s, t| s + *t);
    // A region's own target, or for the country the sum of its provinces'.
    let target = match region {
        Some(r) => found.get(r.as_str()).copied().unwrap_or_default(),
        None => child_target_sum,
    };
    let shown = |track: Track| query.track.is_none_or(|t| t == track);

    let mut rows: Vec<ChildRow> = children
        .into_iter()
        .map(|child| {
            let code = child.code.to_string();
            let get = |track: Track| {
                to_u64(
                    child_trained
                        .get(&(code.clone(), track.as_str().to_owned()))
                        .copied()
                        .unwrap_or(0),
                )
            };
            let trained = TrackPair {
                online: get(Track::Online),
                offline: get(Track::Offline),
            };
            let target = found.get(&code).copied().unwrap_or_default();
            let shortfall = [Track::Online, Track::Offline]
                .into_iter()
                .filter(|t| shown(*t))
                .map(|t| target.get(t).saturating_sub(trained.get(t)))
                .sum();
            ChildRow {
                region: child,
                trained,
                target,
                shortfall,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.shortfall
            .cmp(&a.shortfall)
            .then_with(|| a.region.code.cmp(&b.region.code))
    });

    let breadcrumb = match region.and_then(RegionCode::parent) {
        None => Vec::new(),
        Some(parent) => regions::lineage(db, &parent)
            .await?
            .into_iter()
            .filter(|r| scope.covers(&r.code))
            .collect(),
    };

    Ok(Dashboard {
        programme: ProgrammeId(programme),
        programme_title,
        region: own,
        breadcrumb,
        online: progress(trained.online, target.online, recent.online, months_left),
        offline: progress(trained.offline, target.offline, recent.offline, months_left),
        children: rows,
        months: by_month
            .into_iter()
            .map(|(month, trained)| MonthPoint { month, trained })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic_crosses_years() {
        assert_eq!(add_months(202601, -2), 202511);
        assert_eq!(add_months(202512, 1), 202601);
        assert_eq!(months_between(202511, 202602), 3);
    }

    #[test]
    fn projection_extends_the_recent_pace() {
        let p = progress(100, 400, 30, 12);
        assert_eq!(p.percent, Some(25.0));
        assert_eq!(p.monthly_pace, 10.0);
        assert_eq!(p.projected, 220);
    }
}

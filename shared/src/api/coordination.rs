//! The coordinator's API: regional targets and the completion dashboard.
//! Months are written `yyyymm` (202605 is May 2026), in Beijing time.

use serde::{Deserialize, Serialize};

use crate::api::regions::RegionView;
use crate::{ClassId, FieldError, ProgrammeId, RegionCode, Track, ValidationError};

/// People to be trained, per track.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackPair {
    pub online: u64,
    pub offline: u64,
}

impl TrackPair {
    pub fn get(&self, track: Track) -> u64 {
        match track {
            Track::Online => self.online,
            Track::Offline => self.offline,
        }
    }
}

impl std::ops::Add for TrackPair {
    type Output = TrackPair;
    fn add(self, other: TrackPair) -> TrackPair {
        TrackPair {
            online: self.online + other.online,
            offline: self.offline + other.offline,
        }
    }
}

/// Which targets to show: a programme's, for the children of `region`
/// (the whole country when absent), whole-programme or for one `year`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TargetsQuery {
    pub programme: ProgrammeId,
    pub region: Option<RegionCode>,
    pub year: Option<i32>,
}

/// The target of one child region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildTarget {
    pub region: RegionCode,
    pub online: u64,
    pub offline: u64,
}

/// The largest target one region can have: ten times the population a
/// national programme trains, so that sums over 30 provinces stay far from
/// overflowing.
pub const MAX_TARGET: u64 = 100_000_000;

/// Sets the targets of some children of one region, all for one programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetTargetsRequest {
    pub programme: ProgrammeId,
    /// A calendar year, or none for the whole programme.
    pub year: Option<i32>,
    pub targets: Vec<ChildTarget>,
}

impl SetTargetsRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.targets.is_empty() {
            errors.push(FieldError::new("targets", ValidationError::Required));
        }
        if let Some(year) = self.year
            && !(2000..=2100).contains(&year)
        {
            errors.push(FieldError::new("year", ValidationError::InvalidCharacters));
        }
        for (i, target) in self.targets.iter().enumerate() {
            for (track, value) in [("online", target.online), ("offline", target.offline)] {
                if value > MAX_TARGET {
                    errors.push(FieldError::new(
                        &format!("targets[{i}].{track}"),
                        ValidationError::OutOfRange {
                            min: 0,
                            max: i64::try_from(MAX_TARGET).unwrap_or(i64::MAX),
                        },
                    ));
                }
            }
        }
        let parents: Vec<Option<RegionCode>> =
            self.targets.iter().map(|t| t.region.parent()).collect();
        for (i, parent) in parents.iter().enumerate() {
            if parents.first() != Some(parent) {
                errors.push(FieldError::new(
                    &format!("targets[{i}].region"),
                    ValidationError::ScopeMismatch,
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildTargetView {
    pub region: RegionView,
    pub target: TrackPair,
}

/// A region's own target, its children's, and whether they add up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetsView {
    /// `None` for the whole country.
    pub region: Option<RegionView>,
    /// The region's own target as set by its parent (none for the country).
    pub target: Option<TrackPair>,
    pub children: Vec<ChildTargetView>,
    pub children_sum: TrackPair,
    /// False when the children's targets do not add up to the region's own.
    pub adds_up: bool,
}

/// Filters of the dashboard. Without a programme, the newest one is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DashboardQuery {
    pub programme: Option<ProgrammeId>,
    /// The region to show; the coordinator's own when absent.
    pub region: Option<RegionCode>,
    pub track: Option<Track>,
    /// First month counted, `yyyymm`.
    #[cfg_attr(feature = "openapi", param(minimum = 200001, maximum = 210012))]
    pub from: Option<i32>,
    /// Last month counted, `yyyymm`.
    #[cfg_attr(feature = "openapi", param(minimum = 200001, maximum = 210012))]
    pub to: Option<i32>,
    /// Count only people who registered through this platform (its code).
    pub platform: Option<String>,
}

impl DashboardQuery {
    /// Months are real months of the programme's years.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        for (field, month) in [("from", self.from), ("to", self.to)] {
            if let Some(month) = month
                && let Err(error) = crate::validation::year_month(month)
            {
                errors.push(FieldError::new(field, error));
            }
        }
        if let Some(code) = &self.platform
            && let Err(error) = crate::api::programmes::programme_code(code)
        {
            errors.push(FieldError::new("platform", error));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Trained people against the target on one track.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    pub trained: u64,
    pub target: u64,
    /// trained / target in percent; none without a target.
    pub percent: Option<f64>,
    /// People trained per month over the last three months of the period.
    pub monthly_pace: f64,
    /// Trained people at the programme's end if that pace holds.
    pub projected: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildRow {
    pub region: RegionView,
    pub trained: TrackPair,
    pub target: TrackPair,
    /// People still missing to reach the targets shown (both tracks, or the
    /// filtered one).
    pub shortfall: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthPoint {
    pub month: i32,
    pub trained: TrackPair,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub programme: ProgrammeId,
    pub programme_title: String,
    /// `None` for the whole country.
    pub region: Option<RegionView>,
    /// From the top of the coordinator's scope down to `region`'s parent.
    pub breadcrumb: Vec<RegionView>,
    pub online: Progress,
    pub offline: Progress,
    /// Sorted by shortfall, largest first.
    pub children: Vec<ChildRow>,
    pub months: Vec<MonthPoint>,
}

/// Which classes to list: those held within `region` (default: the
/// coordinator's own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ScopedClassesQuery {
    pub region: Option<RegionCode>,
    pub programme: Option<ProgrammeId>,
    /// At most this many items (1–100, default 20).
    #[serde(default, deserialize_with = "super::paging::limit")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// Skip this many items first (at most 2^63 − 1).
    #[serde(default, deserialize_with = "super::paging::offset")]
    pub offset: Option<u64>,
}

/// A class in scope with its rates, each in percent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassRates {
    pub id: ClassId,
    pub title: String,
    pub track: Track,
    pub region: RegionCode,
    pub seat_limit: u32,
    pub enrolled: u64,
    pub completed: u64,
    /// Seats taken over seats offered.
    pub fill_rate: f64,
    /// Present check-ins over (sessions × enrolled people); none without sessions.
    pub attendance_rate: Option<f64>,
    /// Completed over enrolled people.
    pub completion_rate: Option<f64>,
}

/// A programme to choose on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeOption {
    pub id: ProgrammeId,
    pub title: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
}

impl DashboardQuery {
    /// The query as URL parameters, for links and downloads of the same view.
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(p) = self.programme {
            pairs.push(format!("programme={p}"));
        }
        if let Some(r) = &self.region {
            pairs.push(format!("region={r}"));
        }
        if let Some(t) = self.track {
            pairs.push(format!("track={}", t.as_str()));
        }
        if let Some(f) = self.from {
            pairs.push(format!("from={f}"));
        }
        if let Some(t) = self.to {
            pairs.push(format!("to={t}"));
        }
        // Valid codes are URL-safe as they are; others are left out.
        if let Some(code) = self.platform.as_ref().filter(|c| {
            c.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        }) {
            pairs.push(format!("platform={code}"));
        }
        pairs.join("&")
    }
}

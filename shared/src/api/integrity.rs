//! The integrity report (异常学习报告): what a coordinator sees that looks
//! manufactured, listed per trainee and exported as CSV. Mobile numbers
//! arrive masked (`138****0010`): the report says who, not how to call them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::status::wire_enum;
use crate::{RegionCode, UserId};

wire_enum!(
    /// What a flag says happened: a course completed with far less time than
    /// it declares (`fast_completion`); progress reports refused as faster
    /// than time passes (`rejected_reports`); check-in code entry locked
    /// after too many wrong codes (`checkin_lockout`); wrong check-in codes
    /// at one session (`wrong_checkin_codes`, shown to its instructor but not
    /// reported: one mistyped code is no sign of anything).
    IntegrityKind {
        FastCompletion => "fast_completion",
        RejectedReports => "rejected_reports",
        CheckinLockout => "checkin_lockout",
        WrongCheckinCodes => "wrong_checkin_codes",
    }
);

impl IntegrityKind {
    /// The kinds the coordinators' report lists.
    pub const REPORTED: [IntegrityKind; 3] = [
        IntegrityKind::FastCompletion,
        IntegrityKind::RejectedReports,
        IntegrityKind::CheckinLockout,
    ];
}

wire_enum!(
    /// Which clock measured a completion's time: video playback the server
    /// verified, or the wall-clock time from enrolment to completion (for
    /// courses with no required video, whose reading nobody can time).
    TimeBasis { Verified => "verified", Elapsed => "elapsed" }
);

/// Which flags to list: trainees whose home region is within `region` (the
/// coordinator's own scope when absent), of one kind or all reported kinds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct IntegrityQuery {
    pub region: Option<RegionCode>,
    pub kind: Option<IntegrityKind>,
    /// At most this many items (1–100, default 20).
    #[serde(default, deserialize_with = "super::paging::limit")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// Skip this many items first (at most 2^63 − 1).
    #[serde(default, deserialize_with = "super::paging::offset")]
    pub offset: Option<u64>,
}

impl IntegrityQuery {
    /// The filters as URL parameters (paging left out), for links and the export.
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(r) = &self.region {
            pairs.push(format!("region={r}"));
        }
        if let Some(k) = self.kind {
            pairs.push(format!("kind={}", k.as_str()));
        }
        pairs.join("&")
    }
}

/// One trainee's flag of one kind (and subject), however often it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntegrityFlag {
    pub kind: IntegrityKind,
    pub user: UserId,
    pub name: String,
    /// Masked: the first three and the last four digits.
    pub mobile: String,
    /// The trainee's home region.
    pub region: RegionCode,
    /// The course (fast completion) or session (check-in) concerned.
    pub subject: Option<i64>,
    /// The course's title, or the class's title for a session.
    pub subject_title: Option<String>,
    /// How often: refused reports, lockouts; 1 for a completion.
    pub count: u64,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// Fast completions: the time measured, by `basis`.
    pub measured_ms: Option<u64>,
    /// Fast completions: the time the course's declared hours lead one to expect.
    pub expected_ms: Option<u64>,
    pub basis: Option<TimeBasis>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_carries_the_filters() -> Result<(), crate::region::InvalidRegionCode> {
        let query = IntegrityQuery {
            region: Some(RegionCode::parse("510121")?),
            kind: Some(IntegrityKind::CheckinLockout),
            ..Default::default()
        };
        assert_eq!(
            query.to_query_string(),
            "region=510121&kind=checkin_lockout"
        );
        assert_eq!(IntegrityQuery::default().to_query_string(), "");
        Ok(())
    }
}

//! Request and response bodies of `/api/v1`, one module per resource.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod authoring;
pub mod catalog;
pub mod certificates;
pub mod checkin;
pub mod class_progress;
pub mod classes;
pub mod coordination;
pub mod first_screen;
pub mod integrity;
pub mod learning;
pub mod my_learning;
pub mod notifications;
pub mod online_classes;
pub mod pathway;
pub mod personal_data;
pub mod platforms;
pub mod programmes;
pub mod quizzes;
pub mod regions;
pub mod rosters;

use serde::{Deserialize, Serialize};

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match in all, across every page.
    pub total: u64,
}

/// Which page of a list to return.
///
/// Both numbers are checked as they are parsed, so an out-of-range value is
/// refused like any other malformed query (400) and no handler or query ever
/// sees it; see [`paging`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// At most this many items (1–100, default 20).
    #[serde(default, deserialize_with = "paging::limit")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// Skip this many items first (at most 2^63 − 1).
    #[serde(default, deserialize_with = "paging::offset")]
    pub offset: Option<u64>,
}

impl PageQuery {
    pub const MAX_LIMIT: u64 = paging::MAX_LIMIT;
    pub const MAX_OFFSET: u64 = paging::MAX_OFFSET;

    pub fn limit(&self) -> u64 {
        self.limit.unwrap_or(20).clamp(1, Self::MAX_LIMIT)
    }

    /// Clamped as well as checked at parsing, because a `PageQuery` can also
    /// be built in code, and the database driver panics on an offset past
    /// `i64::MAX`.
    pub fn offset(&self) -> u64 {
        self.offset.unwrap_or(0).min(Self::MAX_OFFSET)
    }
}

/// Parsers of `limit` and `offset` query parameters that refuse values out
/// of range, for every query type that pages (`#[serde(default,
/// deserialize_with = "paging::offset")]`).
pub mod paging {
    use serde::de::{Deserialize, Deserializer, Error};

    pub const MAX_LIMIT: u64 = 100;
    /// The largest offset a database's signed 64-bit integer can hold.
    pub const MAX_OFFSET: u64 = i64::MAX.unsigned_abs();

    fn within<'de, D: Deserializer<'de>>(
        deserializer: D,
        name: &str,
        min: u64,
        max: u64,
    ) -> Result<Option<u64>, D::Error> {
        match Option::<u64>::deserialize(deserializer)? {
            Some(n) if !(min..=max).contains(&n) => Err(D::Error::custom(format_args!(
                "{name} must be from {min} to {max}, not {n}"
            ))),
            n => Ok(n),
        }
    }

    /// 1 to [`MAX_LIMIT`].
    pub fn limit<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
        within(deserializer, "limit", 1, MAX_LIMIT)
    }

    /// 0 to [`MAX_OFFSET`].
    pub fn offset<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
        within(deserializer, "offset", 0, MAX_OFFSET)
    }
}

#[cfg(test)]
mod tests {
    use super::PageQuery;

    fn parse(json: &str) -> Result<PageQuery, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn paging_within_range_is_accepted() -> Result<(), serde_json::Error> {
        assert_eq!(parse("{}")?, PageQuery::default());
        let edge = parse(r#"{"limit": 100, "offset": 9223372036854775807}"#)?;
        assert_eq!((edge.limit(), edge.offset()), (100, PageQuery::MAX_OFFSET));
        Ok(())
    }

    #[test]
    fn paging_out_of_range_is_refused() {
        assert!(parse(r#"{"offset": 9223372036854775808}"#).is_err());
        assert!(parse(r#"{"limit": 0}"#).is_err());
        assert!(parse(r#"{"limit": 101}"#).is_err());
    }

    #[test]
    fn an_offset_built_in_code_is_clamped() {
        let page = PageQuery {
            limit: None,
            offset: Some(u64::MAX),
        };
        assert_eq!(page.offset(), PageQuery::MAX_OFFSET);
    }
}

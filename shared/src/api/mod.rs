//! Request and response bodies of `/api/v1`, one module per resource.

pub mod admin;
pub mod auth;
pub mod authoring;
pub mod catalog;
pub mod checkin;
pub mod classes;
pub mod coordination;
pub mod learning;
pub mod my_learning;
pub mod online_classes;
pub mod pathway;
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PageQuery {
    /// At most this many items (1–100, default 20).
    pub limit: Option<u64>,
    /// Skip this many items first.
    pub offset: Option<u64>,
}

impl PageQuery {
    pub const MAX_LIMIT: u64 = 100;

    pub fn limit(&self) -> u64 {
        self.limit.unwrap_or(20).clamp(1, Self::MAX_LIMIT)
    }

    pub fn offset(&self) -> u64 {
        self.offset.unwrap_or(0)
    }
}

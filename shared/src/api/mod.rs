//! Request and response bodies of `/api/v1`, one module per resource.

pub mod admin;
pub mod auth;
pub mod catalog;
pub mod regions;

use serde::{Deserialize, Serialize};

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match in all, across every page.
    pub total: u64,
}

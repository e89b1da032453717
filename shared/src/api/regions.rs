//! Wire types of the region tree.

use serde::{Deserialize, Serialize};

use crate::{RegionCode, RegionLevel};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionView {
    pub code: RegionCode,
    pub level: RegionLevel,
    pub name_zh: String,
    pub name_en: String,
}

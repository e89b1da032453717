//! Credit hours (学时), counted in tenths so sums over a ledger stay exact.

use serde::{Deserialize, Serialize};

/// Credit hours in tenths of an hour: `CreditHours(15)` is 1.5 学时.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CreditHours(pub u32);

impl CreditHours {
    pub fn from_tenths(tenths: u32) -> Self {
        Self(tenths)
    }

    pub fn tenths(self) -> u32 {
        self.0
    }
}

impl std::fmt::Display for CreditHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, tenth) = (self.0 / 10, self.0 % 10);
        if tenth == 0 {
            write!(f, "{whole}")
        } else {
            write!(f, "{whole}.{tenth}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_whole_and_fractional_hours() {
        assert_eq!(CreditHours(20).to_string(), "2");
        assert_eq!(CreditHours(15).to_string(), "1.5");
        assert_eq!(CreditHours(0).to_string(), "0");
    }
}

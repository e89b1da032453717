//! China's administrative division codes. They nest by prefix: 2 digits name a
//! province, 4 a prefecture, 6 a county, 9 a township and 12 a village, so
//! "is X inside Y" is a prefix test.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    Prefecture,
    County,
    Township,
    Village,
}

impl RegionLevel {
    pub const ALL: [RegionLevel; 5] = [
        RegionLevel::Province,
        RegionLevel::Prefecture,
        RegionLevel::County,
        RegionLevel::Township,
        RegionLevel::Village,
    ];

    pub fn code_len(self) -> usize {
        match self {
            RegionLevel::Province => 2,
            RegionLevel::Prefecture => 4,
            RegionLevel::County => 6,
            RegionLevel::Township => 9,
            RegionLevel::Village => 12,
        }
    }

    pub fn from_code_len(len: usize) -> Option<RegionLevel> {
        RegionLevel::ALL.into_iter().find(|l| l.code_len() == len)
    }

    pub fn child(self) -> Option<RegionLevel> {
        match self {
            RegionLevel::Province => Some(RegionLevel::Prefecture),
            RegionLevel::Prefecture => Some(RegionLevel::County),
            RegionLevel::County => Some(RegionLevel::Township),
            RegionLevel::Township => Some(RegionLevel::Village),
            RegionLevel::Village => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::Prefecture => "prefecture",
            RegionLevel::County => "county",
            RegionLevel::Township => "township",
            RegionLevel::Village => "village",
        }
    }

    pub fn parse(s: &str) -> Option<RegionLevel> {
        RegionLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// A checked region code: only digits, with the length of one of the levels.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "5101"))]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRegionCode;

impl std::fmt::Display for InvalidRegionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a region code has 2, 4, 6, 9 or 12 digits")
    }
}

impl std::error::Error for InvalidRegionCode {}

impl RegionCode {
    pub fn parse(s: &str) -> Result<RegionCode, InvalidRegionCode> {
        let s = s.trim();
        let digits = s.bytes().all(|b| b.is_ascii_digit());
        match RegionLevel::from_code_len(s.len()) {
            Some(_) if digits => Ok(RegionCode(s.to_owned())),
            _ => Err(InvalidRegionCode),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        // Construction guarantees a valid length.
        RegionLevel::from_code_len(self.0.len()).unwrap_or(RegionLevel::Village)
    }

    /// The region directly above, or `None` for a province.
    pub fn parent(&self) -> Option<RegionCode> {
        let parent_len = RegionLevel::ALL
            .into_iter()
            .map(RegionLevel::code_len)
            .filter(|len| *len < self.0.len())
            .max()?;
        Some(RegionCode(self.0[..parent_len].to_owned()))
    }

    /// This region and every region above it, province first.
    pub fn lineage(&self) -> Vec<RegionCode> {
        RegionLevel::ALL
            .into_iter()
            .map(RegionLevel::code_len)
            .filter(|len| *len <= self.0.len())
            .map(|len| RegionCode(self.0[..len].to_owned()))
            .collect()
    }

    /// True when `self` is `other` or lies inside it.
    pub fn is_within(&self, other: &RegionCode) -> bool {
        self.0.starts_with(&other.0)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = InvalidRegionCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        RegionCode::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(code: RegionCode) -> String {
        code.0
    }
}

impl std::fmt::Display for RegionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The part of the country a user oversees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole country: administrators and national coordinators.
    National,
    /// One region and everything inside it.
    Region(RegionCode),
}

impl Scope {
    /// True when `region` is this scope's region or lies inside it.
    pub fn covers(&self, region: &RegionCode) -> bool {
        match self {
            Scope::National => true,
            Scope::Region(own) => region.is_within(own),
        }
    }

    /// True when this scope contains the whole of `other`.
    pub fn contains(&self, other: &Scope) -> bool {
        match other {
            Scope::National => *self == Scope::National,
            Scope::Region(code) => self.covers(code),
        }
    }

    /// The managed region, `None` for the whole country.
    pub fn region(&self) -> Option<&RegionCode> {
        match self {
            Scope::National => None,
            Scope::Region(code) => Some(code),
        }
    }

    /// The scope named by an optional region code (`None` is the country).
    pub fn of(region: Option<RegionCode>) -> Scope {
        region.map_or(Scope::National, Scope::Region)
    }
}

/// A class serving `class_region` takes trainees whose home region is that
/// region or lies inside it; so a trainee sees and may apply to classes of
/// their own region and every region above it.
pub fn class_serves(class_region: &RegionCode, home: &RegionCode) -> bool {
    home.is_within(class_region)
}

/// The regions whose classes serve someone living in `home`: `home` and
/// every region above it (the same rule as [`class_serves`]).
pub fn regions_serving(home: &RegionCode) -> Vec<RegionCode> {
    home.lineage()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap_or_else(|_| panic!("{s} should parse"))
    }

    #[test]
    fn accepts_only_digit_strings_of_a_level_length() {
        for ok in ["51", "5101", "510104", "510104001", "510104001001"] {
            assert!(RegionCode::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "5", "510", "51010a", "5101040010011", "ab"] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nests_by_prefix() {
        let village = code("510104001001");
        assert_eq!(village.level(), RegionLevel::Village);
        assert_eq!(village.parent(), Some(code("510104001")));
        assert_eq!(code("51").parent(), None);
        assert_eq!(
            village.lineage(),
            vec![
                code("51"),
                code("5101"),
                code("510104"),
                code("510104001"),
                village.clone()
            ]
        );
        assert!(village.is_within(&code("5101")));
        assert!(!village.is_within(&code("5102")));
    }

    #[test]
    fn rejects_bad_codes_when_deserialising() {
        assert!(serde_json::from_str::<RegionCode>("\"51x\"").is_err());
        assert_eq!(
            serde_json::from_str::<RegionCode>("\"51\"").ok(),
            Some(code("51"))
        );
    }
}

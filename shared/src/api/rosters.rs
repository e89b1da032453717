//! Roster import from a spreadsheet (CSV or XLSX): the columns it reads, the
//! problems it reports for each row, and the background job that imports a
//! valid file, with its one-time password sheet.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::{Mobile, PersonName, parse_region_code};
use crate::{ClassId, ErrorCode, RegionCode, RosterImportId, ValidationError};

/// More rows than this in one file are refused; split the file.
pub const MAX_ROSTER_ROWS: u32 = 20_000;

crate::status::wire_enum!(
    /// Which of the two groups a trainee belongs to (DOMAIN.md).
    TraineeCategory {
        VillageGovernance => "village_governance",
        AgriBusiness => "agri_business",
    }
);

impl TraineeCategory {
    /// Accepts the stable name or the Chinese term a spreadsheet would hold.
    pub fn from_cell(cell: &str) -> Option<TraineeCategory> {
        match cell.trim() {
            "乡村治理骨干" => Some(TraineeCategory::VillageGovernance),
            "新型农业经营主体带头人" => Some(TraineeCategory::AgriBusiness),
            other => TraineeCategory::parse(&other.to_ascii_lowercase()),
        }
    }
}

crate::status::wire_enum!(
    /// A column of the roster file; `file` for problems with the whole file.
    RosterColumn {
        File => "file",
        Name => "name",
        Mobile => "mobile",
        RegionCode => "region_code",
        Category => "category",
    }
);

impl RosterColumn {
    /// The column a header cell names, in English or Chinese.
    pub fn from_header(cell: &str) -> Option<RosterColumn> {
        match cell
            .trim()
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase()
            .as_str()
        {
            "name" | "姓名" => Some(RosterColumn::Name),
            "mobile" | "手机" | "手机号" | "手机号码" => Some(RosterColumn::Mobile),
            "region_code" | "region" | "行政区划代码" | "区划代码" => {
                Some(RosterColumn::RegionCode)
            }
            "category" | "trainee_category" | "学员类别" | "类别" => {
                Some(RosterColumn::Category)
            }
            _ => None,
        }
    }

    pub const REQUIRED: [RosterColumn; 3] = [
        RosterColumn::Name,
        RosterColumn::Mobile,
        RosterColumn::RegionCode,
    ];
}

crate::status::wire_enum!(
    /// Why a cell (or the file) was refused; the UI words it.
    RosterProblemCode {
        Unreadable => "unreadable",
        NoRows => "no_rows",
        TooManyRows => "too_many_rows",
        TooManyColumns => "too_many_columns",
        TooLarge => "too_large",
        MissingColumn => "missing_column",
        Required => "required",
        TooLong => "too_long",
        InvalidCharacters => "invalid_characters",
        InvalidMobile => "invalid_mobile",
        InvalidRegionCode => "invalid_region_code",
        UnknownRegion => "unknown_region",
        UnknownCategory => "unknown_category",
        DuplicateMobile => "duplicate_mobile",
        // The checks below need the class and the accounts already registered.
        // The row's region is not one the class serves.
        OutsideClassRegion => "outside_class_region",
        // The mobile number belongs to an account whose home region the
        // class does not serve.
        AccountOutsideClassRegion => "account_outside_class_region",
        // The mobile number belongs to an account with another name; an
        // import never renames anyone (nor reveals the name it holds).
        AccountNameDiffers => "account_name_differs",
        // The mobile number belongs to an account of another category; an
        // import never changes it.
        AccountCategoryDiffers => "account_category_differs",
        // The person does not meet the entry rule of the class's stage (has
        // not completed the previous stage, or is not selected).
        StageGateNotMet => "stage_gate_not_met",
        // Creating accounts (no class): the mobile number is registered
        // already.
        MobileRegistered => "mobile_registered",
    }
);

impl From<ValidationError> for RosterProblemCode {
    fn from(error: ValidationError) -> Self {
        match error {
            ValidationError::Required => RosterProblemCode::Required,
            ValidationError::TooLong { .. } => RosterProblemCode::TooLong,
            ValidationError::InvalidMobile => RosterProblemCode::InvalidMobile,
            ValidationError::InvalidRegionCode => RosterProblemCode::InvalidRegionCode,
            _ => RosterProblemCode::InvalidCharacters,
        }
    }
}

/// One problem: where (row as numbered in the spreadsheet, header = 1; 0 for
/// the whole file), which column, why, and the value found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterProblem {
    pub row: u32,
    pub column: RosterColumn,
    pub code: RosterProblemCode,
    pub value: String,
}

/// The body of a refused import (status 422): the API's error shape
/// (`code` is `roster_invalid`) plus every problem found. Nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterRejection {
    pub code: ErrorCode,
    pub message: String,
    /// Data rows read (the header not counted).
    pub rows: u32,
    pub problems: Vec<RosterProblem>,
}

/// The cells of one data row as read from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRosterRow {
    /// Row number as the spreadsheet shows it (header = 1).
    pub row: u32,
    pub name: String,
    pub mobile: String,
    pub region_code: String,
    pub category: String,
}

/// A data row that passed every check that needs no database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub row: u32,
    pub name: PersonName,
    pub mobile: Mobile,
    pub region: RegionCode,
    pub category: Option<TraineeCategory>,
}

impl RosterRow {
    /// The row as cells again, in the stable names: checking them gives this
    /// row back (a queued import keeps its rows so).
    pub fn to_raw(&self) -> RawRosterRow {
        RawRosterRow {
            row: self.row,
            name: self.name.as_str().to_owned(),
            mobile: self.mobile.as_str().to_owned(),
            region_code: self.region.as_str().to_owned(),
            category: self
                .category
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
        }
    }
}

impl RawRosterRow {
    /// Every problem of this row at once.
    pub fn check(&self) -> Result<RosterRow, Vec<RosterProblem>> {
        let mut problems = Vec::new();
        let mut problem = |column, code: RosterProblemCode, value: &str| {
            problems.push(RosterProblem {
                row: self.row,
                column,
                code,
                value: value.to_owned(),
            });
        };
        let name = PersonName::parse(&self.name)
            .map_err(|e| problem(RosterColumn::Name, e.into(), &self.name))
            .ok();
        let mobile = Mobile::parse(&self.mobile)
            .map_err(|e| problem(RosterColumn::Mobile, e.into(), &self.mobile))
            .ok();
        let region = parse_region_code(&self.region_code)
            .map_err(|e| problem(RosterColumn::RegionCode, e.into(), &self.region_code))
            .ok();
        let category = if self.category.trim().is_empty() {
            Some(None)
        } else {
            match TraineeCategory::from_cell(&self.category) {
                Some(c) => Some(Some(c)),
                None => {
                    problem(
                        RosterColumn::Category,
                        RosterProblemCode::UnknownCategory,
                        &self.category,
                    );
                    None
                }
            }
        };
        match (name, mobile, region, category) {
            (Some(name), Some(mobile), Some(region), Some(category)) => Ok(RosterRow {
                row: self.row,
                name,
                mobile,
                region,
                category,
            }),
            _ => Err(problems),
        }
    }
}

crate::status::wire_enum!(
    RosterImportState { Running => "running", Succeeded => "succeeded", Failed => "failed" }
);

/// A roster import running (or done) in the background; polled by the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterImportJob {
    pub id: RosterImportId,
    pub class_id: ClassId,
    pub state: RosterImportState,
    pub total_rows: u32,
    /// Rows prepared so far (new accounts' passwords hashed, existing matched).
    pub processed_rows: u32,
    pub created_accounts: u32,
    pub matched_accounts: u32,
    pub enrolled: u32,
    pub waitlisted: u32,
    /// Already waitlisted, enrolled or completed in this class: left as they
    /// were. Also counts rows whose mobile number was registered while the
    /// import ran by someone the file's checks would have refused (another
    /// name, region or category, or not admitted to the class's stage):
    /// they are left out of the class.
    pub unchanged: u32,
    /// The one-time password sheet is waiting to be downloaded (only once).
    pub password_sheet_ready: bool,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(name: &str, mobile: &str, region: &str, category: &str) -> RawRosterRow {
        RawRosterRow {
            row: 7,
            name: name.into(),
            mobile: mobile.into(),
            region_code: region.into(),
            category: category.into(),
        }
    }

    #[test]
    fn a_checked_row_checks_again_from_its_cells() {
        for category in ["", "乡村治理骨干", "agri_business"] {
            let checked = raw(" 张秀英 ", "138-0000-0010", "510121", category)
                .check()
                .unwrap_or_else(|p| panic!("{p:?}"));
            let again = checked.to_raw().check().unwrap_or_else(|p| panic!("{p:?}"));
            assert_eq!(again, checked);
        }
    }

    #[test]
    fn a_good_row_passes_with_its_category_in_either_language() {
        let row = raw("张秀英", "138 0000 0010", "510121100201", "乡村治理骨干").check();
        assert_eq!(
            row.map(|r| (r.mobile.into_inner(), r.category)),
            Ok((
                "13800000010".to_owned(),
                Some(TraineeCategory::VillageGovernance)
            ))
        );
        let row = raw("张秀英", "13800000010", "51", "agri_business").check();
        assert!(row.is_ok_and(|r| r.category == Some(TraineeCategory::AgriBusiness)));
    }

    #[test]
    fn every_problem_of_a_row_is_reported_with_its_column_and_code() {
        let problems = raw("", "12345", "5101x", "farmer")
            .check()
            .err()
            .unwrap_or_default();
        let found: Vec<(u32, RosterColumn, RosterProblemCode)> =
            problems.iter().map(|p| (p.row, p.column, p.code)).collect();
        assert_eq!(
            found,
            [
                (7, RosterColumn::Name, RosterProblemCode::Required),
                (7, RosterColumn::Mobile, RosterProblemCode::InvalidMobile),
                (
                    7,
                    RosterColumn::RegionCode,
                    RosterProblemCode::InvalidRegionCode
                ),
                (
                    7,
                    RosterColumn::Category,
                    RosterProblemCode::UnknownCategory
                ),
            ]
        );
    }

    #[test]
    fn headers_are_recognised_in_english_and_chinese() {
        assert_eq!(
            RosterColumn::from_header("\u{feff}姓名"),
            Some(RosterColumn::Name)
        );
        assert_eq!(
            RosterColumn::from_header(" Mobile "),
            Some(RosterColumn::Mobile)
        );
        assert_eq!(
            RosterColumn::from_header("行政区划代码"),
            Some(RosterColumn::RegionCode)
        );
        assert_eq!(RosterColumn::from_header("备注"), None);
    }
}

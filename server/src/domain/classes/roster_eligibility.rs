//! Whom a roster may put in a class. A roster is typed by an instructor, so
//! it is held to the same rules as a trainee applying, and more:
//!
//! - a row's region must be one the class serves (a new account is created
//!   there);
//! - a mobile number that already has an account must belong to someone
//!   whose home region the class serves: an import is not a way to enrol
//!   anyone in the country;
//! - it must name that account's holder as the account does, and not give
//!   them another category: an import never changes an existing account,
//!   and by refusing rather than "matching", it never shows whose number it
//!   was either (the roster would have shown the account's real name);
//! - everyone must meet the entry rule of the class's stage (`pathway`).
//!
//! Each refused row is reported with its own code; the file imports nothing
//! until it is fixed, as with every other row problem.

use std::collections::HashMap;

use cultivator_shared::api::rosters::{RosterColumn, RosterProblem, RosterProblemCode, RosterRow};
use cultivator_shared::region::class_serves;
use cultivator_shared::{RegionCode, StageId, UserId};
use sea_orm::ConnectionTrait;

use super::pathway::{self, PathwayError};
use crate::db::{classes, roster_accounts, users};

/// The class an import fills: the region it serves and its stage.
#[derive(Debug, Clone)]
pub struct Target {
    pub serves: RegionCode,
    pub stage: Option<StageId>,
}

impl Target {
    pub fn of(class: &classes::Model) -> Result<Target, sea_orm::DbErr> {
        Ok(Target {
            serves: RegionCode::parse(&class.region_code)
                .map_err(|_| crate::db::corrupt("classes", "region_code", &class.region_code))?,
            stage: class.stage_id.map(StageId),
        })
    }
}

fn problem(row: &RosterRow, column: RosterColumn, code: RosterProblemCode) -> RosterProblem {
    let value = match column {
        RosterColumn::Name => row.name.as_str().to_owned(),
        RosterColumn::Mobile => row.mobile.as_str().to_owned(),
        RosterColumn::RegionCode => row.region.to_string(),
        RosterColumn::Category => row
            .category
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        RosterColumn::File => String::new(),
    };
    RosterProblem {
        row: row.row,
        column,
        code,
        value,
    }
}

/// The problems of a row whose mobile number has an account already (home
/// region, name, category); `category` is the one the account holds.
pub fn account_problems(
    row: &RosterRow,
    account: &users::Model,
    category: Option<&str>,
    serves: &RegionCode,
) -> Vec<RosterProblem> {
    let mut found = Vec::new();
    let home_served = account
        .region()
        .is_ok_and(|home| class_serves(serves, &home));
    if !home_served {
        // Nothing more is said about an account the class does not serve.
        found.push(problem(
            row,
            RosterColumn::Mobile,
            RosterProblemCode::AccountOutsideClassRegion,
        ));
        return found;
    }
    if account.name != row.name.as_str() {
        found.push(problem(
            row,
            RosterColumn::Name,
            RosterProblemCode::AccountNameDiffers,
        ));
    }
    if let (Some(held), Some(given)) = (category, row.category)
        && held != given.as_str()
    {
        found.push(problem(
            row,
            RosterColumn::Category,
            RosterProblemCode::AccountCategoryDiffers,
        ));
    }
    found
}

/// Every problem of `rows` against the class and the accounts that exist.
pub async fn check(
    db: &impl ConnectionTrait,
    target: &Target,
    rows: &[RosterRow],
) -> Result<Vec<RosterProblem>, PathwayError> {
    let mobiles: Vec<String> = rows.iter().map(|r| r.mobile.as_str().to_owned()).collect();
    let accounts = roster_accounts::by_mobile(db, &mobiles).await?;
    let ids: Vec<UserId> = accounts.values().map(users::Model::user_id).collect();
    let categories = roster_accounts::categories_of(db, &ids).await?;
    let may_enter = match target.stage {
        Some(stage) => Some(Entry {
            open: pathway::gate_is_open(db, stage).await?,
            allowed: pathway::who_may_enter(db, stage, &ids).await?,
        }),
        None => None,
    };
    let mut problems = Vec::new();
    for row in rows {
        if !class_serves(&target.serves, &row.region) {
            problems.push(problem(
                row,
                RosterColumn::RegionCode,
                RosterProblemCode::OutsideClassRegion,
            ));
        }
        let account = accounts.get(row.mobile.as_str());
        if let Some(account) = account {
            let held = categories.get(&account.user_id()).map(String::as_str);
            let found = account_problems(row, account, held, &target.serves);
            let outside = !found.is_empty()
                && found
                    .iter()
                    .all(|p| p.code == RosterProblemCode::AccountOutsideClassRegion);
            problems.extend(found);
            if outside {
                continue;
            }
        }
        if let Some(entry) = &may_enter
            && !entry.admits(account.map(users::Model::user_id))
        {
            problems.push(problem(
                row,
                RosterColumn::Mobile,
                RosterProblemCode::StageGateNotMet,
            ));
        }
    }
    Ok(problems)
}

/// Who may enter the class's stage: everyone if it is open, else the
/// accounts found to meet its gate (a new account never does).
struct Entry {
    open: bool,
    allowed: std::collections::HashSet<UserId>,
}

impl Entry {
    fn admits(&self, account: Option<UserId>) -> bool {
        self.open || account.is_some_and(|id| self.allowed.contains(&id))
    }
}

/// Of the rows matched to accounts only while the import ran (registered
/// after the file was checked), the accounts that may still be placed; the
/// rest are left out of the class. `late` maps each such row to its account.
pub async fn admissible_late_matches(
    db: &impl ConnectionTrait,
    target: &Target,
    late: &HashMap<usize, (RosterRow, users::Model)>,
) -> Result<std::collections::HashSet<usize>, PathwayError> {
    let ids: Vec<UserId> = late.values().map(|(_, a)| a.user_id()).collect();
    let categories = roster_accounts::categories_of(db, &ids).await?;
    let entry = match target.stage {
        Some(stage) => Some(Entry {
            open: pathway::gate_is_open(db, stage).await?,
            allowed: pathway::who_may_enter(db, stage, &ids).await?,
        }),
        None => None,
    };
    Ok(late
        .iter()
        .filter(|(_, (row, account))| {
            let held = categories.get(&account.user_id()).map(String::as_str);
            account_problems(row, account, held, &target.serves).is_empty()
                && entry
                    .as_ref()
                    .is_none_or(|e| e.admits(Some(account.user_id())))
        })
        .map(|(index, _)| *index)
        .collect())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use cultivator_shared::api::rosters::TraineeCategory;
    use cultivator_shared::validation::{Mobile, PersonName};

    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap_or_else(|_| panic!("{s}"))
    }

    fn row(name: &str, category: Option<TraineeCategory>) -> RosterRow {
        RosterRow {
            row: 2,
            name: PersonName::parse(name).unwrap_or_else(|_| panic!("{name}")),
            mobile: Mobile::parse("13800000010").unwrap_or_else(|_| panic!("mobile")),
            region: code("510121100201"),
            category,
        }
    }

    fn account(name: &str, home: &str) -> users::Model {
        users::Model {
            id: 7,
            name: name.into(),
            mobile: "13800000010".into(),
            password_hash: String::new(),
            region_code: home.into(),
            created_at: Utc::now(),
            must_change_password: false,
            deleted_at: None,
            platform_id: None,
        }
    }

    fn codes(found: &[RosterProblem]) -> Vec<RosterProblemCode> {
        found.iter().map(|p| p.code).collect()
    }

    #[test]
    fn an_account_the_class_does_not_serve_is_refused_and_nothing_more_is_said() {
        let found = account_problems(
            &row("别人", None),
            &account("吴金花", "522601100201"),
            None,
            &code("51"),
        );
        assert_eq!(
            codes(&found),
            [RosterProblemCode::AccountOutsideClassRegion]
        );
    }

    #[test]
    fn an_import_never_renames_nor_recategorises_an_account() {
        let serves = code("510121");
        let held = Some("agri_business");
        let found = account_problems(
            &row("张三", Some(TraineeCategory::VillageGovernance)),
            &account("张秀英", "510121100201"),
            held,
            &serves,
        );
        assert_eq!(
            codes(&found),
            [
                RosterProblemCode::AccountNameDiffers,
                RosterProblemCode::AccountCategoryDiffers
            ]
        );
        assert!(found.iter().all(|p| !p.value.contains("张秀英")));
        let same = account_problems(
            &row("张秀英", Some(TraineeCategory::AgriBusiness)),
            &account("张秀英", "510121100201"),
            held,
            &serves,
        );
        assert!(same.is_empty());
    }
}

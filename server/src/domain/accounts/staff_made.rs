//! Accounts made by staff rather than their owners: an administrator
//! creates one, or many from a spreadsheet (the roster import's file and
//! account path, without a class); and staff move a person to another home
//! region. A made account has a one-time password, shown once to the
//! administrator to hand over, and must set a password of its own at first
//! sign-in.

use std::collections::HashSet;

use chrono::Utc;
use cultivator_shared::api::admin::{CreatedAccount, StaffMadeAccount};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::rosters::{
    RosterColumn, RosterProblem, RosterProblemCode, TraineeCategory,
};
use cultivator_shared::{RegionCode, UserId};
use sea_orm::{DatabaseConnection, DbErr, SqlErr};

use super::{AccountError, live_user, password, profile};
use crate::db::{self, regions, roster_accounts, users};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::classes::{roster_file, roster_import};
use crate::domain::completion::trained_people;

/// At most this many accounts per file: each needs a password hashed while
/// the administrator waits (a class roster, imported in the background,
/// may be larger).
pub const MAX_BULK_ACCOUNTS: usize = 2_000;

/// A one-time password that passes the password rules (the roster
/// import's generator).
pub fn one_time_password() -> String {
    roster_import::one_time_password()
}

/// Creates one account with the trainee role and a one-time password.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    account: StaffMadeAccount,
) -> Result<CreatedAccount, AccountError> {
    if !regions::exists(db, &account.region).await? {
        return Err(AccountError::UnknownRegion(account.region));
    }
    if users::find_by_mobile(db, account.mobile.as_str())
        .await?
        .is_some()
    {
        return Err(AccountError::MobileTaken);
    }
    let plain = one_time_password();
    let hash = password::hash_generated(plain.clone()).await?;
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let created = roster_accounts::create(
        &txn,
        vec![roster_accounts::NewAccount {
            name: account.name.into_inner(),
            mobile: account.mobile.as_str().to_owned(),
            password_hash: hash,
            region: account.region.clone(),
        }],
        now,
    )
    .await
    .map_err(|err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AccountError::MobileTaken,
        _ => AccountError::Db(err),
    })?;
    let id = *created
        .get(account.mobile.as_str())
        .ok_or_else(|| DbErr::RecordNotInserted)?;
    audit_creation(&txn, actor, id, &account.region, now).await?;
    txn.commit().await?;
    Ok(CreatedAccount {
        user: profile(db, id).await?,
        one_time_password: plain,
    })
}

async fn audit_creation(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    id: UserId,
    region: &RegionCode,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    let entry =
        Entry::new(AuditAction::AccountCreated, AuditObject::User, id.0).in_region(Some(region));
    audit::record(txn, actor, entry, now).await
}

/// Creates an account for every row of a roster file (name, mobile, region
/// code, optional category). Every row is checked first; a file with any
/// problem, a mobile number already registered among them, creates
/// nothing. Returns the one-time password sheet (CSV) and how many.
pub async fn create_from_file(
    db: &DatabaseConnection,
    actor: &Actor,
    bytes: &[u8],
) -> Result<(u32, String), AccountError> {
    let rejected = |rows: usize, problems| AccountError::FileRejected {
        rows: u32::try_from(rows).unwrap_or(u32::MAX),
        problems,
    };
    let raw = roster_file::read_apart(bytes.to_vec())
        .await
        .map_err(|problems| rejected(0, problems))?;
    if raw.len() > MAX_BULK_ACCOUNTS {
        let problem = RosterProblem {
            row: 0,
            column: RosterColumn::File,
            code: RosterProblemCode::TooManyRows,
            value: raw.len().to_string(),
        };
        return Err(rejected(raw.len(), vec![problem]));
    }
    let codes: Vec<String> = raw
        .iter()
        .map(|r| r.region_code.trim().to_owned())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let known: HashSet<String> = regions::many(db, codes)
        .await?
        .into_iter()
        .map(|r| r.code.to_string())
        .collect();
    let (rows, mut problems) = roster_import::check_rows(&raw, &known);
    let mobiles: Vec<String> = rows.iter().map(|r| r.mobile.as_str().to_owned()).collect();
    let registered = roster_accounts::by_mobile(db, &mobiles).await?;
    for row in &rows {
        if registered.contains_key(row.mobile.as_str()) {
            problems.push(RosterProblem {
                row: row.row,
                column: RosterColumn::Mobile,
                code: RosterProblemCode::MobileRegistered,
                value: row.mobile.as_str().to_owned(),
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Err(rejected(raw.len(), problems));
    }

    let mut sheet = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let csv_err = |e: csv::Error| DbErr::Custom(e.to_string());
    sheet
        .write_record(["name", "mobile", "one_time_password"])
        .map_err(csv_err)?;
    let mut creating = Vec::with_capacity(rows.len());
    for row in &rows {
        let plain = one_time_password();
        let hash = password::hash_generated(plain.clone()).await?;
        sheet
            .write_record([row.name.as_str(), row.mobile.as_str(), plain.as_str()])
            .map_err(csv_err)?;
        creating.push(roster_accounts::NewAccount {
            name: row.name.as_str().to_owned(),
            mobile: row.mobile.as_str().to_owned(),
            password_hash: hash,
            region: row.region.clone(),
        });
    }
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let ids = roster_accounts::create(&txn, creating, now)
        .await
        .map_err(|err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => AccountError::MobileTaken,
            _ => AccountError::Db(err),
        })?;
    let mut categories: Vec<(UserId, TraineeCategory)> = Vec::new();
    for row in &rows {
        let id = *ids
            .get(row.mobile.as_str())
            .ok_or_else(|| DbErr::RecordNotInserted)?;
        if let Some(category) = row.category {
            categories.push((id, category));
        }
        audit_creation(&txn, actor, id, &row.region, now).await?;
    }
    roster_accounts::add_missing_categories(&txn, &categories).await?;
    txn.commit().await?;
    let sheet = sheet
        .into_inner()
        .map_err(|e| DbErr::Custom(e.to_string()))
        .and_then(|bytes| String::from_utf8(bytes).map_err(|e| DbErr::Custom(e.to_string())))?;
    Ok((u32::try_from(rows.len()).unwrap_or(u32::MAX), sheet))
}

/// Where `id` lives and which roles they hold, for the caller's permission
/// check before acting on the account.
pub async fn home_and_roles(
    db: &DatabaseConnection,
    id: UserId,
) -> Result<(RegionCode, Vec<cultivator_shared::RoleGrant>), AccountError> {
    let user = live_user(db, id).await?;
    Ok((user.region()?, users::roles_of(db, id).await?))
}

/// Moves a person to another home region (the caller checked that the
/// actor oversees both); the move is audited with both regions.
pub async fn move_home(
    db: &DatabaseConnection,
    actor: &Actor,
    id: UserId,
    to: RegionCode,
) -> Result<UserView, AccountError> {
    if !regions::exists(db, &to).await? {
        return Err(AccountError::UnknownRegion(to));
    }
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let user = live_user(&txn, id).await?;
    let from = user.region()?;
    users::move_home(&txn, id, &to).await?;
    trained_people::move_home(&txn, id.0, &to.to_string()).await?;
    let entry = Entry::new(AuditAction::RegionChanged, AuditObject::User, id.0)
        .in_region(Some(&to))
        .before(&serde_json::json!({ "region_code": from.to_string() }))
        .after(&serde_json::json!({ "region_code": to.to_string() }));
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    profile(db, id).await
}

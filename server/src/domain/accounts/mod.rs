//! Accounts: registration, sign-in, profiles and role assignment; password
//! hashing, sign-in and its throttling, the owner's own changes
//! (`self_service`, `personal_data`), reset codes (`reset`) and accounts
//! made by staff (`staff_made`) in the submodules.

pub mod delay;
pub mod lookup;
pub mod password;
pub mod personal_data;
pub mod reset;
pub mod self_service;
pub mod sign_in;
pub mod staff_made;
pub mod throttle;

pub use sign_in::{KnownDevice, LoginPolicy, login};

use std::net::IpAddr;

use chrono::Utc;
use cultivator_shared::api::Page;
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::auth::{NewAccount, UserView};
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{RegionCode, Role, RoleGrant, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, SqlErr};

use crate::db::{self, auth_sessions, login_throttle, regions, users};
use crate::domain::audit::{self, Actor, Entry};
use password::PasswordError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("mobile number already registered")]
    MobileTaken,
    #[error("unknown region {0}")]
    UnknownRegion(RegionCode),
    #[error("wrong mobile number or password")]
    InvalidCredentials,
    #[error("locked for {0} s after repeated failures")]
    Locked(u64),
    #[error("no such user")]
    UserNotFound,
    #[error("wrong, used or expired reset code")]
    InvalidResetCode,
    #[error("the file has {} problems", .problems.len())]
    FileRejected {
        rows: u32,
        problems: Vec<cultivator_shared::api::rosters::RosterProblem>,
    },
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Password(#[from] PasswordError),
}

/// Creates a trainee account. Registration does not sign the person in.
pub async fn register(
    db: &DatabaseConnection,
    account: NewAccount,
) -> Result<UserView, AccountError> {
    let id = create_user(db, &account, &[RoleGrant::global(Role::Trainee)], None).await?;
    profile(db, id).await
}

/// [`register`] for someone at `client` on `platform` (the account is
/// counted as registered through it): attempts are counted per address
/// first, before anything else, so that a burst from one address can neither
/// hash passwords without limit nor find out which mobile numbers are
/// registered.
pub async fn register_from(
    db: &DatabaseConnection,
    account: NewAccount,
    client: Option<IpAddr>,
    per_address: throttle::Policy,
    platform: i64,
) -> Result<UserView, AccountError> {
    if let Some(ip) = client {
        count_registration(db, ip, per_address).await?;
    }
    let grants = [RoleGrant::global(Role::Trainee)];
    let id = create_user(db, &account, &grants, Some(platform)).await?;
    profile(db, id).await
}

async fn count_registration(
    db: &DatabaseConnection,
    ip: IpAddr,
    policy: throttle::Policy,
) -> Result<(), AccountError> {
    let now = Utc::now().timestamp();
    let key = format!("register:{ip}");
    let txn = db::begin_write(db).await?;
    let counter = login_throttle::lock(&txn, &key, now).await?;
    if let Some(secs) = throttle::locked_for(counter.as_ref(), now) {
        return Err(AccountError::Locked(secs));
    }
    let counted = throttle::record_failure(counter, policy, now);
    login_throttle::store(&txn, &key, &counted).await?;
    txn.commit().await?;
    Ok(())
}

async fn create_user(
    db: &DatabaseConnection,
    account: &NewAccount,
    grants: &[RoleGrant],
    platform: Option<i64>,
) -> Result<UserId, AccountError> {
    if !regions::exists(db, &account.region).await? {
        return Err(AccountError::UnknownRegion(account.region.clone()));
    }
    // Checked before hashing too, so that a taken number costs one lookup
    // rather than a 19 MiB hash; the check in the transaction below and the
    // unique index still decide races.
    if users::find_by_mobile(db, account.mobile.as_str())
        .await?
        .is_some()
    {
        return Err(AccountError::MobileTaken);
    }
    let password_hash = password::hash(account.password.expose().to_owned()).await?;
    let txn = db::begin_write(db).await?;
    if users::find_by_mobile(&txn, account.mobile.as_str())
        .await?
        .is_some()
    {
        return Err(AccountError::MobileTaken);
    }
    let new_user = users::NewUser {
        name: account.name.as_str(),
        mobile: account.mobile.as_str(),
        password_hash: &password_hash,
        region: &account.region,
        platform,
    };
    // Two registrations racing past the check above meet the unique index.
    let user = users::insert(&txn, new_user)
        .await
        .map_err(|err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => AccountError::MobileTaken,
            _ => AccountError::Db(err),
        })?;
    users::add_roles(&txn, user.user_id(), grants).await?;
    txn.commit().await?;
    Ok(user.user_id())
}

/// The user as the pages show them: name, roles and home region path.
pub async fn profile(db: &impl ConnectionTrait, id: UserId) -> Result<UserView, AccountError> {
    let user = live_user(db, id).await?;
    let roles = users::roles_of(db, id).await?;
    let region_path = regions::lineage(db, &user.region()?).await?;
    Ok(profile_view(user, roles, region_path))
}

/// The account as its owner sees it, from its row, its roles and the
/// lineage of its home region.
pub fn profile_view(
    user: users::Model,
    roles: Vec<RoleGrant>,
    region_path: Vec<RegionView>,
) -> UserView {
    UserView {
        id: UserId(user.id),
        name: user.name,
        mobile: user.mobile,
        region_path,
        roles,
        must_change_password: user.must_change_password,
    }
}

/// The account, unless there is none or its owner deleted it.
pub async fn live_user(
    db: &impl ConnectionTrait,
    id: UserId,
) -> Result<users::Model, AccountError> {
    users::find(db, id)
        .await?
        .filter(|u| u.deleted_at.is_none())
        .ok_or(AccountError::UserNotFound)
}

/// Accounts whose name or mobile number contains `query`, newest first.
pub async fn search(
    db: &DatabaseConnection,
    query: &str,
    limit: u64,
    offset: u64,
) -> Result<Page<UserView>, AccountError> {
    let (found, total) = users::search(db, query, limit, offset).await?;
    let mut items = Vec::with_capacity(found.len());
    for user in found {
        items.push(profile(db, user.user_id()).await?);
    }
    Ok(Page { items, total })
}

/// Replaces the roles a user holds (the request was validated by the
/// caller), with an audit record of the grants before and after.
pub async fn set_roles(
    db: &DatabaseConnection,
    actor: &Actor,
    id: UserId,
    grants: Vec<RoleGrant>,
) -> Result<UserView, AccountError> {
    let mut unique: Vec<RoleGrant> = Vec::with_capacity(grants.len());
    for grant in grants {
        if let Some(scope) = &grant.scope
            && !regions::exists(db, scope).await?
        {
            return Err(AccountError::UnknownRegion(scope.clone()));
        }
        if !unique.contains(&grant) {
            unique.push(grant);
        }
    }
    let txn = db::begin_write(db).await?;
    let Some(person) = users::find(&txn, id).await? else {
        return Err(AccountError::UserNotFound);
    };
    let before = users::roles_of(&txn, id).await?;
    users::replace_roles(&txn, id, &unique).await?;
    let entry = Entry::new(AuditAction::RolesChanged, AuditObject::User, id.0)
        .in_region(person.region().ok().as_ref())
        .before(&before)
        .after(&unique);
    audit::record(&txn, actor, entry, Utc::now()).await?;
    txn.commit().await?;
    profile(db, id).await
}

/// An admin ends every session of someone else's account (a lost phone,
/// staff whose roles were taken away), audited.
pub async fn sign_out_user(
    db: &DatabaseConnection,
    actor: &Actor,
    id: UserId,
) -> Result<u64, AccountError> {
    let txn = db::begin_write(db).await?;
    let Some(person) = users::find(&txn, id).await? else {
        return Err(AccountError::UserNotFound);
    };
    let ended = auth_sessions::end_all_of(&txn, id.0).await?;
    let entry = Entry::new(AuditAction::UserSignedOut, AuditObject::User, id.0)
        .in_region(person.region().ok().as_ref())
        .after(&serde_json::json!({ "sessions_ended": ended }));
    audit::record(&txn, actor, entry, Utc::now()).await?;
    txn.commit().await?;
    Ok(ended)
}

/// Signs the user out on every device: every session of theirs ends, and
/// the next request from any of them is anonymous.
pub async fn sign_out_everywhere(
    db: &impl ConnectionTrait,
    id: UserId,
) -> Result<u64, AccountError> {
    if users::find(db, id).await?.is_none() {
        return Err(AccountError::UserNotFound);
    }
    Ok(auth_sessions::end_all_of(db, id.0).await?)
}

/// Makes sure an administrator with this mobile number exists: creates the
/// account, or grants the role to an existing one (and resets its password).
pub async fn ensure_admin(
    db: &DatabaseConnection,
    account: NewAccount,
) -> Result<UserView, AccountError> {
    let Some(existing) = users::find_by_mobile(db, account.mobile.as_str()).await? else {
        let grants = [
            RoleGrant::global(Role::Trainee),
            RoleGrant::global(Role::Admin),
        ];
        let id = create_user(db, &account, &grants, None).await?;
        return profile(db, id).await;
    };
    let id = existing.user_id();
    let password_hash = password::hash(account.password.expose().to_owned()).await?;
    let txn = db::begin_write(db).await?;
    users::update_password(&txn, id, &password_hash).await?;
    if !users::roles_of(&txn, id)
        .await?
        .iter()
        .any(|g| g.role == Role::Admin)
    {
        users::add_roles(&txn, id, &[RoleGrant::global(Role::Admin)]).await?;
    }
    txn.commit().await?;
    profile(db, id).await
}

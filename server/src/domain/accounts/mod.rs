//! Accounts: registration, sign-in, profiles and role assignment; password
//! hashing and sign-in throttling in the submodules.

pub mod password;
pub mod throttle;

use std::net::IpAddr;

use chrono::Utc;
use cultivator_shared::api::Page;
use cultivator_shared::api::auth::{NewAccount, UserView};
use cultivator_shared::{RegionCode, Role, RoleGrant, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, SqlErr};

use crate::db::{self, auth_sessions, login_throttle, regions, users};
use password::PasswordError;
use throttle::Policy;

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
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Password(#[from] PasswordError),
}

/// Limits on failed sign-ins, per account and per client address.
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    pub per_account: Policy,
    pub per_address: Policy,
}

/// Creates a trainee account. Registration does not sign the person in.
pub async fn register(
    db: &DatabaseConnection,
    account: NewAccount,
) -> Result<UserView, AccountError> {
    let id = create_user(db, &account, &[RoleGrant::global(Role::Trainee)]).await?;
    profile(db, id).await
}

async fn create_user(
    db: &DatabaseConnection,
    account: &NewAccount,
    grants: &[RoleGrant],
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

/// Checks a mobile number and password, counting failures against the
/// account and the client address and refusing while either is locked.
pub async fn login(
    db: &DatabaseConnection,
    policy: LoginPolicy,
    mobile: &str,
    password: &str,
    client: Option<IpAddr>,
) -> Result<UserView, AccountError> {
    let now = Utc::now().timestamp();
    let account_key = format!("account:{mobile}");
    let address_key = client.map(|ip| format!("address:{ip}"));

    let account_counter = login_throttle::load(db, &account_key).await?;
    let address_counter = match &address_key {
        Some(key) => login_throttle::load(db, key).await?,
        None => None,
    };
    let locked = [
        throttle::locked_for(account_counter.as_ref(), now),
        throttle::locked_for(address_counter.as_ref(), now),
    ];
    if let Some(secs) = locked.into_iter().flatten().max() {
        return Err(AccountError::Locked(secs));
    }

    let user = users::find_by_mobile(db, mobile).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    if let (true, Some(user)) = (password::verify(password.to_owned(), stored).await?, user) {
        if account_counter.is_some() {
            login_throttle::clear(db, &account_key).await?;
        }
        return profile(db, user.user_id()).await;
    }

    let txn = db::begin_write(db).await?;
    let mut keys = vec![(account_key, policy.per_account)];
    keys.extend(address_key.map(|key| (key, policy.per_address)));
    for (key, key_policy) in keys {
        // Re-read inside the write transaction so concurrent failures all count.
        let current = login_throttle::load(&txn, &key).await?;
        login_throttle::store(
            &txn,
            &key,
            &throttle::record_failure(current, key_policy, now),
        )
        .await?;
    }
    txn.commit().await?;
    Err(AccountError::InvalidCredentials)
}

/// The user as the pages show them: name, roles and home region path.
pub async fn profile(db: &impl ConnectionTrait, id: UserId) -> Result<UserView, AccountError> {
    let user = users::find(db, id)
        .await?
        .ok_or(AccountError::UserNotFound)?;
    let roles = users::roles_of(db, id).await?;
    let region_path = regions::lineage(db, &user.region()?).await?;
    Ok(UserView {
        id,
        name: user.name,
        mobile: user.mobile,
        region_path,
        roles,
    })
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

/// Replaces the roles a user holds (the request was validated by the caller).
pub async fn set_roles(
    db: &DatabaseConnection,
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
    if users::find(&txn, id).await?.is_none() {
        return Err(AccountError::UserNotFound);
    }
    users::replace_roles(&txn, id, &unique).await?;
    txn.commit().await?;
    profile(db, id).await
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
        let id = create_user(db, &account, &grants).await?;
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

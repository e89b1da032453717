//! What a person does to their own account: change the password (the
//! current one required; every other session ends), change the name (with
//! a reason, kept in the audit trail) and delete the account (the password
//! required; personal data erased, training kept as anonymous numbers).
//!
//! The current password is checked under the sign-in delay of the account,
//! so a stolen session cannot be used to guess it faster than signing in.

use std::net::IpAddr;

use chrono::Utc;
use cultivator_shared::UserId;
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::validation::{Password, PersonName};
use sea_orm::DatabaseConnection;

use super::delay::DelayPolicy;
use super::sign_in::{count_attempt, give_back};
use super::{AccountError, LoginPolicy, live_user, password, profile};
use crate::db::{self, auth_sessions, certificates, password_reset_codes, personal_data, users};
use crate::domain::audit::{self, Actor, Entry};

/// The name a deleted account shows wherever it is still listed.
pub const DELETED_NAME: &str = "已注销用户";

/// Checks `given` against the account's password, counted against the
/// account's sign-in delay (given back when right).
async fn confirm_password(
    db: &DatabaseConnection,
    policy: LoginPolicy,
    user: &users::Model,
    given: &str,
) -> Result<(), AccountError> {
    let buckets: Vec<(String, DelayPolicy)> =
        vec![(format!("account:{}", user.mobile), policy.per_account)];
    count_attempt(db, &buckets, Utc::now().timestamp()).await?;
    if !password::verify(given.to_owned(), Some(user.password_hash.clone())).await? {
        return Err(AccountError::InvalidCredentials);
    }
    give_back(db, &buckets).await
}

/// Changes the password of `actor`'s own account, ends every session of it
/// but `keep` (the one asking) and clears the must-set-a-password flag.
pub async fn change_password(
    db: &DatabaseConnection,
    policy: LoginPolicy,
    actor: &Actor,
    id: UserId,
    keep: &str,
    current: &str,
    new: Password,
) -> Result<UserView, AccountError> {
    let user = live_user(db, id).await?;
    confirm_password(db, policy, &user, current).await?;
    let hash = password::hash(new.expose().to_owned()).await?;
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    users::set_own_password(&txn, id, &hash).await?;
    password_reset_codes::withdraw_all(&txn, id).await?;
    let ended = auth_sessions::end_all_but(&txn, id.0, keep).await?;
    let entry = Entry::new(AuditAction::PasswordChanged, AuditObject::User, id.0)
        .in_region(Some(&user.region()?))
        .after(&serde_json::json!({ "other_sessions_ended": ended }));
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    profile(db, id).await
}

/// Changes the name of `actor`'s own account; the old and new names and
/// the reason go into the audit trail.
pub async fn rename(
    db: &DatabaseConnection,
    actor: &Actor,
    id: UserId,
    name: PersonName,
    reason: &str,
) -> Result<UserView, AccountError> {
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let user = live_user(&txn, id).await?;
    users::rename(&txn, id, name.as_str()).await?;
    let entry = Entry::new(AuditAction::ProfileChanged, AuditObject::User, id.0)
        .in_region(Some(&user.region()?))
        .before(&serde_json::json!({ "name": user.name }))
        .after(&serde_json::json!({ "name": name.as_str(), "reason": reason }));
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    profile(db, id).await
}

/// Deletes the account of the signed-in person, once their password is
/// confirmed: the name and mobile number are erased, the password replaced
/// by one nobody knows, every role grant, session and reset code removed.
/// Enrolments, attendance, progress and credit hours stay under the
/// anonymous id in the same home region, so every count stays as it was;
/// certificates lose the name and are revoked.
pub async fn delete_account(
    db: &DatabaseConnection,
    policy: LoginPolicy,
    id: UserId,
    given_password: &str,
    address: Option<IpAddr>,
) -> Result<(), AccountError> {
    let user = live_user(db, id).await?;
    confirm_password(db, policy, &user, given_password).await?;
    let unusable = password::hash_generated(super::staff_made::one_time_password()).await?;
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let roles = users::roles_of(&txn, id).await?;
    // The actor is recorded before the roles go; no name or number is kept.
    let actor = Actor::user(id, &roles, address);
    users::anonymise(&txn, id, DELETED_NAME, &unusable, now).await?;
    personal_data::erase_extras(&txn, id, &user.mobile).await?;
    certificates::erase_holder(&txn, id, "account deleted", now).await?;
    password_reset_codes::withdraw_all(&txn, id).await?;
    auth_sessions::end_all_of(&txn, id.0).await?;
    let entry = Entry::new(AuditAction::AccountDeleted, AuditObject::User, id.0)
        .in_region(Some(&user.region()?));
    audit::record(&txn, &actor, entry, now).await?;
    txn.commit().await?;
    Ok(())
}

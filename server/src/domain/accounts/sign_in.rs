//! Signing in with a mobile number and password, under progressive delay
//! per account and per client address (the rules are in [`super::delay`],
//! the policy in `docs/sign-in-throttling.md`).

use std::net::IpAddr;

use chrono::Utc;
use cultivator_shared::UserId;
use cultivator_shared::api::auth::UserView;
use sea_orm::DatabaseConnection;

use super::delay::{self, DelayPolicy};
use super::{AccountError, password, profile};
use crate::db::{self, login_throttle, users};

/// Limits on sign-in attempts, per account (or known device) and per
/// client address.
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    pub per_account: DelayPolicy,
    pub per_address: DelayPolicy,
}

/// A browser that signed in to `user` before (its cookie verified by the
/// caller); `id` tells that browser's allowance apart from others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDevice {
    pub user: UserId,
    pub id: String,
}

/// Checks a mobile number and password. The attempt is counted before the
/// password is checked, against the account and the client address (or,
/// from a device that signed in to this account before, against that device
/// alone), and refused while any of them must wait.
pub async fn login(
    db: &DatabaseConnection,
    policy: LoginPolicy,
    mobile: &str,
    password: &str,
    client: Option<IpAddr>,
    device: Option<&KnownDevice>,
) -> Result<UserView, AccountError> {
    let now = Utc::now().timestamp();
    let user = users::find_by_mobile(db, mobile).await?;
    let known = device.filter(|d| user.as_ref().is_some_and(|u| u.user_id() == d.user));
    // The account's and the address's counts are what an attacker elsewhere
    // can drive up, so the owner's own device is kept apart from both.
    let buckets: Vec<(String, DelayPolicy)> = match known {
        Some(device) => vec![(
            format!("device:{}:{}", device.user.0, device.id),
            policy.per_account,
        )],
        None => std::iter::once((format!("account:{mobile}"), policy.per_account))
            .chain(client.map(|ip| (format!("address:{ip}"), policy.per_address)))
            .collect(),
    };
    count_attempt(db, &buckets, now).await?;

    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = password::verify(password.to_owned(), stored).await?;
    let Some(user) = user.filter(|_| matches) else {
        return Err(AccountError::InvalidCredentials);
    };
    give_back(db, &buckets).await?;
    profile(db, user.user_id()).await
}

/// Counts one attempt in every bucket, or none when any of them must wait
/// (then `Locked` with the longest wait). The buckets are locked in a fixed
/// order (account or device first, then address), so two sign-ins never
/// wait on each other's locks.
pub(super) async fn count_attempt(
    db: &DatabaseConnection,
    buckets: &[(String, DelayPolicy)],
    now: i64,
) -> Result<(), AccountError> {
    let txn = db::begin_write(db).await?;
    let mut counted = Vec::with_capacity(buckets.len());
    let mut wait = None;
    for (key, policy) in buckets {
        let counter = login_throttle::lock(&txn, key, now).await?;
        wait = wait.max(delay::wait_for(counter.as_ref(), now));
        counted.push((key, delay::count_attempt(counter, *policy, now)));
    }
    if let Some(secs) = wait {
        // Dropping the transaction rolls it back: a refused attempt counts nothing.
        return Err(AccountError::Locked(secs));
    }
    for (key, counter) in counted {
        login_throttle::store(&txn, key, &counter).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// After a success: the account's (or device's) count starts again; the
/// address gets this one attempt back, as others behind it may be failing.
pub(super) async fn give_back(
    db: &DatabaseConnection,
    buckets: &[(String, DelayPolicy)],
) -> Result<(), AccountError> {
    let now = Utc::now().timestamp();
    let txn = db::begin_write(db).await?;
    let mut buckets = buckets.iter();
    if let Some((key, _)) = buckets.next() {
        login_throttle::clear(&txn, key).await?;
    }
    for (key, policy) in buckets {
        if let Some(counter) = login_throttle::lock(&txn, key, now).await? {
            login_throttle::store(&txn, key, &delay::give_back(counter, *policy)).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

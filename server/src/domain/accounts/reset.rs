//! Password reset codes (for someone who forgot their password): a
//! coordinator or administrator over the person's region issues a code,
//! shown once to them to hand over in person or by phone; the person sets a
//! new password with it. A code is eight characters without look-alikes
//! (about 40 bits), stored only as a SHA-256 digest, valid for
//! [`CODE_LIFETIME_MINUTES`], used at most once, and tried under the same
//! progressive delay as sign-in (per mobile number and per address), so it
//! cannot be guessed in its lifetime. A new code withdraws the previous one.
//! Issuing and using are both audited; using ends every session of the
//! account, as a password changed by its owner elsewhere should.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use cultivator_shared::UserId;
use cultivator_shared::api::admin::ResetCodeIssued;
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::auth::CodeReset;
use cultivator_shared::api::notifications::{NotificationDetail, NotificationKind};
use cultivator_shared::validation::{RESET_CODE_ALPHABET, RESET_CODE_CHARS};
use rand::Rng;
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};

use super::delay::DelayPolicy;
use super::sign_in::{count_attempt, give_back};
use super::{AccountError, LoginPolicy, live_user, password};
use crate::db::{self, auth_sessions, password_reset_codes, users};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::notifications::{self, Notice};

/// How long a code can be used after it was issued.
pub const CODE_LIFETIME_MINUTES: i64 = 30;

/// A new random code from the typo-resistant alphabet.
pub fn new_code() -> String {
    let alphabet = RESET_CODE_ALPHABET.as_bytes();
    let mut rng = rand::thread_rng();
    (0..RESET_CODE_CHARS)
        .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
        .collect()
}

/// The stored form of a code (already normalised by `ResetCode::parse`).
pub fn digest(code: &str) -> String {
    Sha256::digest(code.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Issues a code for `target` (the caller checked that `actor` may), in
/// one transaction with its audit record; returns the code to show once.
pub async fn issue(
    db: &DatabaseConnection,
    actor: &Actor,
    issuer: UserId,
    target: UserId,
    now: DateTime<Utc>,
) -> Result<ResetCodeIssued, AccountError> {
    let code = new_code();
    let expires_at = now + Duration::minutes(CODE_LIFETIME_MINUTES);
    let txn = db::begin_write(db).await?;
    let user = live_user(&txn, target).await?;
    let stored =
        password_reset_codes::replace(&txn, target, &digest(&code), issuer, now, expires_at)
            .await?;
    let entry = Entry::new(AuditAction::PasswordReset, AuditObject::User, target.0)
        .in_region(Some(&user.region()?))
        .after(&serde_json::json!({ "code_id": stored.id, "expires_at": expires_at }));
    audit::record(&txn, actor, entry, now).await?;
    // The person hears of it (never the code itself, which staff hand over
    // in person): a reset they did not ask for is theirs to question.
    let notice = Notice {
        user: target,
        kind: NotificationKind::PasswordReset,
        class: None,
        session: None,
        detail: NotificationDetail::default(),
    };
    notifications::notify(&txn, &[notice], now).await?;
    txn.commit().await?;
    Ok(ResetCodeIssued {
        user: target,
        code,
        expires_at,
    })
}

/// Sets a new password with a code: the attempt is counted against the
/// mobile number and the address first; a wrong, used or expired code and
/// an unknown number all answer the same. On success the code is used up,
/// the must-set-a-password flag cleared and every session ended.
pub async fn reset_with_code(
    db: &DatabaseConnection,
    policy: LoginPolicy,
    request: CodeReset,
    client: Option<IpAddr>,
) -> Result<(), AccountError> {
    let now = Utc::now();
    let mobile = request.mobile.as_str();
    let buckets: Vec<(String, DelayPolicy)> =
        std::iter::once((format!("reset:{mobile}"), policy.per_account))
            .chain(client.map(|ip| (format!("address:{ip}"), policy.per_address)))
            .collect();
    count_attempt(db, &buckets, now.timestamp()).await?;

    let Some(user) = users::find_by_mobile(db, mobile).await? else {
        return Err(AccountError::InvalidResetCode);
    };
    let id = user.user_id();
    let Some(code) = password_reset_codes::live(db, id, now).await? else {
        return Err(AccountError::InvalidResetCode);
    };
    let given = digest(request.code.expose());
    // Digests of equal length compared in full, whatever the first difference.
    let same = given.len() == code.code_hash.len()
        && given
            .bytes()
            .zip(code.code_hash.bytes())
            .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !same {
        return Err(AccountError::InvalidResetCode);
    }
    let hash = password::hash(request.new_password.expose().to_owned()).await?;

    let txn = db::begin_write(db).await?;
    // Used by a parallel request meanwhile: this one loses.
    if !password_reset_codes::mark_used(&txn, code.id, now).await? {
        return Err(AccountError::InvalidResetCode);
    }
    users::set_own_password(&txn, id, &hash).await?;
    auth_sessions::end_all_of(&txn, id.0).await?;
    let roles = users::roles_of(&txn, id).await?;
    let actor = Actor::user(id, &roles, client);
    let entry = Entry::new(AuditAction::ResetCodeUsed, AuditObject::User, id.0)
        .in_region(Some(&user.region()?))
        .after(&serde_json::json!({ "code_id": code.id }));
    audit::record(&txn, &actor, entry, now).await?;
    txn.commit().await?;
    give_back(db, &buckets).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use cultivator_shared::validation::ResetCode;

    use super::*;

    #[test]
    fn new_codes_are_valid_codes_and_differ() {
        let codes: std::collections::HashSet<String> = (0..100).map(|_| new_code()).collect();
        assert!(codes.len() > 95);
        for code in &codes {
            let parsed = ResetCode::parse(code).map(|c| c.expose().to_owned());
            assert_eq!(parsed.as_deref(), Ok(code.as_str()));
        }
    }

    #[test]
    fn a_digest_is_hex_sha256_and_not_the_code() {
        let stored = digest("K7M2X9PQ");
        assert_eq!(stored.len(), 64);
        assert_ne!(stored, digest("K7M2X9PR"));
        assert!(!stored.contains("K7M2"));
    }
}

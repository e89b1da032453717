//! The signing keys: made at first start (or first use), kept in the
//! database so every node signs with the same key, rotated on command; a
//! retired key is kept and published, so what it signed still verifies.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::certificates::{SigningKeyView, SigningKeys};
use ed25519_dalek::{SigningKey, VerifyingKey};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::credential;
use crate::db::{self, certificate_keys};
use crate::domain::audit::{self, Actor, Entry};

fn corrupt_key(id: i64) -> DbErr {
    DbErr::Custom(format!(
        "certificate_keys row {id} holds no valid Ed25519 key"
    ))
}

async fn create(db: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<(i64, SigningKey), DbErr> {
    let (key, seed) = credential::new_secret_key();
    let public = credential::public_key_text(&key.verifying_key());
    let row = certificate_keys::insert(db, public, seed, at).await?;
    Ok((row.id, key))
}

/// The key that signs now, made first if there is none yet.
pub async fn signing_key(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
) -> Result<(i64, SigningKey), DbErr> {
    match certificate_keys::active(db).await? {
        Some(row) => credential::parse_secret_key(&row.secret_key)
            .map(|key| (row.id, key))
            .ok_or_else(|| corrupt_key(row.id)),
        None => create(db, at).await,
    }
}

/// Makes the first key at start-up, so the published key list is never
/// empty; later starts change nothing.
pub async fn ensure(db: &DatabaseConnection, at: DateTime<Utc>) -> Result<(), DbErr> {
    let txn = db::begin_write(db).await?;
    signing_key(&txn, at).await?;
    txn.commit().await
}

/// Retires the signing key and makes a new one; returns the new key's id.
pub async fn rotate(
    db: &DatabaseConnection,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let txn = db::begin_write(db).await?;
    certificate_keys::retire_all(&txn, at).await?;
    let (id, _) = create(&txn, at).await?;
    audit::record(
        &txn,
        actor,
        Entry::new(AuditAction::SigningKeyRotated, AuditObject::SigningKey, id),
        at,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Every key ever used, newest first, as published.
pub async fn published(db: &impl ConnectionTrait) -> Result<SigningKeys, DbErr> {
    Ok(SigningKeys {
        keys: certificate_keys::all(db)
            .await?
            .into_iter()
            .map(|row| SigningKeyView {
                id: row.id,
                algorithm: "ed25519".to_owned(),
                public_key: row.public_key,
                created_at: row.created_at,
                retired_at: row.retired_at,
            })
            .collect(),
    })
}

/// The published keys as the verifier needs them; a row that does not
/// parse is left out (and verifies nothing).
pub fn verifying_keys(keys: &SigningKeys) -> Vec<(i64, VerifyingKey)> {
    keys.keys
        .iter()
        .filter_map(|k| credential::parse_public_key(&k.public_key).map(|key| (k.id, key)))
        .collect()
}

/// The id of the page element carrying the published keys, which the
/// verify page reads to check a QR link's signature with no request.
pub const PAGE_ELEMENT_ID: &str = "certificate-keys";

/// `html` (the app's page) with the published keys written in as JSON
/// before `</head>`; `<` is escaped so nothing can close the element early.
pub fn in_page(html: &str, keys: &SigningKeys) -> String {
    crate::domain::page_data::with_json_element(html, PAGE_ELEMENT_ID, keys)
}

//! The signed credential a certificate's QR code carries, so that anyone
//! can check a certificate without reaching the server.
//!
//! The QR text is the verify link with the credential in its fragment:
//! `https://host/verify/2026-51-K7Q3M-9XDWA-H#1.<fields>.<signature>`. A
//! fragment never leaves the browser, so the server's log does not collect
//! names, and the page can check it on its own. `1` is the signing key's id
//! (published at [`super::KEYS_PATH`]); `<fields>` is base64url of a JSON
//! array of the certificate's fields in a fixed order, and `<signature>` is
//! the Ed25519 signature over exactly those bytes: the verifier checks the
//! bytes it was given, so no canonical re-encoding is ever needed on its
//! side. The fields are the printed ones, so a forged or altered paper
//! certificate fails the check.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, NaiveDate, Utc};
use cultivator_shared::CreditHours;
use cultivator_shared::api::certificates::CertificateKind;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The signed fields, in the order they are encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub number: String,
    pub kind: CertificateKind,
    pub holder_name: String,
    pub title: String,
    pub credit: CreditHours,
    /// The completion's day (China time), as printed.
    pub completed_on: NaiveDate,
    pub issued_on: NaiveDate,
    pub issuer: String,
}

/// What the encoding looks like: a versioned tuple, so that a later version
/// can add fields and old credentials still parse.
#[derive(Serialize, Deserialize)]
struct Wire(
    u8,
    String,
    String,
    String,
    String,
    u32,
    String,
    String,
    String,
);

const VERSION: u8 = 1;

impl Fields {
    /// The bytes that are signed.
    pub fn encode(&self) -> Vec<u8> {
        let wire = Wire(
            VERSION,
            self.number.clone(),
            self.kind.as_str().to_owned(),
            self.holder_name.clone(),
            self.title.clone(),
            self.credit.tenths(),
            self.completed_on.to_string(),
            self.issued_on.to_string(),
            self.issuer.clone(),
        );
        serde_json::to_vec(&wire).unwrap_or_default()
    }

    fn decode(bytes: &[u8]) -> Option<Fields> {
        let Wire(version, number, kind, holder_name, title, credit, completed, issued, issuer) =
            serde_json::from_slice(bytes).ok()?;
        (version == VERSION).then_some(())?;
        Some(Fields {
            number,
            kind: CertificateKind::parse(&kind)?,
            holder_name,
            title,
            credit: CreditHours(credit),
            completed_on: completed.parse().ok()?,
            issued_on: issued.parse().ok()?,
            issuer,
        })
    }
}

/// Signs `fields` with `key`: the signature, base64url.
pub fn sign(key: &SigningKey, fields: &Fields) -> String {
    B64.encode(key.sign(&fields.encode()).to_bytes())
}

/// The fragment of the verify link: `<key id>.<fields>.<signature>`.
pub fn fragment(key_id: i64, fields: &Fields, signature: &str) -> String {
    format!("{key_id}.{}.{signature}", B64.encode(fields.encode()))
}

/// The text of a certificate's QR code.
pub fn verify_url(origin: &str, key_id: i64, fields: &Fields, signature: &str) -> String {
    format!(
        "{}/verify/{}#{}",
        origin.trim_end_matches('/'),
        fields.number,
        fragment(key_id, fields, signature)
    )
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error(
        "no signed credential in this text (expected …/verify/<number>#<key>.<fields>.<signature>)"
    )]
    Malformed,
    #[error("signed by key {0}, which is not among the published keys")]
    UnknownKey(i64),
    #[error("the signature does not match: the certificate was altered or forged")]
    BadSignature,
    #[error("the link's number {link} is not the signed number {signed}")]
    NumberMismatch { link: String, signed: String },
}

/// A credential read from QR text, not yet checked.
#[derive(Debug, Clone)]
pub struct Credential {
    pub key_id: i64,
    pub fields: Fields,
    encoded: Vec<u8>,
    signature: Signature,
}

/// Reads the credential of a verify link (or of its bare fragment).
pub fn parse(text: &str) -> Result<Credential, CredentialError> {
    let text = text.trim();
    let (link, fragment) = match text.split_once('#') {
        Some((link, fragment)) => (Some(link), fragment),
        None => (None, text),
    };
    let mut parts = fragment.split('.');
    let (Some(key), Some(fields), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(CredentialError::Malformed);
    };
    let key_id = key.parse().map_err(|_| CredentialError::Malformed)?;
    let encoded = B64.decode(fields).map_err(|_| CredentialError::Malformed)?;
    let fields = Fields::decode(&encoded).ok_or(CredentialError::Malformed)?;
    let signature: [u8; 64] = B64
        .decode(signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(CredentialError::Malformed)?;
    if let Some(link) = link {
        let number = link.rsplit('/').next().unwrap_or_default();
        if cultivator_shared::certificate::normalise_number(number).as_deref()
            != Some(fields.number.as_str())
        {
            return Err(CredentialError::NumberMismatch {
                link: number.to_owned(),
                signed: fields.number,
            });
        }
    }
    Ok(Credential {
        key_id,
        fields,
        encoded,
        signature: Signature::from_bytes(&signature),
    })
}

impl Credential {
    /// Checks the signature against the published keys, as (id, key).
    pub fn verify(&self, keys: &[(i64, VerifyingKey)]) -> Result<&Fields, CredentialError> {
        let key = keys
            .iter()
            .find(|(id, _)| *id == self.key_id)
            .map(|(_, key)| key)
            .ok_or(CredentialError::UnknownKey(self.key_id))?;
        key.verify_strict(&self.encoded, &self.signature)
            .map_err(|_| CredentialError::BadSignature)?;
        Ok(&self.fields)
    }
}

/// A key as published: base64url of its 32 bytes.
pub fn public_key_text(key: &VerifyingKey) -> String {
    B64.encode(key.as_bytes())
}

/// Reads a published key.
pub fn parse_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = B64.decode(text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Reads a stored secret seed.
pub fn parse_secret_key(text: &str) -> Option<SigningKey> {
    let bytes: [u8; 32] = B64.decode(text.trim()).ok()?.try_into().ok()?;
    Some(SigningKey::from_bytes(&bytes))
}

/// A new secret seed, base64url, from the operating system's generator.
pub fn new_secret_key() -> (SigningKey, String) {
    let mut seed = [0_u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
    (SigningKey::from_bytes(&seed), B64.encode(seed))
}

/// The day of an instant in China, as printed on a certificate.
pub fn china_day(at: DateTime<Utc>) -> NaiveDate {
    crate::domain::notifications::china_day(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields {
            number: cultivator_shared::certificate::format_number(2026, "51", "K7Q3M9XDWA")
                .unwrap_or_default(),
            kind: CertificateKind::Class,
            holder_name: "王㛃䶮".into(),
            title: "乡村治理骨干培训班".into(),
            credit: CreditHours(125),
            completed_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            issued_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            issuer: "农业农村部".into(),
        }
    }

    #[test]
    fn a_signed_link_verifies_with_its_key_and_only_with_it() {
        let (key, seed) = new_secret_key();
        assert_eq!(
            parse_secret_key(&seed).map(|k| k.to_bytes()),
            Some(key.to_bytes())
        );
        let public = key.verifying_key();
        let f = fields();
        let sig = sign(&key, &f);
        let url = verify_url("https://example.org/", 7, &f, &sig);
        let credential = parse(&url).ok();
        let keys = [(7, public)];
        assert_eq!(
            credential.as_ref().and_then(|c| c.verify(&keys).ok()),
            Some(&f)
        );
        let (other, _) = new_secret_key();
        let wrong = [(7, other.verifying_key())];
        assert_eq!(
            credential.as_ref().map(|c| c.verify(&wrong).err()),
            Some(Some(CredentialError::BadSignature))
        );
        assert_eq!(
            credential.map(|c| c.verify(&[]).err()),
            Some(Some(CredentialError::UnknownKey(7)))
        );
    }

    #[test]
    fn an_altered_field_breaks_the_signature() {
        let (key, _) = new_secret_key();
        let f = fields();
        let sig = sign(&key, &f);
        let mut forged = f.clone();
        forged.credit = CreditHours(900);
        let url = verify_url("https://x", 1, &forged, &sig);
        let keys = [(1, key.verifying_key())];
        assert_eq!(
            parse(&url).ok().map(|c| c.verify(&keys).err()),
            Some(Some(CredentialError::BadSignature))
        );
    }

    #[test]
    fn a_link_to_another_number_or_garbage_is_refused() {
        let (key, _) = new_secret_key();
        let f = fields();
        let url = verify_url("https://x", 1, &f, &sign(&key, &f));
        let moved = url.replace("K7Q3M", "K7Q3N");
        assert!(matches!(
            parse(&moved),
            Err(CredentialError::NumberMismatch { .. })
        ));
        assert!(matches!(
            parse("https://x/verify/abc"),
            Err(CredentialError::Malformed)
        ));
        assert!(matches!(parse("1.%%.x"), Err(CredentialError::Malformed)));
    }
}

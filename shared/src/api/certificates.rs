//! Certificates (结业证书): a holder's own list, the lists of people staff
//! manage, the public verification answer and the published signing keys.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::status::wire_enum;
use crate::{CertificateId, CreditHours, UserId};

wire_enum!(
    /// What a certificate certifies: an online course, a class (online or
    /// offline), or a whole programme's pathway (the graduation certificate).
    CertificateKind {
        Course => "course",
        Class => "class",
        Programme => "programme",
    }
);

wire_enum!(
    /// Whether a certificate still stands: revoked when the completion it
    /// certifies was withdrawn.
    CertificateStatus {
        Valid => "valid",
        Revoked => "revoked",
    }
);

/// A certificate as its holder and the staff who manage them see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateView {
    pub id: CertificateId,
    pub number: String,
    pub holder: UserId,
    pub holder_name: String,
    pub kind: CertificateKind,
    /// What was completed: the course's, class's or programme's title.
    pub title: String,
    pub credit_hours: CreditHours,
    pub completed_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub issuer: String,
    pub status: CertificateStatus,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    /// The public verification link, with the signed credential in its
    /// fragment (what the certificate's QR code carries).
    pub verify_url: String,
}

/// What anyone may learn of a certificate from its number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifiedCertificate {
    pub number: String,
    pub status: CertificateStatus,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The holder's name masked (张*英).
    pub holder: String,
    pub kind: CertificateKind,
    pub title: String,
    pub credit_hours: CreditHours,
    pub completed_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub issuer: String,
}

/// A key that signs (or signed) certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigningKeyView {
    /// The key's id, named in each credential it signed.
    pub id: i64,
    /// Always `ed25519`.
    pub algorithm: String,
    /// The 32-byte public key, base64url without padding.
    pub public_key: String,
    pub created_at: DateTime<Utc>,
    /// When a newer key took over signing; it still verifies what it signed.
    pub retired_at: Option<DateTime<Utc>>,
}

/// Every key certificates were ever signed with, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigningKeys {
    pub keys: Vec<SigningKeyView>,
}

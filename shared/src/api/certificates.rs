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

/// The longest issuer name: it is signed into every certificate and must
/// fit on one printed line (the `issuer` column holds 300 characters).
pub const ISSUER_MAX_CHARS: u32 = 60;

/// A programme's certificate design (证书模板), set by national staff: who
/// issues its certificates, the heading and closing text, who signs, and
/// whether a logo and a seal were uploaded. Empty texts print the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateTemplate {
    /// The issuing organisation, in Chinese: signed into each certificate.
    pub issuer_zh: String,
    pub issuer_en: String,
    /// Printed instead of 结业证书.
    pub heading: String,
    /// Printed instead of 经考核合格，特发此证。
    pub closing: String,
    pub signatory_name: String,
    pub signatory_title: String,
}

impl CertificateTemplate {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        use crate::validation::{self, FieldErrors, TextRule};
        let line = |max_chars| TextRule {
            max_chars,
            required: false,
            multiline: false,
        };
        let mut errors = FieldErrors::default();
        errors.check(
            "issuer_zh",
            validation::text(&self.issuer_zh, line(ISSUER_MAX_CHARS)),
        );
        errors.check("issuer_en", validation::text(&self.issuer_en, line(120)));
        errors.check("heading", validation::text(&self.heading, line(20)));
        errors.check("closing", validation::text(&self.closing, line(60)));
        errors.check(
            "signatory_name",
            validation::text(&self.signatory_name, line(40)),
        );
        errors.check(
            "signatory_title",
            validation::text(&self.signatory_title, line(60)),
        );
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.into_vec())
        }
    }
}

/// A programme's certificate design with what was uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateTemplateView {
    pub texts: CertificateTemplate,
    pub has_logo: bool,
    pub has_seal: bool,
    pub updated_at: Option<DateTime<Utc>>,
}

wire_enum!(
    /// The two pictures a certificate template carries.
    TemplateImage {
        Logo => "logo",
        Seal => "seal",
    }
);

/// The largest logo or seal file accepted.
pub const TEMPLATE_IMAGE_MAX_BYTES: usize = 512 * 1024;
/// The largest width or height of a logo or seal, in pixels: larger prints
/// no sharper at its printed size and weighs on every page of a batch.
pub const TEMPLATE_IMAGE_MAX_PIXELS: u32 = 1_200;

wire_enum!(
    /// Where a batch of a class's certificates stands.
    BatchState {
        Running => "running",
        Ready => "ready",
        Failed => "failed",
    }
);

/// A batch of a class's certificates being printed in the background: one
/// print-ready PDF of every valid certificate, and a ZIP of one PDF each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateBatchView {
    pub id: i64,
    pub class: crate::ClassId,
    pub state: BatchState,
    /// Certificates printed so far, of `total`.
    pub done: u32,
    pub total: u32,
    pub created_at: DateTime<Utc>,
    /// When the files are deleted.
    pub expires_at: DateTime<Utc>,
}

//! Certificates: the signed-in person's, and the public check of a number.

use cultivator_shared::api::certificates::{CertificateView, VerifiedCertificate};

use super::{ApiResult, get, url};

/// The signed-in person's certificates, newest first.
pub async fn my_certificates() -> ApiResult<Vec<CertificateView>> {
    get(&url("/certificates")).await
}

/// What anyone may learn of a certificate from its number (no sign-in).
pub async fn verify_certificate(number: &str) -> ApiResult<VerifiedCertificate> {
    let number: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    get(&url(&format!("/verify/{number}"))).await
}

/// Where a certificate's PDF is downloaded from.
pub fn certificate_pdf_url(certificate: &CertificateView) -> String {
    url(&format!("/certificates/{}/certificate.pdf", certificate.id))
}

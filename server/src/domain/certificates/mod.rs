//! Certificates (结业证书): issued in the transaction of the completion they
//! certify ([`issue`]), numbered ([`number`], format in
//! `cultivator_shared::certificate`), signed so they verify offline
//! ([`credential`], [`keys`]), listed for their holders and the staff who
//! manage them, and checked by anyone from their number ([`verify`]).

pub mod batch;
pub mod credential;
pub mod issue;
pub mod keys;
pub mod number;
pub mod pdf;
pub mod template;

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use cultivator_shared::api::certificates::{CertificateView, VerifiedCertificate};
use cultivator_shared::certificate::{mask_name, normalise_number};
use cultivator_shared::{CertificateId, ClassId, CreditHours, RegionCode, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};

use crate::db::{self, certificates, login_throttle, users};
use crate::domain::accounts::throttle::{self, Policy};

/// Where the signing keys are published.
pub const KEYS_PATH: &str = "/.well-known/cultivator-certificate-keys.json";

/// Lookups of numbers that do not exist, per client address: after this many
/// within the window, that address is refused for the window's length. A
/// person checking the certificates in front of them misses a few times at
/// most; with 50 random bits per number, 30 guesses in ten minutes find
/// nothing.
pub const LOOKUP_MISSES: Policy = Policy {
    max_failures: 30,
    window_secs: 600,
};

#[derive(Debug, thiserror::Error)]
pub enum CertificateError {
    #[error("no certificate has this number")]
    NotFound,
    #[error("too many lookups of unknown numbers; try again in {0} seconds")]
    Throttled(u64),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("rendering stopped: {0}")]
    Rendering(String),
    #[error("not a readable PNG or JPEG picture: {0}")]
    ImageInvalid(String),
    #[error("the picture is too large: {0}")]
    ImageTooLarge(String),
    #[error("the batch is not ready")]
    BatchNotReady,
    #[error("a batch of this class is printing")]
    BatchRunning,
    #[error("some fields are invalid")]
    Invalid(Vec<cultivator_shared::FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A stored certificate as its holder and staff see it; `origin` is the
/// site's public address, for the verify link.
pub fn view(row: &certificates::Model, origin: &str) -> Result<CertificateView, DbErr> {
    let fields = fields_of(row)?;
    Ok(CertificateView {
        id: row.id(),
        number: row.number.clone(),
        holder: UserId(row.user_id),
        holder_name: row.holder_name.clone(),
        kind: row.kind()?,
        title: row.title.clone(),
        credit_hours: fields.credit,
        completed_at: row.completed_at,
        issued_at: row.issued_at,
        issuer: row.issuer.clone(),
        status: row.status(),
        revoked_at: row.revoked_at,
        revoke_reason: row.revoke_reason.clone(),
        verify_url: credential::verify_url(origin, row.key_id, &fields, &row.signature),
    })
}

/// The signed fields of a stored certificate, exactly as they were signed.
pub fn fields_of(row: &certificates::Model) -> Result<credential::Fields, DbErr> {
    Ok(credential::Fields {
        number: row.number.clone(),
        kind: row.kind()?,
        holder_name: row.holder_name.clone(),
        title: row.title.clone(),
        credit: CreditHours(u32::try_from(row.credit_tenths).unwrap_or(0)),
        completed_on: credential::china_day(row.completed_at),
        issued_on: credential::china_day(row.issued_at),
        issuer: row.issuer.clone(),
    })
}

/// A person's certificates, newest first.
pub async fn of_holder(
    db: &impl ConnectionTrait,
    user: UserId,
    origin: &str,
) -> Result<Vec<CertificateView>, DbErr> {
    certificates::of_user(db, user)
        .await?
        .iter()
        .map(|row| view(row, origin))
        .collect()
}

/// The certificates of a class's members.
pub async fn of_class(
    db: &impl ConnectionTrait,
    class: ClassId,
    origin: &str,
) -> Result<Vec<CertificateView>, DbErr> {
    certificates::of_class(db, class.0)
        .await?
        .iter()
        .map(|row| view(row, origin))
        .collect()
}

/// One certificate with what deciding who may see it needs: the holder's
/// home region and, for a class certificate, the class.
pub struct Found {
    pub row: certificates::Model,
    pub holder_home: Option<RegionCode>,
    pub class: Option<ClassId>,
}

pub async fn find(db: &impl ConnectionTrait, id: CertificateId) -> Result<Found, CertificateError> {
    let row = certificates::find(db, id)
        .await?
        .ok_or(CertificateError::NotFound)?;
    let holder_home = users::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .and_then(|u| RegionCode::parse(&u.region_code).ok());
    let class = (row.kind()? == cultivator_shared::api::certificates::CertificateKind::Class)
        .then_some(ClassId(row.subject_id));
    Ok(Found {
        row,
        holder_home,
        class,
    })
}

fn lookup_key(address: Option<IpAddr>) -> String {
    match address {
        Some(address) => format!("verify:{address}"),
        None => "verify:unknown".to_owned(),
    }
}

/// The public check of a typed or scanned number, for anyone: what the
/// certificate says, its holder's name masked. Misses are counted per
/// client address ([`LOOKUP_MISSES`]); a throttled address is refused even
/// numbers that exist, so a locked-out guesser learns nothing more.
pub async fn verify(
    db: &DatabaseConnection,
    typed: &str,
    address: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<VerifiedCertificate, CertificateError> {
    let key = lookup_key(address);
    let misses = login_throttle::load(db, &key).await?;
    if let Some(secs) = throttle::locked_for(misses.as_ref(), now.timestamp()) {
        return Err(CertificateError::Throttled(secs));
    }
    let found = match normalise_number(typed) {
        Some(number) => certificates::by_number(db, &number).await?,
        None => None,
    };
    let Some(row) = found else {
        let txn = db::begin_write(db).await?;
        let misses = login_throttle::lock(&txn, &key, now.timestamp()).await?;
        let counted = throttle::record_failure(misses, LOOKUP_MISSES, now.timestamp());
        login_throttle::store(&txn, &key, &counted).await?;
        txn.commit().await?;
        return Err(CertificateError::NotFound);
    };
    Ok(VerifiedCertificate {
        status: row.status(),
        revoked_at: row.revoked_at,
        holder: mask_name(&row.holder_name),
        kind: row.kind()?,
        credit_hours: CreditHours(u32::try_from(row.credit_tenths).unwrap_or(0)),
        completed_at: row.completed_at,
        issued_at: row.issued_at,
        number: row.number,
        title: row.title,
        issuer: row.issuer,
    })
}

/// What a stored certificate prints; `origin` is the site's public address.
pub fn printable(
    row: &certificates::Model,
    origin: &str,
    look: std::sync::Arc<pdf::Look>,
) -> Result<pdf::Printable, DbErr> {
    let fields = fields_of(row)?;
    Ok(pdf::Printable {
        look,
        qr_text: credential::verify_url(origin, row.key_id, &fields, &row.signature),
        verify_hint: format!("{}/verify", origin.trim_end_matches('/')),
        revoked_on: row.revoked_at.map(credential::china_day),
        fields,
    })
}

/// Renders certificates as one PDF, off the async threads (a page takes a
/// few milliseconds of CPU; a class's, seconds).
pub async fn render(
    fonts: std::sync::Arc<pdf::FontSource>,
    pages: Vec<pdf::Printable>,
) -> Result<Vec<u8>, CertificateError> {
    tokio::task::spawn_blocking(move || {
        let font = fonts.font()?;
        Ok(pdf::render(&font, &pages)?)
    })
    .await
    .map_err(|e| CertificateError::Rendering(e.to_string()))?
}

/// The PDF of one certificate (found and authorised by the caller).
pub async fn pdf_of(
    db: &impl ConnectionTrait,
    fonts: std::sync::Arc<pdf::FontSource>,
    found: &Found,
    origin: &str,
) -> Result<Vec<u8>, CertificateError> {
    let look = template::look_for(db, found.row.programme_id, found.holder_home.as_ref()).await?;
    render(fonts, vec![printable(&found.row, origin, look)?]).await
}

/// Every valid certificate of a class, ordered by holder, ready to print.
pub async fn class_printables(
    db: &impl ConnectionTrait,
    class: ClassId,
    origin: &str,
) -> Result<Vec<pdf::Printable>, DbErr> {
    let rows: Vec<certificates::Model> = certificates::of_class(db, class.0)
        .await?
        .into_iter()
        .filter(|row| row.revoked_at.is_none())
        .collect();
    let holders: Vec<i64> = rows.iter().map(|row| row.user_id).collect();
    let homes = users::homes_of(db, &holders).await?;
    let mut looks = template::Looks::default();
    let mut pages = Vec::with_capacity(rows.len());
    for row in &rows {
        let home = homes
            .get(&row.user_id)
            .and_then(|code| RegionCode::parse(code).ok());
        let look = looks.get(db, row.programme_id, home.as_ref()).await?;
        pages.push(printable(row, origin, look)?);
    }
    Ok(pages)
}

/// One PDF of every valid certificate of a class, ordered by holder.
pub async fn class_pdf(
    db: &impl ConnectionTrait,
    fonts: std::sync::Arc<pdf::FontSource>,
    class: ClassId,
    origin: &str,
) -> Result<Vec<u8>, CertificateError> {
    let pages = class_printables(db, class, origin).await?;
    render(fonts, pages).await
}

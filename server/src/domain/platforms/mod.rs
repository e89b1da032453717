//! Provincial platforms: which one a request is for, creating them and
//! changing their branding (each change audited in its transaction), and
//! the branded page and web app manifest the server serves for each.
//!
//! The platform is read from the database on every page load: one indexed
//! row, so a branding change shows on every node at the next load, with no
//! cache to invalidate.
//!
//! What a platform features and owns is in [`items`], its logo in [`logo`],
//! and the coordinators' per-platform table in [`counts`].

pub mod counts;
pub mod items;
pub mod logo;
mod page;

pub use page::{branded_page, icon_svg, manifest};

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::platforms::{
    NATIONAL, NewPlatform, PlatformBrandingFields, PlatformView,
};
use cultivator_shared::{FieldError, RegionCode};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use crate::db::{self, platforms, regions};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::learning::markdown;

#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error("platform not found")]
    NotFound,
    #[error("another platform already has this code or host name")]
    Taken,
    #[error("unknown region {0}")]
    UnknownRegion(String),
    #[error("invalid platform")]
    Invalid(Vec<FieldError>),
    #[error("no such course or class")]
    ItemNotFound,
    #[error("another platform owns this course or class")]
    ItemElsewhere,
    #[error("the course or class lies outside the platform's home region")]
    ItemOutsideRegion,
    #[error("only published courses and open classes listed on the platform can be featured")]
    ItemNotListed,
    #[error("the logo is larger than the limit")]
    LogoTooLarge,
    #[error("the logo is not a PNG, JPEG or plain SVG image")]
    LogoUnreadable,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// How a request names its platform.
#[derive(Debug, Clone, Default)]
pub struct PlatformRequest<'a> {
    /// The code chosen by a `/p/{code}/` address (kept in a cookie).
    pub chosen: Option<&'a str>,
    /// The `Host` header.
    pub host: Option<&'a str>,
}

/// The host name without its port, lower case.
pub fn host_name(host: &str) -> String {
    let host = host.trim();
    let without_port = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    without_port.to_ascii_lowercase()
}

/// The platform a request is for: the one its `/p/` prefix chose, else the
/// one its host name belongs to, else the national platform.
pub async fn resolve(
    db: &impl ConnectionTrait,
    request: &PlatformRequest<'_>,
) -> Result<platforms::Model, PlatformError> {
    if let Some(code) = request.chosen
        && let Some(found) = platforms::by_code(db, code).await?
    {
        return Ok(found);
    }
    if let Some(host) = request.host
        && let Some(found) = platforms::by_host(db, &host_name(host)).await?
    {
        return Ok(found);
    }
    platforms::by_code(db, NATIONAL)
        .await?
        .ok_or(PlatformError::NotFound)
}

/// The platform as the API lists it.
pub fn view(row: &platforms::Model, may_edit: bool) -> PlatformView {
    PlatformView {
        code: row.code.clone(),
        host: row.host.clone(),
        home_region: row.home(),
        branding: row.branding(),
        welcome_html: markdown::render(&row.welcome_markdown),
        may_edit,
        // The change time tells browsers a new logo from the old one.
        logo_url: row.logo_type.as_ref().map(|_| {
            format!(
                "/platform-logo/{}?v={}",
                row.code,
                row.updated_at.timestamp()
            )
        }),
        featured: Vec::new(),
    }
}

/// The platform as a page served for it shows it: with what it features.
pub async fn page_view(
    db: &impl ConnectionTrait,
    row: &platforms::Model,
) -> Result<PlatformView, DbErr> {
    Ok(PlatformView {
        featured: db::platform_items::featured(db, row.id).await?,
        ..view(row, false)
    })
}

pub async fn by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<platforms::Model, PlatformError> {
    platforms::by_code(db, code)
        .await?
        .ok_or(PlatformError::NotFound)
}

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<platforms::Model>, DbErr> {
    platforms::all(db).await
}

fn taken(err: DbErr) -> PlatformError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => PlatformError::Taken,
        _ => PlatformError::Db(err),
    }
}

async fn check_region(
    db: &impl ConnectionTrait,
    region: Option<&RegionCode>,
) -> Result<(), PlatformError> {
    match region {
        Some(code) if !regions::exists(db, code).await? => {
            Err(PlatformError::UnknownRegion(code.to_string()))
        }
        _ => Ok(()),
    }
}

/// Creates a platform (the caller checked that `actor` may).
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    new: &NewPlatform,
    now: DateTime<Utc>,
) -> Result<platforms::Model, PlatformError> {
    new.validate().map_err(PlatformError::Invalid)?;
    check_region(db, new.home_region.as_ref()).await?;
    let txn = db::begin_write(db).await?;
    if platforms::by_code(&txn, &new.code).await?.is_some() {
        return Err(PlatformError::Taken);
    }
    if let Some(host) = &new.host
        && platforms::by_host(&txn, host).await?.is_some()
    {
        return Err(PlatformError::Taken);
    }
    let row = platforms::insert(&txn, new, now).await.map_err(taken)?;
    let entry = Entry::new(AuditAction::PlatformCreated, AuditObject::Platform, row.id)
        .in_region(new.home_region.as_ref())
        .after(new);
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    Ok(row)
}

/// Replaces a platform's branding (the caller checked that `actor` may
/// brand `row`'s home region).
pub async fn rebrand(
    db: &DatabaseConnection,
    actor: &Actor,
    row: &platforms::Model,
    branding: &PlatformBrandingFields,
    now: DateTime<Utc>,
) -> Result<platforms::Model, PlatformError> {
    branding.validate().map_err(PlatformError::Invalid)?;
    let txn = db::begin_write(db).await?;
    let changed = platforms::update_branding(&txn, row.id, branding, now).await?;
    let entry = Entry::new(AuditAction::PlatformChanged, AuditObject::Platform, row.id)
        .in_region(row.home().as_ref())
        .before(&row.branding())
        .after(branding);
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_lose_their_port_and_case() {
        assert_eq!(host_name("Sichuan.Example.org:8080"), "sichuan.example.org");
        assert_eq!(host_name("127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_name("guangdong.example.org"), "guangdong.example.org");
        // An IPv6 literal's last group is not a port.
        assert_eq!(host_name("[::1]"), "[::1]");
    }
}

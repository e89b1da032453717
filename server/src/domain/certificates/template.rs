//! A programme's certificate design (证书模板): the issuing organisation,
//! heading and closing text, signatory, logo and seal, set by national
//! staff. The issuer's name is signed into each certificate when it is
//! issued, so a later change of design leaves earlier certificates as they
//! were signed; the pictures and texts are printed as they are now.
//!
//! [`issuer_for`] is the one place that decides who issues a certificate
//! and with which logo.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::certificates::{
    CertificateTemplate, CertificateTemplateView, TEMPLATE_IMAGE_MAX_BYTES,
    TEMPLATE_IMAGE_MAX_PIXELS, TemplateImage,
};
use cultivator_shared::certificate::format_number;
use cultivator_shared::{CreditHours, api::certificates::CertificateKind};
use cultivator_shared::{ProgrammeId, RegionCode};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::issue::COURSE_ISSUER;
use super::pdf::{self, Picture};
use super::{CertificateError, credential};
use crate::db::{self, certificate_templates, platform_logos, platforms, programmes};
use crate::domain::audit::{self, Actor, Entry};

/// Who issues a certificate, and the logo printed with that name.
#[derive(Debug, Clone)]
pub struct Issuer {
    pub name: String,
    pub logo: Option<Picture>,
}

/// Decides who issues a certificate of `programme` (`None`: an online
/// course, which belongs to no programme) held by someone living in
/// `holder_home`: the provincial platform serving the holder's home, if it
/// names an issuer (with its logo, when that is a PNG or JPEG: the
/// certificate's own logo otherwise); else the programme's design's issuer
/// if it names one, else the programme's title.
pub async fn issuer_for(
    db: &impl ConnectionTrait,
    programme: Option<&programmes::Model>,
    holder_home: Option<&RegionCode>,
) -> Result<Issuer, DbErr> {
    let design = match programme {
        Some(programme) => certificate_templates::find(db, ProgrammeId(programme.id)).await?,
        None => None,
    };
    let design_logo = || {
        design
            .as_ref()
            .and_then(|d| picture(d.logo.as_ref(), d.logo_type.as_deref()))
    };
    if let Some(home) = holder_home
        && let Some(platform) = serving_platform(db, home).await?
    {
        let logo = platform_logos::get(db, platform.id).await?;
        return Ok(Issuer {
            name: platform.issuer.trim().to_owned(),
            logo: picture(logo.as_ref(), platform.logo_type.as_deref()).or_else(design_logo),
        });
    }
    let Some(programme) = programme else {
        return Ok(Issuer {
            name: COURSE_ISSUER.to_owned(),
            logo: None,
        });
    };
    let named = design
        .as_ref()
        .map(|d| d.issuer_zh.trim().to_owned())
        .filter(|name| !name.is_empty());
    Ok(Issuer {
        name: named.unwrap_or_else(|| programme.title.clone()),
        logo: design_logo(),
    })
}

/// The provincial platform whose home region holds `home` most closely and
/// that names an issuer for its certificates.
async fn serving_platform(
    db: &impl ConnectionTrait,
    home: &RegionCode,
) -> Result<Option<platforms::Model>, DbErr> {
    Ok(platforms::all(db)
        .await?
        .into_iter()
        .filter(|p| !p.issuer.trim().is_empty())
        .filter_map(|p| p.home().filter(|h| home.is_within(h)).map(|h| (h, p)))
        .max_by_key(|(h, _)| h.as_str().len())
        .map(|(_, p)| p))
}

fn picture(bytes: Option<&Vec<u8>>, mime: Option<&str>) -> Option<Picture> {
    // Stored pictures were checked on upload; one that no longer reads is
    // left off the page rather than failing the print.
    Picture::read(bytes?.clone(), mime?).ok()
}

/// What a certificate of `programme` prints besides its signed fields.
pub async fn look_for(
    db: &impl ConnectionTrait,
    programme: Option<i64>,
    holder_home: Option<&RegionCode>,
) -> Result<Arc<pdf::Look>, DbErr> {
    let programme = match programme {
        Some(id) => programmes::find(db, ProgrammeId(id)).await?,
        None => None,
    };
    let issuer = issuer_for(db, programme.as_ref(), holder_home).await?;
    let design = match &programme {
        Some(p) => certificate_templates::find(db, ProgrammeId(p.id)).await?,
        None => None,
    };
    let texts = design.as_ref().map(|d| d.texts()).unwrap_or_default();
    Ok(Arc::new(pdf::Look {
        heading: texts.heading,
        closing: texts.closing,
        issuer_en: texts.issuer_en,
        signatory_name: texts.signatory_name,
        signatory_title: texts.signatory_title,
        logo: issuer.logo,
        seal: design
            .as_ref()
            .and_then(|d| picture(d.seal.as_ref(), d.seal_type.as_deref())),
    }))
}

/// The looks of many certificates, read once per programme and province.
#[derive(Default)]
pub struct Looks(HashMap<(Option<i64>, Option<String>), Arc<pdf::Look>>);

impl Looks {
    pub async fn get(
        &mut self,
        db: &impl ConnectionTrait,
        programme: Option<i64>,
        holder_home: Option<&RegionCode>,
    ) -> Result<Arc<pdf::Look>, DbErr> {
        let key = (
            programme,
            holder_home
                .and_then(|r| r.as_str().get(..2))
                .map(str::to_owned),
        );
        if let Some(look) = self.0.get(&key) {
            return Ok(look.clone());
        }
        let look = look_for(db, programme, holder_home).await?;
        self.0.insert(key, look.clone());
        Ok(look)
    }
}

/// A programme's design as its editors see it (empty if never set).
pub async fn view(
    db: &impl ConnectionTrait,
    programme: ProgrammeId,
) -> Result<CertificateTemplateView, CertificateError> {
    programmes::find(db, programme)
        .await?
        .ok_or(CertificateError::NotFound)?;
    let row = certificate_templates::find(db, programme).await?;
    Ok(CertificateTemplateView {
        texts: row.as_ref().map(|r| r.texts()).unwrap_or_default(),
        has_logo: row.as_ref().is_some_and(|r| r.logo.is_some()),
        has_seal: row.as_ref().is_some_and(|r| r.seal.is_some()),
        updated_at: row.map(|r| r.updated_at),
    })
}

fn trimmed(texts: &CertificateTemplate) -> CertificateTemplate {
    CertificateTemplate {
        issuer_zh: texts.issuer_zh.trim().to_owned(),
        issuer_en: texts.issuer_en.trim().to_owned(),
        heading: texts.heading.trim().to_owned(),
        closing: texts.closing.trim().to_owned(),
        signatory_name: texts.signatory_name.trim().to_owned(),
        signatory_title: texts.signatory_title.trim().to_owned(),
    }
}

/// Sets a programme's texts, audited with what they were before.
pub async fn save_texts(
    db: &DatabaseConnection,
    actor: &Actor,
    programme: ProgrammeId,
    texts: &CertificateTemplate,
    now: DateTime<Utc>,
) -> Result<CertificateTemplateView, CertificateError> {
    texts.validate().map_err(CertificateError::Invalid)?;
    let texts = trimmed(texts);
    let before = view(db, programme).await?;
    let txn = db::begin_write(db).await?;
    certificate_templates::save_texts(&txn, programme, &texts, now).await?;
    let entry = Entry::new(
        AuditAction::CertificateTemplateChanged,
        AuditObject::Programme,
        programme.0,
    )
    .before(&before.texts)
    .after(&texts);
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    view(db, programme).await
}

/// Checks an uploaded logo or seal: at most [`TEMPLATE_IMAGE_MAX_BYTES`], a
/// PNG or JPEG by its first bytes (whatever it was called), whose picture
/// decodes and is at most [`TEMPLATE_IMAGE_MAX_PIXELS`] wide and high.
pub fn check_image(bytes: Vec<u8>) -> Result<Picture, CertificateError> {
    if bytes.len() > TEMPLATE_IMAGE_MAX_BYTES {
        return Err(CertificateError::ImageTooLarge(format!(
            "{} bytes, at most {TEMPLATE_IMAGE_MAX_BYTES}",
            bytes.len()
        )));
    }
    let mime = pdf::sniff(&bytes)
        .ok_or_else(|| CertificateError::ImageInvalid("neither PNG nor JPEG".to_owned()))?;
    let picture = Picture::read(bytes, mime).map_err(CertificateError::ImageInvalid)?;
    let (w, h) = picture.size();
    if w == 0 || h == 0 {
        return Err(CertificateError::ImageInvalid(
            "an empty picture".to_owned(),
        ));
    }
    if w > TEMPLATE_IMAGE_MAX_PIXELS || h > TEMPLATE_IMAGE_MAX_PIXELS {
        return Err(CertificateError::ImageTooLarge(format!(
            "{w}×{h} pixels, at most {TEMPLATE_IMAGE_MAX_PIXELS} each way"
        )));
    }
    pdf::decodes(&picture).map_err(CertificateError::ImageInvalid)?;
    Ok(picture)
}

/// Stores a checked logo or seal for a programme, audited (the picture's
/// type and size, not its bytes).
pub async fn save_image(
    db: &DatabaseConnection,
    actor: &Actor,
    programme: ProgrammeId,
    which: TemplateImage,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<CertificateTemplateView, CertificateError> {
    view(db, programme).await?;
    let picture = check_image(bytes)?;
    let (w, h) = picture.size();
    let summary = serde_json::json!({
        "image": which.as_str(),
        "type": picture.mime(),
        "bytes": picture.bytes().len(),
        "width": w,
        "height": h,
    });
    let txn = db::begin_write(db).await?;
    certificate_templates::save_image(
        &txn,
        programme,
        which,
        picture.bytes().to_vec(),
        picture.mime(),
        now,
    )
    .await?;
    let entry = Entry::new(
        AuditAction::CertificateTemplateChanged,
        AuditObject::Programme,
        programme.0,
    )
    .after(&summary);
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    view(db, programme).await
}

/// A sample certificate of `programme` printed with its design as it is
/// now: a made-up holder, today's dates, a number that is no
/// certificate's (province 00) and no signature.
pub async fn preview(
    db: &impl ConnectionTrait,
    fonts: Arc<pdf::FontSource>,
    programme: ProgrammeId,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, CertificateError> {
    let row = programmes::find(db, programme)
        .await?
        .ok_or(CertificateError::NotFound)?;
    let issuer = issuer_for(db, Some(&row), None).await?;
    let today = credential::china_day(now);
    let number = format_number(today.year(), "00", "0000000000").unwrap_or_default();
    let origin = origin.trim_end_matches('/');
    let page = pdf::Printable {
        look: look_for(db, Some(row.id), None).await?,
        qr_text: format!("{origin}/verify/{number}"),
        verify_hint: format!("{origin}/verify"),
        revoked_on: None,
        fields: credential::Fields {
            number,
            kind: CertificateKind::Class,
            holder_name: "张三".to_owned(),
            title: row.title.clone(),
            credit: CreditHours(80),
            completed_on: today,
            issued_on: today,
            issuer: issuer.name,
        },
    };
    super::render(fonts, vec![page]).await
}

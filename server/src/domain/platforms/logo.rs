//! A platform's uploaded logo: PNG, JPEG or SVG, checked by its bytes (not
//! by what the upload claims), bounded in size, and served from the
//! database so every node has it.
//!
//! An SVG is a document that can carry scripts. The logo is shown through
//! `<img>`, where scripts never run, and served with a sandboxing policy
//! for anyone who opens it directly; uploads with scripts, event handlers,
//! embedded documents or outside references are refused all the same.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::platforms::LOGO_MAX_BYTES;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::PlatformError;
use crate::db::{self, platform_logos, platforms};
use crate::domain::audit::{self, Actor, Entry};

/// Largest width or height of a raster logo, in pixels.
const MAX_SIDE: u32 = 4096;

/// The media type of a logo's bytes, or why they are not one.
pub fn media_type(bytes: &[u8]) -> Result<&'static str, PlatformError> {
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(PlatformError::LogoTooLarge);
    }
    if let Some(header) = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n") {
        // The first chunk is IHDR: length, type, width, height.
        let side = |at: usize| {
            header
                .get(at..at + 4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_be_bytes)
        };
        return match (header.get(4..8), side(8), side(12)) {
            (Some(b"IHDR"), Some(w), Some(h))
                if (1..=MAX_SIDE).contains(&w) && (1..=MAX_SIDE).contains(&h) =>
            {
                Ok("image/png")
            }
            _ => Err(PlatformError::LogoUnreadable),
        };
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        return Ok("image/jpeg");
    }
    let text = std::str::from_utf8(bytes).map_err(|_| PlatformError::LogoUnreadable)?;
    if safe_svg(text) {
        return Ok("image/svg+xml");
    }
    Err(PlatformError::LogoUnreadable)
}

/// An SVG document with nothing active in it.
fn safe_svg(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let start = lower.trim_start_matches('\u{feff}').trim_start();
    let is_svg = (start.starts_with("<svg") || start.starts_with("<?xml"))
        && lower.contains("<svg")
        && lower.trim_end().ends_with("</svg>");
    let active = [
        "<script",
        "javascript:",
        "<foreignobject",
        "<iframe",
        "<!entity",
        "data:text",
    ]
    .iter()
    .any(|bad| lower.contains(bad));
    // Event handler attributes: ` onload=`, `\nonclick =`, ...
    let handler = lower
        .split(|c: char| c.is_whitespace() || c == '/')
        .any(|word| {
            word.starts_with("on")
                && word[2..].starts_with(|c: char| c.is_ascii_alphabetic())
                && word.contains('=')
        });
    // Only references inside the document (`#id`).
    let outside = lower.match_indices("href").any(|(at, _)| {
        let rest = lower[at + 4..]
            .trim_start()
            .trim_start_matches('=')
            .trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        !rest.starts_with('#')
    });
    is_svg && !active && !handler && !outside
}

/// Replaces `platform`'s logo with `bytes`, or removes it (`None`).
pub async fn replace(
    db: &DatabaseConnection,
    actor: &Actor,
    platform: &platforms::Model,
    bytes: Option<Vec<u8>>,
    now: DateTime<Utc>,
) -> Result<platforms::Model, PlatformError> {
    let kind = bytes.as_deref().map(media_type).transpose()?;
    let txn = db::begin_write(db).await?;
    match bytes {
        Some(bytes) => platform_logos::put(&txn, platform.id, bytes).await?,
        None => platform_logos::delete(&txn, platform.id).await?,
    }
    let changed = platforms::set_logo_type(&txn, platform.id, kind, now).await?;
    let entry = Entry::new(
        AuditAction::PlatformLogoChanged,
        AuditObject::Platform,
        platform.id,
    )
    .in_region(platform.home().as_ref())
    .before(&platform.logo_type)
    .after(&kind);
    audit::record(&txn, actor, entry, now).await?;
    txn.commit().await?;
    Ok(changed)
}

/// The logo of `platform` and its media type, if it has one.
pub async fn of(
    db: &impl ConnectionTrait,
    platform: &platforms::Model,
) -> Result<Option<(&'static str, Vec<u8>)>, PlatformError> {
    let Some(bytes) = platform_logos::get(db, platform.id).await? else {
        return Ok(None);
    };
    Ok(Some((media_type(&bytes)?, bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0]);
        bytes
    }

    #[test]
    fn raster_logos_are_known_by_their_bytes_and_bounded() {
        assert_eq!(media_type(&png(120, 40)).ok(), Some("image/png"));
        assert!(media_type(&png(0, 40)).is_err());
        assert!(media_type(&png(5000, 40)).is_err());
        assert_eq!(
            media_type(&[0xff, 0xd8, 0xff, 0xe0]).ok(),
            Some("image/jpeg")
        );
        assert!(media_type(b"GIF89a").is_err());
        let mut huge = png(10, 10);
        huge.resize(LOGO_MAX_BYTES + 1, 0);
        assert!(matches!(
            media_type(&huge),
            Err(PlatformError::LogoTooLarge)
        ));
    }

    #[test]
    fn only_inert_svg_is_accepted() {
        let ok = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><circle id="c" r="4"/></defs><use href="#c" fill="#b71c1c"/></svg>"##;
        assert_eq!(media_type(ok.as_bytes()).ok(), Some("image/svg+xml"));
        for bad in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">x</a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>"#,
            r#"<html><svg></svg></html>"#,
            "not a logo",
        ] {
            assert!(media_type(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}

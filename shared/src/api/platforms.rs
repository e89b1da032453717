//! Provincial platforms ("川善治", "粤治美", ...): branded sites over the one
//! national data set. A platform has a code, names in both languages,
//! colours, a welcome text and a home region; the server picks one per
//! request (by host name, or by the `/p/{code}/` prefix) and brands the
//! page it serves with it.

use serde::{Deserialize, Serialize};

use crate::api::programmes::programme_code;
use crate::status::wire_enum;
use crate::validation::{self, FieldErrors, TextRule};
use crate::{FieldError, RegionCode, ValidationError};

/// The code of the platform every unknown host gets.
pub const NATIONAL: &str = "national";

/// A platform's name (full or short).
pub const PLATFORM_NAME: TextRule = TextRule {
    max_chars: 60,
    required: true,
    multiline: false,
};
/// The welcome text on the platform's home page, in Markdown.
pub const WELCOME_TEXT: TextRule = TextRule {
    max_chars: 4_000,
    required: false,
    multiline: true,
};
/// The organisation named as issuer on its certificates.
pub const ISSUER: TextRule = TextRule {
    max_chars: 100,
    required: false,
    multiline: false,
};
/// A host name the platform answers on (`sichuan.example.org`).
const HOST_MAX: u32 = 253;

/// A colour as `#rrggbb`.
pub fn colour(raw: &str) -> Result<(), ValidationError> {
    if raw.is_empty() {
        return Err(ValidationError::Required);
    }
    let hex = raw.strip_prefix('#').unwrap_or("");
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ValidationError::InvalidCharacters);
    }
    Ok(())
}

/// A host name: letters, digits, hyphens and dots, lower case, no port.
pub fn host_name(raw: &str) -> Result<(), ValidationError> {
    if raw.is_empty() {
        return Err(ValidationError::Required);
    }
    if raw.len() > HOST_MAX as usize {
        return Err(ValidationError::TooLong { max: HOST_MAX });
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if !raw.split('.').all(label_ok) {
        return Err(ValidationError::InvalidCharacters);
    }
    Ok(())
}

/// What the platform's coordinators may change: its look and words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformBrandingFields {
    /// Full name, e.g. 四川省乡村治理人才培训平台.
    pub name_zh: String,
    pub name_en: String,
    /// Short name, e.g. 川善治.
    pub short_zh: String,
    pub short_en: String,
    /// `#rrggbb`: header, buttons, links.
    pub primary_colour: String,
    /// `#rrggbb`: highlights.
    pub accent_colour: String,
    /// Markdown shown on the home page (sanitised when served).
    #[serde(default)]
    pub welcome_markdown: String,
    /// Issuing organisation on the platform's certificates.
    #[serde(default)]
    pub issuer: String,
}

/// A new platform (admins only): its code, host and home region, and its
/// branding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPlatform {
    /// `sichuan`: lower-case letters, digits and hyphens; also the
    /// `/p/{code}/` prefix.
    pub code: String,
    /// The host name it answers on, if it has its own.
    #[serde(default)]
    pub host: Option<String>,
    /// Usually a province; `None` for a national platform.
    #[serde(default)]
    pub home_region: Option<RegionCode>,
    #[serde(flatten)]
    pub branding: PlatformBrandingFields,
}

/// A platform as served to the browser (inlined into every page) and listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformView {
    pub code: String,
    pub host: Option<String>,
    pub home_region: Option<RegionCode>,
    #[serde(flatten)]
    pub branding: PlatformBrandingFields,
    /// The welcome text as sanitised HTML.
    pub welcome_html: String,
    /// Whether the reader may change its branding (false when signed out).
    #[serde(default)]
    pub may_edit: bool,
    /// Its uploaded logo, versioned so a new one shows at once.
    #[serde(default)]
    pub logo_url: Option<String>,
    /// The courses and classes its home page features, in order (only on
    /// the platform a page is served for; empty in lists).
    #[serde(default)]
    pub featured: Vec<PlatformItem>,
}

wire_enum!(
    /// What a platform features or owns.
    PlatformItemKind { Course => "course", Class => "class" }
);

/// A course or class named by a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformItemRef {
    pub kind: PlatformItemKind,
    pub id: i64,
}

/// A course or class with its title, as a platform's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformItem {
    pub kind: PlatformItemKind,
    pub id: i64,
    pub title: String,
}

/// Most items a platform features on its home page.
pub const MAX_FEATURED: usize = 12;

/// The featured items, in the order the home page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeaturedItems {
    pub items: Vec<PlatformItemRef>,
}

/// What a platform features and what it owns (shown only on it), for its
/// coordinators' page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformItems {
    pub featured: Vec<PlatformItem>,
    pub owned: Vec<PlatformItem>,
}

/// Whether a course or class belongs to a platform alone (`true`) or is
/// shared nationally (`false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ownership {
    pub owned: bool,
}

/// One platform's row in the coordinators' per-platform table: people who
/// registered through it and, of them, those trained on each track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformCounts {
    /// `None`: accounts made by staff or on no platform's address.
    pub code: Option<String>,
    pub short_zh: String,
    pub short_en: String,
    pub registrations: u64,
    pub online_trained: u64,
    pub offline_trained: u64,
}

/// Largest logo accepted, in bytes.
pub const LOGO_MAX_BYTES: usize = 256 * 1024;

impl PlatformBrandingFields {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        self.check(&mut errors);
        errors.into_result()
    }

    fn check(&self, errors: &mut FieldErrors) {
        for (field, value) in [
            ("name_zh", &self.name_zh),
            ("name_en", &self.name_en),
            ("short_zh", &self.short_zh),
            ("short_en", &self.short_en),
        ] {
            errors.check(field, validation::text(value, PLATFORM_NAME));
        }
        errors.check("primary_colour", colour(&self.primary_colour));
        errors.check("accent_colour", colour(&self.accent_colour));
        errors.check(
            "welcome_markdown",
            validation::text(&self.welcome_markdown, WELCOME_TEXT),
        );
        errors.check("issuer", validation::text(&self.issuer, ISSUER));
    }
}

impl FeaturedItems {
    /// The items in order, each once (a repeat is dropped).
    pub fn distinct(&self) -> Vec<PlatformItemRef> {
        let mut seen = std::collections::HashSet::new();
        self.items
            .iter()
            .copied()
            .filter(|i| seen.insert(*i))
            .collect()
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if self.items.len() > MAX_FEATURED {
            errors.check::<()>(
                "items",
                Err(ValidationError::TooLong {
                    max: MAX_FEATURED as u32,
                }),
            );
        }
        errors.into_result()
    }
}

impl NewPlatform {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        errors.check("code", programme_code(&self.code));
        if let Some(host) = &self.host {
            errors.check("host", host_name(host));
        }
        self.branding.check(&mut errors);
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sichuan() -> PlatformBrandingFields {
        PlatformBrandingFields {
            name_zh: "四川省乡村治理人才培训平台".into(),
            name_en: "Sichuan Good Governance".into(),
            short_zh: "川善治".into(),
            short_en: "Sichuan".into(),
            primary_colour: "#b71c1c".into(),
            accent_colour: "#f9a825".into(),
            welcome_markdown: "欢迎来到**川善治**。".into(),
            issuer: "四川省农业农村厅".into(),
        }
    }

    #[test]
    fn colours_are_six_hex_digits_after_a_hash() {
        assert_eq!(colour("#2f7D32"), Ok(()));
        assert_eq!(colour(""), Err(ValidationError::Required));
        for bad in [
            "2f7d32",
            "#2f7d3",
            "#2f7d32ff",
            "#gggggg",
            "red",
            "#2f7d32;}",
        ] {
            assert_eq!(
                colour(bad),
                Err(ValidationError::InvalidCharacters),
                "{bad}"
            );
        }
    }

    #[test]
    fn host_names_are_plain_lower_case_labels() {
        assert_eq!(host_name("sichuan.example.org"), Ok(()));
        assert_eq!(host_name("localhost"), Ok(()));
        for bad in ["Sichuan.example.org", "a..b", "-a.b", "a.b:8080", "a b"] {
            assert_eq!(
                host_name(bad),
                Err(ValidationError::InvalidCharacters),
                "{bad}"
            );
        }
    }

    #[test]
    fn every_field_is_checked_and_named() {
        assert_eq!(sichuan().validate(), Ok(()));
        let bad = PlatformBrandingFields {
            short_zh: String::new(),
            primary_colour: "blue".into(),
            welcome_markdown: "x".repeat(4_001),
            ..sichuan()
        };
        let fields: Vec<String> = bad
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["short_zh", "primary_colour", "welcome_markdown"]);
        let new = NewPlatform {
            code: "Sichuan".into(),
            host: Some("sichuan.example.org:80".into()),
            home_region: None,
            branding: sichuan(),
        };
        let fields: Vec<String> = new
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["code", "host"]);
    }
}

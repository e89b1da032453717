//! Every word the user reads comes from here, in the chosen language.
//!
//! Messages are an enum with one exhaustive `match` per language
//! ([`messages`]), so a missing translation does not compile, and the text
//! costs no runtime parsing. Shared enums and validation errors are put into
//! words by [`domain`]. The locale lives in a context signal, defaults to
//! Chinese and is remembered in `localStorage`.

pub mod account;
#[cfg(feature = "staff")]
pub mod certificate_staff;
pub mod certificates;
// Administrators' pages (staff bundle only).
#[cfg(feature = "staff")]
pub mod admin;
#[cfg(feature = "staff")]
pub mod branding;
#[cfg(feature = "staff")]
pub mod class_progress;
pub mod coord;
mod domain;
pub mod integrity;
mod messages;
mod notices;
pub mod offline;
mod online;
mod rosters;
#[cfg(feature = "staff")]
pub mod setup;
mod teach;

pub use domain::*;
pub use messages::Msg;
pub use notices::{NoticeMsg, notification_text};
pub use online::*;
pub use rosters::{RosterMsg, column_name, mode_name, problem_name};
pub use teach::*;

use leptos::prelude::*;

const STORAGE_KEY: &str = "cultivator.locale";

/// A fixed text of the interface in every language. Each area of the app has
/// its own message enum (`Msg` for the foundation) implementing this, with one
/// exhaustive `match` per language.
pub trait Text: Copy {
    fn text(self, locale: Locale) -> &'static str;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag, for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The language's own name, as shown on the switch whatever the locale.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::ZhCn => "中文",
            Locale::En => "English",
        }
    }
}

/// The app's language, shared through context. Reading it inside a view
/// closure makes that closure re-render when the language changes.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// Starts with the remembered choice, or Chinese.
    pub fn new() -> Self {
        let locale = stored_locale().unwrap_or_default();
        apply_to_document(locale);
        Self {
            locale: RwSignal::new(locale),
        }
    }

    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// The message in the current language (tracked).
    pub fn t(&self, msg: impl Text) -> &'static str {
        msg.text(self.locale.get())
    }

    /// Switches language, remembers it, and updates `<html lang>` and the title.
    pub fn set(&self, locale: Locale) {
        self.locale.set(locale);
        apply_to_document(locale);
        if let Some(storage) = local_storage() {
            // Not being able to remember the choice is no reason to fail.
            let _ = storage.set_item(STORAGE_KEY, locale.tag());
        }
    }
}

impl Default for I18n {
    fn default() -> Self {
        Self::new()
    }
}

/// The [`I18n`] provided by the app root.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        let i18n = I18n::new();
        provide_context(i18n);
        i18n
    })
}

use crate::device::storage as local_storage;

fn stored_locale() -> Option<Locale> {
    let tag = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    Locale::from_tag(&tag)
}

fn apply_to_document(locale: Locale) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", locale.tag());
    }
    // A provincial platform's page carries its own name in either language.
    let title = match (crate::platform::current(), locale) {
        (Some(p), Locale::ZhCn) => p.branding.name_zh.as_str(),
        (Some(p), Locale::En) => p.branding.name_en.as_str(),
        (None, _) => Msg::DocumentTitle.text(locale),
    };
    document.set_title(title);
}

/// What went wrong with an API call, in words (never the server's English message).
pub fn api_error_message(locale: Locale, error: &crate::api::ApiError) -> &'static str {
    use crate::api::ApiError;
    match error {
        ApiError::Api { body, .. } => error_message(locale, body.code),
        ApiError::Network => Msg::NetworkError.text(locale),
        ApiError::Unexpected { .. } => Msg::UnexpectedResponse.text(locale),
    }
}

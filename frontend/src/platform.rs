//! The platform this page was served for ("川善治", "粤治美", ...). The
//! server writes it into the page as JSON (`<script id="platform">`), so
//! the app knows its name, colours and welcome text without a request.

use std::sync::OnceLock;

use cultivator_shared::RegionCode;
use cultivator_shared::api::platforms::PlatformView;
use leptos::prelude::*;

use crate::i18n::{Locale, use_i18n};

static PLATFORM: OnceLock<Option<PlatformView>> = OnceLock::new();

/// The platform from the page, read once; `None` if the page has none.
pub fn current() -> Option<&'static PlatformView> {
    PLATFORM
        .get_or_init(|| {
            let text = web_sys::window()?
                .document()?
                .get_element_by_id("platform")?
                .text_content()?;
            serde_json::from_str(&text).ok()
        })
        .as_ref()
}

/// The platform's short name in `locale` (川善治 / Sichuan).
pub fn short_name(locale: Locale) -> Option<&'static str> {
    current().map(|p| match locale {
        Locale::ZhCn => p.branding.short_zh.as_str(),
        Locale::En => p.branding.short_en.as_str(),
    })
}

/// Where a region picker starts on this platform: its province.
pub fn home_region() -> Option<RegionCode> {
    current().and_then(|p| p.home_region.clone())
}

/// The platform's welcome text (sanitised HTML from the server), if it has one.
#[component]
pub fn PlatformWelcome() -> impl IntoView {
    let i18n = use_i18n();
    current()
        .filter(|p| !p.welcome_html.trim().is_empty())
        .map(|p| {
            let name = move || match i18n.locale() {
                Locale::ZhCn => p.branding.name_zh.clone(),
                Locale::En => p.branding.name_en.clone(),
            };
            view! {
                <section class="platform-welcome" data-test="platform-welcome">
                    <h1>{name}</h1>
                    <div class="welcome" inner_html=p.welcome_html.clone()></div>
                </section>
            }
        })
}

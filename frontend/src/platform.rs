//! The platform this page was served for ("川善治", "粤治美", ...). The
//! server writes it into the page as JSON (`<script id="platform">`), so
//! the app knows its name, colours and welcome text without a request.

use std::sync::OnceLock;

use cultivator_shared::RegionCode;
use cultivator_shared::api::platforms::{PlatformItemKind, PlatformView};
use leptos::prelude::*;

use crate::i18n::{Locale, Msg, use_i18n};

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

/// The courses and classes the platform features, linked, as its
/// coordinators ordered them; nothing when it features none.
#[component]
pub fn PlatformFeatured() -> impl IntoView {
    let i18n = use_i18n();
    current().filter(|p| !p.featured.is_empty()).map(|p| {
        let items = p
            .featured
            .iter()
            .map(|item| {
                let href = match item.kind {
                    PlatformItemKind::Course => format!("/courses/{}", item.id),
                    PlatformItemKind::Class => format!("/classes/{}", item.id),
                };
                view! { <li><a href=href>{item.title.clone()}</a></li> }
            })
            .collect_view();
        view! {
            <section class="card platform-featured" aria-labelledby="featured-title" data-test="platform-featured">
                <h2 id="featured-title">{move || i18n.t(Msg::FeaturedHere)}</h2>
                <ul class="link-list">{items}</ul>
            </section>
        }
    })
}

/// The platform's uploaded logo, for the header; nothing without one.
#[component]
pub fn PlatformLogo() -> impl IntoView {
    current()
        .and_then(|p| p.logo_url.clone())
        .map(|src| view! { <img class="brand-logo" src=src alt="" data-test="brand-logo"/> })
}

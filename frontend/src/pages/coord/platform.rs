//! `/coord/platform`: the coordinators over a platform's whole region (and
//! admins) change its names, colours, welcome text and certificate issuer,
//! its logo, and what it features and owns.
//! The platform is the one this page was served for.

use cultivator_shared::api::platforms::PlatformBrandingFields;
use cultivator_shared::{ErrorCode, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, setup};
use crate::components::ErrorAlert;
use crate::i18n::branding::BrandingMsg;
use crate::i18n::{Msg, use_i18n, validation_message};
use crate::platform;

use super::platform_items::{ItemsEditor, LogoEditor};

#[component]
pub fn PlatformPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = platform::current().map(|p| {
        view! {
            <BrandingForm code=p.code.clone() now=p.branding.clone()/>
            <LogoEditor code=p.code.clone() now=p.logo_url.clone()/>
            <ItemsEditor code=p.code.clone()/>
        }
        .into_any()
    });
    view! {
        <div class="platform-branding">
            <h1>{move || i18n.t(BrandingMsg::Title)}</h1>
            <p class="hint">{move || i18n.t(BrandingMsg::Intro)}</p>
            {form.unwrap_or_else(|| view! {
                <p class="alert" role="alert">{move || i18n.t(BrandingMsg::NoPlatform)}</p>
            }.into_any())}
            <p><a href="/">{move || i18n.t(Msg::BackHome)}</a></p>
        </div>
    }
}

/// One labelled input bound to `value`, with its field's error.
fn field(
    label: BrandingMsg,
    name: &'static str,
    input_type: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("platform-{name}");
    let error = move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == name)
                .map(|e| validation_message(i18n.locale(), e.error))
        })
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input id=id name=name type=input_type bind:value=value
                aria-invalid=move || error().is_some().to_string()/>
            <p class="field-error">{error}</p>
        </div>
    }
}

#[component]
fn BrandingForm(code: String, now: PlatformBrandingFields) -> impl IntoView {
    let i18n = use_i18n();
    let name_zh = RwSignal::new(now.name_zh);
    let name_en = RwSignal::new(now.name_en);
    let short_zh = RwSignal::new(now.short_zh);
    let short_en = RwSignal::new(now.short_en);
    let primary = RwSignal::new(now.primary_colour);
    let accent = RwSignal::new(now.accent_colour);
    let welcome = RwSignal::new(now.welcome_markdown);
    let issuer = RwSignal::new(now.issuer);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let refused = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let branding = PlatformBrandingFields {
            name_zh: name_zh.get_untracked(),
            name_en: name_en.get_untracked(),
            short_zh: short_zh.get_untracked(),
            short_en: short_en.get_untracked(),
            primary_colour: primary.get_untracked(),
            accent_colour: accent.get_untracked(),
            welcome_markdown: welcome.get_untracked(),
            issuer: issuer.get_untracked(),
        };
        saved.set(false);
        failure.set(None);
        refused.set(false);
        // The shared rules speak first.
        if let Err(fields) = branding.validate() {
            errors.set(fields);
            return;
        }
        errors.set(Vec::new());
        let code = code.clone();
        spawn_local(async move {
            match setup::rebrand(&code, &branding).await {
                Ok(_) => saved.set(true),
                Err(error) if error.code() == Some(ErrorCode::Forbidden) => refused.set(true),
                Err(ApiError::Api { body, .. }) if !body.fields.is_empty() => {
                    errors.set(body.fields.clone());
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <form class="card" on:submit=save>
            {field(BrandingMsg::NameZh, "name_zh", "text", name_zh, errors)}
            {field(BrandingMsg::NameEn, "name_en", "text", name_en, errors)}
            {field(BrandingMsg::ShortZh, "short_zh", "text", short_zh, errors)}
            {field(BrandingMsg::ShortEn, "short_en", "text", short_en, errors)}
            {field(BrandingMsg::Primary, "primary_colour", "color", primary, errors)}
            {field(BrandingMsg::Accent, "accent_colour", "color", accent, errors)}
            <div class="field">
                <label for="platform-welcome">{move || i18n.t(BrandingMsg::Welcome)}</label>
                <textarea id="platform-welcome" name="welcome_markdown" rows="5" bind:value=welcome></textarea>
            </div>
            {field(BrandingMsg::Issuer, "issuer", "text", issuer, errors)}
            <Show when=move || refused.get()>
                <p class="alert" role="alert" data-test="branding-refused">{move || i18n.t(BrandingMsg::Refused)}</p>
            </Show>
            <ErrorAlert error=failure/>
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-test="branding-saved">{move || i18n.t(BrandingMsg::Saved)}</p>
            </Show>
            <button type="submit" class="primary" data-test="save-branding">{move || i18n.t(BrandingMsg::Save)}</button>
        </form>
    }
}

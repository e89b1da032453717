//! On a programme's page: its certificate design. The issuer, heading,
//! closing line and signatory, checked by the same rules as the server's;
//! the logo and the seal uploaded; and a sample certificate to look at.

use cultivator_shared::api::certificates::{
    CertificateTemplate, CertificateTemplateView, TemplateImage,
};
use cultivator_shared::{FieldError, ProgrammeId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, certificate_staff};
use crate::components::ErrorAlert;
use crate::i18n::certificate_staff::CertStaffMsg;
use crate::i18n::{use_i18n, validation_message};

#[component]
pub fn CertificateDesign(programme: ProgrammeId) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(None::<CertificateTemplateView>);
    let failure = RwSignal::new(None::<ApiError>);
    spawn_local(async move {
        match certificate_staff::template(programme).await {
            Ok(view) => current.set(Some(view)),
            Err(e) => failure.set(Some(e)),
        }
    });
    // The form is drawn once, when the design arrives: a save or an upload
    // updates `current` without redrawing what the person is typing.
    let arrived = Memo::new(move |_| current.with(Option::is_some));
    let body = move || {
        arrived.get().then(|| {
            current
                .get_untracked()
                .map(|view| view! { <DesignForm programme texts=view.texts current/> })
        })
    };
    view! {
        <section class="card certificate-design" aria-labelledby="certificate-design-title">
            <h2 id="certificate-design-title">{move || i18n.t(CertStaffMsg::DesignTitle)}</h2>
            <p class="hint">{move || i18n.t(CertStaffMsg::DesignHint)}</p>
            <ErrorAlert error=failure/>
            {body}
        </section>
    }
}

#[component]
fn DesignForm(
    programme: ProgrammeId,
    texts: CertificateTemplate,
    current: RwSignal<Option<CertificateTemplateView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let issuer_zh = RwSignal::new(texts.issuer_zh);
    let issuer_en = RwSignal::new(texts.issuer_en);
    let heading = RwSignal::new(texts.heading);
    let closing = RwSignal::new(texts.closing);
    let signatory_name = RwSignal::new(texts.signatory_name);
    let signatory_title = RwSignal::new(texts.signatory_title);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        failure.set(None);
        let request = CertificateTemplate {
            issuer_zh: issuer_zh.get_untracked(),
            issuer_en: issuer_en.get_untracked(),
            heading: heading.get_untracked(),
            closing: closing.get_untracked(),
            signatory_name: signatory_name.get_untracked(),
            signatory_title: signatory_title.get_untracked(),
        };
        let problems = request.validate().err().unwrap_or_default();
        errors.set(problems.clone());
        if !problems.is_empty() {
            return;
        }
        spawn_local(async move {
            match certificate_staff::save_template(programme, &request).await {
                Ok(view) => {
                    current.set(Some(view));
                    saved.set(true);
                }
                Err(error) => {
                    if let ApiError::Api { body, .. } = &error {
                        errors.set(body.fields.clone());
                    }
                    failure.set(Some(error));
                }
            }
        });
    };
    let input = move |label: CertStaffMsg, name: &'static str, value: RwSignal<String>| {
        let input_id = format!("certificate-{name}");
        view! {
            <div class="field">
                <label for=input_id.clone()>{move || i18n.t(label)}</label>
                <input id=input_id name=name type="text" bind:value=value/>
                <p class="field-error">{move || errors.with(|all| {
                    all.iter()
                        .find(|e| e.field == name)
                        .map(|e| validation_message(i18n.locale(), e.error))
                })}</p>
            </div>
        }
    };
    view! {
        <form on:submit=on_submit novalidate data-test="certificate-design">
            {input(CertStaffMsg::IssuerZh, "issuer_zh", issuer_zh)}
            {input(CertStaffMsg::IssuerEn, "issuer_en", issuer_en)}
            {input(CertStaffMsg::Heading, "heading", heading)}
            {input(CertStaffMsg::Closing, "closing", closing)}
            {input(CertStaffMsg::SignatoryName, "signatory_name", signatory_name)}
            {input(CertStaffMsg::SignatoryTitle, "signatory_title", signatory_title)}
            <ErrorAlert error=failure/>
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-test="design-saved">{move || i18n.t(CertStaffMsg::DesignSaved)}</p>
            </Show>
            <button type="submit" data-test="save-design">{move || i18n.t(CertStaffMsg::SaveDesign)}</button>
        </form>
        <ImageUpload programme image=TemplateImage::Logo current/>
        <ImageUpload programme image=TemplateImage::Seal current/>
        <p>
            <a class="button-link" href=certificate_staff::preview_url(programme) download data-test="design-preview">
                {move || i18n.t(CertStaffMsg::Preview)}
            </a>
        </p>
    }
}

/// The logo's or the seal's state and a file input to replace it.
#[component]
fn ImageUpload(
    programme: ProgrammeId,
    image: TemplateImage,
    current: RwSignal<Option<CertificateTemplateView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    let failure = RwSignal::new(None::<ApiError>);
    let label = match image {
        TemplateImage::Logo => CertStaffMsg::Logo,
        TemplateImage::Seal => CertStaffMsg::Seal,
    };
    let on_change = move |_| {
        let file = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else { return };
        failure.set(None);
        spawn_local(async move {
            match certificate_staff::upload_image(programme, image, file).await {
                Ok(view) => current.set(Some(view)),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let input_id = format!("certificate-{}", image.as_str());
    let state = move || {
        let uploaded = current.with(|view| {
            view.as_ref().is_some_and(|v| match image {
                TemplateImage::Logo => v.has_logo,
                TemplateImage::Seal => v.has_seal,
            })
        });
        if uploaded {
            CertStaffMsg::ImageUploaded
        } else {
            CertStaffMsg::ImageMissing
        }
    };
    view! {
        <div class="field" data-test=format!("design-{}", image.as_str())>
            <label for=input_id.clone()>
                {move || i18n.t(label)} " · "
                <span data-test="image-state">{move || i18n.t(state())}</span>
            </label>
            <input id=input_id type="file" node_ref=input accept="image/png,image/jpeg" on:change=on_change/>
            <p class="hint">{move || i18n.t(CertStaffMsg::UploadImage)}</p>
            <ErrorAlert error=failure/>
        </div>
    }
}

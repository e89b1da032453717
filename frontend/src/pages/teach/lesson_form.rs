//! The form that adds a lesson to a module: a video (its file uploaded and
//! its length read from the file, with an optional audio-only rendition for
//! slow networks, which can also be added later), an article in Markdown,
//! or a document.

use cultivator_shared::api::authoring::{LessonDraft, LessonKind};
use cultivator_shared::{FieldError, LessonId, ModuleId};
use leptos::ev::SubmitEvent;
use leptos::html::{Input as InputEl, Video};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{field_errors, parse_number};
use crate::api::{self, ApiError};
use crate::components::{CheckBox, ErrorAlert, Input, TextArea};
use crate::i18n::{TeachMsg, lesson_kind_name, use_i18n};

const KINDS: [LessonKind; 3] = [LessonKind::Video, LessonKind::Article, LessonKind::Document];

#[component]
pub fn LessonForm(module: ModuleId, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(LessonKind::Video);
    let required = RwSignal::new(true);
    let duration = RwSignal::new(String::new());
    let markdown = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let file_input = NodeRef::<InputEl>::new();
    let audio_input = NodeRef::<InputEl>::new();
    let probe = NodeRef::<Video>::new();
    let scope = move |name: &str| format!("m{module}-{name}");

    let chosen_file = move || {
        file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
    };
    // Reads a chosen video's length from its metadata, in a hidden player.
    let on_file = move |_| {
        if kind.get_untracked() != LessonKind::Video {
            return;
        }
        if let (Some(file), Some(probe)) = (chosen_file(), probe.get_untracked())
            && let Ok(url) = web_sys::Url::create_object_url_with_blob(&file)
        {
            probe.set_src(&url);
        }
    };
    let on_metadata = move |_| {
        if let Some(probe) = probe.get_untracked() {
            let secs = probe.duration();
            if secs.is_finite() && secs > 0.0 {
                duration.set(format!("{}", secs.round().max(1.0) as u32));
            }
            let _ = web_sys::Url::revoke_object_url(&probe.src());
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let kind_now = kind.get_untracked();
        let draft = LessonDraft {
            title: title.get_untracked(),
            kind: kind_now,
            required: required.get_untracked(),
            duration_secs: (kind_now == LessonKind::Video)
                .then(|| parse_number("duration_secs", &duration.get_untracked(), &mut problems))
                .flatten(),
            body_markdown: (kind_now == LessonKind::Article).then(|| markdown.get_untracked()),
        };
        if let Err(more) = draft.validate() {
            problems.extend(more);
        }
        errors.set(problems.clone());
        if !problems.is_empty() {
            return;
        }
        let file = (kind_now != LessonKind::Article)
            .then(chosen_file)
            .flatten();
        let audio = (kind_now == LessonKind::Video)
            .then(|| audio_input.get_untracked())
            .flatten()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = async {
                let created = api::add_lesson(module, &draft).await?;
                if let Some(file) = file {
                    api::upload_media(LessonId(created.id), file).await?;
                }
                if let Some(audio) = audio {
                    api::upload_audio(LessonId(created.id), audio).await?;
                }
                Ok::<_, ApiError>(())
            }
            .await;
            pending.try_set(false);
            match result {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => {
                    errors.try_set(field_errors(&e));
                    failure.try_set(Some(e));
                }
            }
        });
    };

    let kind_options = KINDS
        .into_iter()
        .map(|k| {
            view! {
                <option value=k.as_str() selected=move || kind.get() == k>
                    {move || lesson_kind_name(i18n.locale(), k)}
                </option>
            }
        })
        .collect_view();
    let file_label = move || {
        i18n.t(if kind.get() == LessonKind::Video {
            TeachMsg::VideoFileLabel
        } else {
            TeachMsg::DocumentFileLabel
        })
    };
    let accept = move || {
        if kind.get() == LessonKind::Video {
            "video/mp4,video/webm"
        } else {
            "application/pdf,.docx,.pptx"
        }
    };
    let kind_id = scope("kind");
    let file_id = scope("file");
    let audio_id = scope("audio");
    view! {
        <form class="lesson-form" data-test="lesson-form" on:submit=submit novalidate>
            <h4>{move || i18n.t(TeachMsg::AddLesson)}</h4>
            <Input label=TeachMsg::LessonTitleLabel name="title" id=scope("title") value=title errors/>
            <div class="field">
                <label for=kind_id.clone()>{move || i18n.t(TeachMsg::LessonKindLabel)}</label>
                <select id=kind_id name="kind" on:change=move |ev| {
                    let picked = LessonKind::parse(&event_target_value(&ev));
                    kind.set(picked.unwrap_or(LessonKind::Video));
                }>
                    {kind_options}
                </select>
            </div>
            <CheckBox label=TeachMsg::RequiredLabel name="required" checked=required/>
            {move || (kind.get() != LessonKind::Article).then(|| {
                let file_id = file_id.clone();
                view! {
                    <div class="field">
                        <label for=file_id.clone()>{file_label}</label>
                        <input id=file_id type="file" name="file" accept=accept
                            node_ref=file_input on:change=on_file/>
                    </div>
                }
            })}
            <video node_ref=probe class="hidden" preload="metadata" muted
                on:loadedmetadata=on_metadata></video>
            {move || (kind.get() == LessonKind::Video).then(|| {
                let audio_id = audio_id.clone();
                view! {
                    <div class="field">
                        <label for=audio_id.clone()>{move || i18n.t(TeachMsg::AudioFileLabel)}</label>
                        <input id=audio_id type="file" name="audio" accept="audio/mp4,audio/mpeg,audio/webm,.m4a,.mp3,.webm,.weba"
                            node_ref=audio_input/>
                    </div>
                }
            })}
            {move || (kind.get() == LessonKind::Video).then(|| view! {
                <Input label=TeachMsg::DurationLabel name="duration_secs" id=scope("duration")
                    value=duration errors inputmode="numeric" hint=TeachMsg::DurationHint/>
            })}
            {move || (kind.get() == LessonKind::Article).then(|| view! {
                <TextArea label=TeachMsg::MarkdownLabel name="body_markdown" id=scope("markdown")
                    value=markdown errors rows=8/>
            })}
            <ErrorAlert error=failure/>
            {move || pending.get().then(|| view! { <p class="status">{i18n.t(TeachMsg::Uploading)}</p> })}
            <button type="submit" class="secondary" data-test="add-lesson" disabled=move || pending.get()>
                {move || i18n.t(TeachMsg::AddLesson)}
            </button>
        </form>
    }
}

/// Adds (or replaces) the audio-only rendition of a video lesson already made.
#[component]
pub fn AudioUpload(lesson: LessonId, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let id = format!("audio-{lesson}");
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = api::upload_audio(lesson, file).await;
            pending.try_set(false);
            match result {
                Ok(()) => {
                    version.try_update(|v| *v += 1);
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <details class="audio-upload">
            <summary>{move || i18n.t(TeachMsg::UploadAudio)}</summary>
            <label for=id.clone()>{move || i18n.t(TeachMsg::AudioFileLabel)}</label>
            <input id=id type="file" accept="audio/mp4,audio/mpeg,audio/webm,.m4a,.mp3,.webm,.weba" data-test="upload-audio"
                disabled=move || pending.get() on:change=on_change/>
            {move || pending.get().then(|| view! { <p class="status">{i18n.t(TeachMsg::Uploading)}</p> })}
            <ErrorAlert error=failure/>
        </details>
    }
}

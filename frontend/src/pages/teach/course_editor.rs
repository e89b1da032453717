//! `/teach/courses/:id`: edit a course: its details, modules and lessons
//! (with their video or document) and their order, question bank and
//! quizzes; publish it.

use cultivator_shared::api::authoring::{CourseDraft, CourseOutline, LessonKind, ModuleDraft};
use cultivator_shared::{CourseId, FieldError, PublishState};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::course_order::CourseOrderEditor;
use super::courses::CourseFields;
use super::field_errors;
use super::lesson_form::{AudioUpload, LessonForm};
use super::quiz_builder::QuizBuilder;
use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, Input, LoadingLine};
use crate::i18n::{OnlineMsg, TeachMsg, lesson_kind_name, minutes, publish_state_name, use_i18n};
use crate::pages::course::param;

#[component]
pub fn CourseEditor() -> impl IntoView {
    let i18n = use_i18n();
    let id = param("id");
    // Bumped after every change, to reload the outline.
    let version = RwSignal::new(0u32);
    // Outlives the editor, which is rebuilt once a new order is saved.
    let order_saved = RwSignal::new(None::<u32>);
    let outline = LocalResource::new(move || {
        version.track();
        async move {
            match id() {
                Some(id) => api::course_outline(CourseId(id)).await,
                None => Err(ApiError::Unexpected { status: 404 }),
            }
        }
    });
    let body = move || match outline.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(course)) => view! { <Editor course version order_saved/> }.into_any(),
    };
    view! {
        <section class="teach course-editor">
            {body}
            <p class="back"><a href="/teach/courses">{move || i18n.t(TeachMsg::TeachTitle)}</a></p>
        </section>
    }
}

#[component]
fn Editor(
    course: CourseOutline,
    version: RwSignal<u32>,
    order_saved: RwSignal<Option<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = course.id;
    let state = course.state;
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let fields = CourseFields::new(Some(&CourseDraft {
        title: course.title.clone(),
        summary: course.summary.clone(),
        category: course.category.clone(),
        credit_hours: course.credit_hours,
        completion_threshold_pct: course.completion_threshold_pct,
        attention_every_minutes: course.attention_every_minutes,
    }));
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(draft) = fields.draft() else { return };
        failure.set(None);
        saved.set(false);
        spawn_local(async move {
            match api::edit_course(id, &draft).await {
                Ok(()) => {
                    saved.try_set(true);
                }
                Err(e) => {
                    fields.errors.try_set(field_errors(&e));
                    failure.try_set(Some(e));
                }
            }
        });
    };
    let publish = move |_| {
        failure.set(None);
        spawn_local(async move {
            match api::publish_course(id).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        });
    };
    let module_count = course.modules.len();
    let arrange = (module_count > 0).then(|| {
        view! { <CourseOrderEditor course=id modules=course.modules.clone() version saved=order_saved/> }
    });
    let modules = course
        .modules
        .into_iter()
        .map(|module| {
            let lessons = module
                .lessons
                .into_iter()
                .map(|l| {
                    let kind = l.kind;
                    view! {
                        <li data-test="authored-lesson">
                            {l.title} " · "
                            {move || lesson_kind_name(i18n.locale(), kind)}
                            {move || l.duration_secs.map(|s| format!(" · {}", minutes(i18n.locale(), s)))}
                            {move || (!l.required).then(|| format!(" · {}", i18n.t(OnlineMsg::Optional)))}
                            {move || l.has_audio.then(|| format!(" · {}", i18n.t(TeachMsg::HasAudio)))}
                            {(kind == LessonKind::Video).then(|| view! { <AudioUpload lesson=l.id version/> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="module card" data-test="module">
                    <h3>{module.title}</h3>
                    <ol class="lessons">{lessons}</ol>
                    <LessonForm module=module.id version/>
                </li>
            }
        })
        .collect_view();

    view! {
        <h1>{course.title.clone()}</h1>
        <p class="meta">
            <span class="tag" data-test="course-state">{move || publish_state_name(i18n.locale(), state)}</span>
            <a href=format!("/courses/{id}")>{move || i18n.t(TeachMsg::ViewAsTrainee)}</a>
        </p>
        {(state == PublishState::Published).then(|| view! {
            <p class="notice" data-test="published">{move || i18n.t(TeachMsg::PublishedNotice)}</p>
        })}
        <ErrorAlert error=failure/>
        {(state != PublishState::Published).then(|| view! {
            <button class="primary" data-test="publish" on:click=publish>
                {move || i18n.t(TeachMsg::Publish)}
            </button>
        })}
        <details class="card">
            <summary>{move || i18n.t(TeachMsg::DetailsTitle)}</summary>
            <form on:submit=save novalidate>
                {fields.view()}
                {move || saved.get().then(|| view! { <p class="notice">{i18n.t(TeachMsg::Saved)}</p> })}
                <button type="submit" class="primary">{move || i18n.t(TeachMsg::SaveCourse)}</button>
            </form>
        </details>
        <h2>{move || i18n.t(TeachMsg::ModulesTitle)}</h2>
        {(module_count == 0).then(|| view! { <p class="empty">{move || i18n.t(TeachMsg::NoModules)}</p> })}
        <ol class="modules">{modules}</ol>
        {arrange}
        <AddModule course=id version/>
        <QuizBuilder course=id/>
    }
}

#[component]
fn AddModule(course: CourseId, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let draft = ModuleDraft {
            title: title.get_untracked(),
        };
        if let Err(e) = draft.validate() {
            errors.set(e);
            return;
        }
        spawn_local(async move {
            match api::add_module(course, &draft).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => {
                    errors.try_set(field_errors(&e));
                    failure.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="card add-module" on:submit=submit novalidate>
            <Input label=TeachMsg::ModuleTitleLabel name="title" id="module-title".to_owned()
                value=title errors/>
            <ErrorAlert error=failure/>
            <button type="submit" class="secondary" data-test="add-module">
                {move || i18n.t(TeachMsg::AddModule)}
            </button>
        </form>
    }
}

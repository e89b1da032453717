//! `/teach/courses`: the instructor's courses (drafts included) and the
//! form that creates a new one.

use cultivator_shared::api::authoring::CourseDraft;
use cultivator_shared::{CreditHours, FieldError, ValidationError};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::{field_errors, parse_tenths};
use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, Input, LoadingLine, TextArea};
use crate::i18n::{TeachMsg, credit_hours, publish_state_name, use_i18n};

/// The course fields as typed, shared by the create and edit forms.
#[derive(Debug, Clone, Copy)]
pub struct CourseFields {
    pub title: RwSignal<String>,
    pub summary: RwSignal<String>,
    pub category: RwSignal<String>,
    pub hours: RwSignal<String>,
    pub threshold: RwSignal<String>,
    /// Minutes between attention checks; empty for none.
    pub attention: RwSignal<String>,
    pub errors: RwSignal<Vec<FieldError>>,
}

impl CourseFields {
    pub fn new(draft: Option<&CourseDraft>) -> Self {
        let text = |f: fn(&CourseDraft) -> String, default: &str| {
            RwSignal::new(draft.map_or_else(|| default.to_owned(), f))
        };
        Self {
            title: text(|d| d.title.clone(), ""),
            summary: text(|d| d.summary.clone(), ""),
            category: text(|d| d.category.clone(), ""),
            hours: text(|d| d.credit_hours.to_string(), ""),
            threshold: text(|d| d.completion_threshold_pct.to_string(), "90"),
            attention: text(
                |d| {
                    d.attention_every_minutes
                        .map(|m| m.to_string())
                        .unwrap_or_default()
                },
                "",
            ),
            errors: RwSignal::new(Vec::new()),
        }
    }

    /// The draft, or the fields' errors (checked by the shared rules too).
    pub fn draft(&self) -> Option<CourseDraft> {
        let mut errors = Vec::new();
        let tenths = parse_tenths(&self.hours.get_untracked());
        if tenths.is_none() {
            errors.push(FieldError::new(
                "credit_hours",
                ValidationError::OutOfRange { min: 0, max: 1000 },
            ));
        }
        let threshold = self.threshold.get_untracked().trim().parse().unwrap_or(0);
        let attention = self.attention.get_untracked();
        let attention_every_minutes = match attention.trim() {
            "" => None,
            // Not a number: 0 is out of range and says so.
            text => Some(text.parse().unwrap_or(0)),
        };
        let draft = CourseDraft {
            title: self.title.get_untracked(),
            summary: self.summary.get_untracked(),
            category: self.category.get_untracked(),
            credit_hours: CreditHours(tenths.unwrap_or(0)),
            completion_threshold_pct: threshold,
            attention_every_minutes,
        };
        if let Err(more) = draft.validate() {
            errors.extend(more);
        }
        self.errors.set(errors.clone());
        errors.is_empty().then_some(draft)
    }

    pub fn view(self) -> impl IntoView {
        let errors = self.errors;
        view! {
            <Input label=TeachMsg::TitleLabel name="title" value=self.title errors/>
            <TextArea label=TeachMsg::SummaryLabel name="summary" value=self.summary errors rows=3/>
            <Input label=TeachMsg::CategoryLabel name="category" value=self.category errors
                hint=TeachMsg::CategoryHint/>
            <Input label=TeachMsg::CreditHoursLabel name="credit_hours" value=self.hours errors
                inputmode="decimal" hint=TeachMsg::CreditHoursHint/>
            <Input label=TeachMsg::ThresholdLabel name="completion_threshold_pct"
                value=self.threshold errors inputmode="numeric"/>
            <Input label=TeachMsg::AttentionLabel name="attention_every_minutes"
                value=self.attention errors inputmode="numeric" hint=TeachMsg::AttentionHint/>
        }
    }
}

#[component]
pub fn TeachCourses() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let courses = LocalResource::new(api::authored_courses);
    let fields = CourseFields::new(None);
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(draft) = fields.draft() else { return };
        pending.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::create_course(&draft).await {
                Ok(created) => navigate(
                    &format!("/teach/courses/{}", created.id),
                    Default::default(),
                ),
                Err(e) => {
                    fields.errors.try_set(field_errors(&e));
                    failure.try_set(Some(e));
                    pending.try_set(false);
                }
            }
        });
    };

    let list = move || {
        match courses.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">{move || i18n.t(TeachMsg::NoTeachCourses)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="cards">
                {list.into_iter().map(|c| {
                    let id = c.course.id;
                    let hours = c.course.credit_hours;
                    let state = c.state;
                    view! {
                        <li class="card item" data-test="authored-course">
                            <h3><a href=format!("/teach/courses/{id}")>{c.course.title}</a></h3>
                            <p class="meta">
                                <span class="tag">{move || publish_state_name(i18n.locale(), state)}</span>
                                <span>{c.course.category}</span>
                                <span>{move || credit_hours(i18n.locale(), hours)}</span>
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    };

    view! {
        <section class="teach">
            <h1>{move || i18n.t(TeachMsg::TeachTitle)}</h1>
            {list}
            <form class="card" on:submit=on_submit novalidate>
                <h2>{move || i18n.t(TeachMsg::NewCourse)}</h2>
                {fields.view()}
                <ErrorAlert error=failure/>
                <button type="submit" class="primary" data-test="create-course"
                    disabled=move || pending.get()>
                    {move || i18n.t(TeachMsg::CreateCourse)}
                </button>
            </form>
        </section>
    }
}

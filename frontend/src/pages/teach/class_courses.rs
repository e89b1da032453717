//! The courses an online class follows, as its instructors set them: tick
//! from one's published courses (in the order ticked), then save the list.

use cultivator_shared::api::my_learning::AuthoredCourse;
use cultivator_shared::api::online_classes::ClassCourses;
use cultivator_shared::{ClassId, CourseId, PublishState};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::ErrorAlert;
use crate::i18n::{TeachMsg, use_i18n};

#[component]
pub fn ClassCoursesEditor(class_id: ClassId) -> impl IntoView {
    let i18n = use_i18n();
    let published = RwSignal::new(Vec::<AuthoredCourse>::new());
    let chosen = RwSignal::new(Vec::<CourseId>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let pending = RwSignal::new(false);
    spawn_local(async move {
        let loaded = async {
            let mine = api::authored_courses().await?;
            let current = api::class_courses(class_id).await?;
            Ok::<_, ApiError>((mine, current))
        }
        .await;
        match loaded {
            Ok((mine, current)) => {
                published.try_set(
                    mine.into_iter()
                        .filter(|c| c.state == PublishState::Published)
                        .collect(),
                );
                chosen.try_set(current.courses);
            }
            Err(e) => {
                failure.try_set(Some(e));
            }
        }
    });
    let toggle = move |course: CourseId, on: bool| {
        saved.set(false);
        chosen.update(|c| {
            c.retain(|&x| x != course);
            if on {
                c.push(course);
            }
        });
    };
    let save = move |_| {
        let list = ClassCourses {
            courses: chosen.get_untracked(),
        };
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = api::set_class_courses(class_id, &list).await;
            pending.try_set(false);
            match result {
                Ok(()) => {
                    saved.try_set(true);
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        });
    };
    let options = move || {
        published
            .get()
            .into_iter()
            .map(|c| {
                let id = c.course.id;
                view! {
                    <label>
                        <input type="checkbox" data-test=format!("class-course-{id}")
                            prop:checked=move || chosen.with(|list| list.contains(&id))
                            on:change=move |ev| toggle(id, event_target_checked(&ev))/>
                        " " {c.course.title}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <section class="class-courses" data-test="class-courses">
            <h2>{move || i18n.t(TeachMsg::ClassCoursesTitle)}</h2>
            <p class="hint">{move || i18n.t(TeachMsg::ClassCoursesHint)}</p>
            {move || published.with(Vec::is_empty).then(|| view! {
                <p class="empty">{i18n.t(TeachMsg::NoPublishedCourses)}</p>
            })}
            {options}
            <ErrorAlert error=failure/>
            {move || saved.get().then(|| view! {
                <p class="notice" data-test="class-courses-saved">{i18n.t(TeachMsg::Saved)}</p>
            })}
            <button type="button" class="primary" data-test="save-class-courses" on:click=save
                disabled=move || pending.get()>
                {move || i18n.t(TeachMsg::SaveClassCourses)}
            </button>
        </section>
    }
}

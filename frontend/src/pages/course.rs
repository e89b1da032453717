//! `/courses/:id`: a course's summary, credit hours, modules and lessons with
//! the trainee's ticks and progress, its quizzes, and the enrol button.

use cultivator_shared::CourseId;
use cultivator_shared::api::authoring::{CourseOutline, LessonOutline};
use cultivator_shared::api::my_learning::MyCourseProgress;
use cultivator_shared::api::quizzes::QuizView;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::offline::OfflineMsg;
use crate::i18n::{
    OnlineMsg, credit_hours, lesson_kind_name, minutes, percent_done, score, use_i18n,
};
use crate::offline_course;

/// The `:id` (or other named) route parameter as a number.
pub fn param(name: &'static str) -> impl Fn() -> Option<i64> + Copy + Send + Sync {
    let params = use_params_map();
    move || params.read().get(name).and_then(|s| s.parse().ok())
}

#[component]
pub fn CoursePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = param("id");
    let outline = LocalResource::new(move || async move {
        match id() {
            Some(id) => api::course_outline(CourseId(id)).await,
            None => Err(ApiError::Unexpected { status: 404 }),
        }
    });
    let quizzes = LocalResource::new(move || async move {
        match id() {
            Some(id) => api::course_quizzes(CourseId(id)).await.unwrap_or_default(),
            None => Vec::new(),
        }
    });
    let mine = RwSignal::new(None::<MyCourseProgress>);
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let load_mine = move |id: Option<i64>| {
        if let Some(id) = id {
            spawn_local(async move {
                // Visitors who are not signed in simply see no progress.
                if let Ok(progress) = api::my_course(CourseId(id)).await {
                    mine.try_set(Some(progress));
                }
            });
        }
    };
    Effect::new(move |_| load_mine(id()));

    let enroll = move |_| {
        let Some(id) = id() else { return };
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            if let Err(e) = api::enroll(CourseId(id)).await {
                failure.try_set(Some(e));
            }
            pending.try_set(false);
            load_mine(Some(id));
        });
    };

    let body = move || match outline.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(course)) => {
            let keep = course.clone();
            let CourseOutline {
                id: course_id,
                title,
                summary,
                category,
                credit_hours: hours,
                modules,
                ..
            } = course;
            let progress = move || {
                mine.get().unwrap_or(MyCourseProgress {
                    enrollment: None,
                    lessons: Vec::new(),
                    quizzes: Vec::new(),
                    progress_pct: 0,
                })
            };
            let enrolled = move || progress().enrollment.is_some();
            let completed = move || {
                progress()
                    .enrollment
                    .is_some_and(|e| e.completed_at.is_some())
            };
            let status = move || {
                if completed() {
                    view! {
                        <p class="notice" data-test="course-completed">
                            {i18n.t(OnlineMsg::CompletedNotice)} " "
                            <strong>{credit_hours(i18n.locale(), hours)}</strong>
                        </p>
                    }
                    .into_any()
                } else if enrolled() {
                    let pct = progress().progress_pct;
                    view! {
                        <div class="progress" data-test="course-progress">
                            <span class="label">{i18n.t(OnlineMsg::ProgressLabel)}</span>
                            <progress max="100" value=pct></progress>
                            <span>{percent_done(i18n.locale(), pct)}</span>
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <button class="primary" data-test="enroll" on:click=enroll
                            disabled=move || pending.get()>
                            {i18n.t(OnlineMsg::Enroll)}
                        </button>
                    }
                    .into_any()
                }
            };
            let module_list = modules
                .into_iter()
                .map(|module| {
                    let lessons = module
                        .lessons
                        .into_iter()
                        .map(|lesson| view! { <LessonRow course=course_id lesson mine/> })
                        .collect_view();
                    view! {
                        <li class="module">
                            <h3>{module.title}</h3>
                            <ol class="lessons">{lessons}</ol>
                        </li>
                    }
                })
                .collect_view();
            let quiz_list = move || {
                let list = quizzes.get().unwrap_or_default();
                (!list.is_empty()).then(|| {
                    let rows = list
                        .into_iter()
                        .map(|quiz| view! { <QuizRow course=course_id quiz mine/> })
                        .collect_view();
                    view! {
                        <h2>{move || i18n.t(OnlineMsg::QuizzesTitle)}</h2>
                        <ul class="quizzes">{rows}</ul>
                    }
                })
            };
            view! {
                <h1>{title}</h1>
                <p class="meta">
                    <span class="tag">{category}</span>
                    <span data-test="course-credit-hours">{move || credit_hours(i18n.locale(), hours)}</span>
                </p>
                <p class="summary">{summary}</p>
                {status}
                {move || enrolled().then(|| view! { <SaveForOffline course=keep.clone()/> })}
                <ErrorAlert error=failure/>
                <h2>{move || i18n.t(OnlineMsg::ContentsTitle)}</h2>
                <ol class="modules">{module_list}</ol>
                {quiz_list}
            }
            .into_any()
        }
    };

    view! { <section class="card course-page">{body}</section> }
}

/// Saving the course on the phone, what this phone holds, and clearing it.
#[component]
fn SaveForOffline(course: CourseOutline) -> impl IntoView {
    let i18n = use_i18n();
    let id = course.id;
    let saved = RwSignal::new(offline_course::is_saved(id));
    let total = RwSignal::new(offline_course::saved_bytes());
    let saving = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let with_videos = RwSignal::new(false);
    // The videos' size, asked before the trainee chooses to keep them.
    let video_bytes = RwSignal::new(None::<u64>);
    if !offline_course::videos(&course).is_empty() {
        let outline = course.clone();
        spawn_local(async move {
            if let Ok(bytes) = offline_course::video_bytes(&outline).await {
                video_bytes.try_set(Some(bytes));
            }
        });
    }
    let course = StoredValue::new(course);
    let save = move |_| {
        saving.set(true);
        failed.set(false);
        spawn_local(async move {
            let outline = course.get_value();
            match offline_course::save(&outline, with_videos.get_untracked()).await {
                Ok(_) => saved.set(true),
                Err(_) => failed.set(true),
            }
            total.set(offline_course::saved_bytes());
            saving.set(false);
        });
    };
    let clear = move |_| {
        spawn_local(async move {
            if offline_course::clear().await.is_ok() {
                saved.set(false);
                total.set(0);
            }
        });
    };
    view! {
        <div class="offline-save">
            {move || saved.get().then(|| view! {
                <p class="notice" data-test="course-saved">{move || i18n.t(OfflineMsg::CourseSaved)}</p>
            })}
            {move || video_bytes.get().filter(|b| *b > 0).map(|bytes| view! {
                <label class="check">
                    <input type="checkbox" data-test="save-videos"
                        prop:checked=move || with_videos.get()
                        on:change=move |ev| with_videos.set(event_target_checked(&ev))/>
                    " " {move || i18n.t(OfflineMsg::AlsoVideos)} " (" {megabytes(bytes)} ")"
                </label>
            })}
            <button type="button" class="secondary" data-test="save-course" on:click=save
                disabled=move || saving.get()>
                {move || i18n.t(if saving.get() {
                    OfflineMsg::SavingCourse
                } else if saved.get() {
                    OfflineMsg::UpdateSaved
                } else {
                    OfflineMsg::SaveCourse
                })}
            </button>
            {move || failed.get().then(|| view! {
                <p class="error" role="alert">{move || i18n.t(OfflineMsg::SaveFailed)}</p>
            })}
            {move || (total.get() > 0).then(|| view! {
                <p class="meta" data-test="saved-total">
                    {move || i18n.t(OfflineMsg::SavedTotal)} " " {megabytes(total.get())} " · "
                    <button type="button" class="link" data-test="clear-saved" on:click=clear>
                        {move || i18n.t(OfflineMsg::ClearSaved)}
                    </button>
                </p>
            })}
        </div>
    }
}

/// Bytes as megabytes with one decimal (at least 0.1 MB when not empty).
fn megabytes(bytes: u64) -> String {
    let tenths = bytes.div_ceil(100_000);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

#[component]
fn LessonRow(
    course: CourseId,
    lesson: LessonOutline,
    mine: RwSignal<Option<MyCourseProgress>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let LessonOutline {
        id,
        title,
        kind,
        required,
        duration_secs,
        ..
    } = lesson;
    let done = move || {
        mine.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.lessons.iter().any(|l| l.lesson_id == id && l.completed))
        })
    };
    let enrolled = move || mine.with(|m| m.as_ref().is_some_and(|m| m.enrollment.is_some()));
    let href = format!("/courses/{course}/lessons/{id}");
    view! {
        <li class="lesson" data-test="lesson" class:done=done>
            <span class="tick" aria-hidden="true">{move || if done() { "✓" } else { "○" }}</span>
            {
                let title = title.clone();
                move || if enrolled() {
                    view! { <a href=href.clone()>{title.clone()}</a> }.into_any()
                } else {
                    view! { <span>{title.clone()}</span> }.into_any()
                }
            }
            <span class="meta">
                {move || lesson_kind_name(i18n.locale(), kind)}
                {move || duration_secs.map(|s| format!(" · {}", minutes(i18n.locale(), s)))}
                {move || (!required).then(|| format!(" · {}", i18n.t(OnlineMsg::Optional)))}
                {move || done().then(|| format!(" · {}", i18n.t(OnlineMsg::LessonDone)))}
            </span>
        </li>
    }
}

#[component]
fn QuizRow(
    course: CourseId,
    quiz: QuizView,
    mine: RwSignal<Option<MyCourseProgress>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let quiz_id = quiz.id;
    let status = move || {
        mine.with(|m| {
            m.as_ref()
                .and_then(|m| m.quizzes.iter().find(|q| q.quiz_id == quiz_id).copied())
        })
    };
    let passed = move || status().is_some_and(|s| s.passed);
    let pass_pct = quiz.settings.pass_pct;
    view! {
        <li class="quiz" data-test="quiz" class:done=passed>
            <span class="tick" aria-hidden="true">{move || if passed() { "✓" } else { "○" }}</span>
            <a href=format!("/courses/{course}/quizzes/{quiz_id}")>{quiz.settings.title}</a>
            <span class="meta">
                {move || format!("{} {}", i18n.t(OnlineMsg::PassMarkLabel), score(i18n.locale(), pass_pct))}
                {move || status().and_then(|s| s.best_score_pct).map(|b| {
                    format!(" · {} {}", i18n.t(OnlineMsg::BestScoreLabel), score(i18n.locale(), b))
                })}
                {move || passed().then(|| format!(" · {}", i18n.t(OnlineMsg::Passed)))}
            </span>
        </li>
    }
}

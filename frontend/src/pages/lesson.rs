//! `/courses/:course/lessons/:lesson`: one lesson. A video plays in the
//! verified player (or, if the trainee chooses and the lesson has one, its
//! audio-only rendition, verified the same way); an article (sanitised HTML
//! from the server) completes once its end has been scrolled into view and
//! its reading time has passed with the page on screen; a document once its
//! reading time has.

use cultivator_shared::api::authoring::{CourseOutline, LessonKind, LessonOutline};
use cultivator_shared::api::learning::{LessonProgressView, ProgressReport};
use cultivator_shared::api::my_learning::MyCourseProgress;
use cultivator_shared::{CourseId, LessonId};
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::course::param;
use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine, VideoPlayer};
use crate::i18n::offline::OfflineMsg;
use crate::i18n::{OnlineMsg, clock, lesson_kind_name, use_i18n};

#[component]
pub fn LessonPage() -> impl IntoView {
    let i18n = use_i18n();
    let course = param("course");
    let lesson = param("lesson");
    let data = LocalResource::new(move || async move {
        let (Some(course), Some(_)) = (course(), lesson()) else {
            return Err(ApiError::Unexpected { status: 404 });
        };
        let outline = api::course_outline(CourseId(course)).await?;
        let mine = api::my_course(CourseId(course)).await?;
        Ok::<_, ApiError>((outline, mine))
    });
    let body = move || match data.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok((outline, mine))) => {
            let Some(id) = lesson() else {
                return ().into_any();
            };
            view! { <Lesson outline mine id=LessonId(id)/> }.into_any()
        }
    };
    view! {
        <section class="card lesson-page">
            {body}
            <p class="back">
                <a href=move || format!("/courses/{}", course().unwrap_or_default())>
                    {move || i18n.t(OnlineMsg::BackToCourse)}
                </a>
            </p>
        </section>
    }
}

#[component]
fn Lesson(outline: CourseOutline, mine: MyCourseProgress, id: LessonId) -> impl IntoView {
    let i18n = use_i18n();
    let all: Vec<LessonOutline> = outline
        .modules
        .into_iter()
        .flat_map(|m| m.lessons)
        .collect();
    let Some(index) = all.iter().position(|l| l.id == id) else {
        return view! { <ErrorAlert error=Some(ApiError::Unexpected { status: 404 })/> }.into_any();
    };
    let next = all.get(index + 1).map(|l| (l.id, l.title.clone()));
    let lesson = all[index].clone();
    if mine.enrollment.is_none() {
        return view! {
            <h1>{lesson.title}</h1>
            <p class="notice">{move || i18n.t(OnlineMsg::EnrollFirst)}</p>
        }
        .into_any();
    }
    let was_done = mine
        .lessons
        .iter()
        .any(|l| l.lesson_id == id && l.completed);
    let course_was_done = mine.enrollment.is_some_and(|e| e.completed_at.is_some());
    let latest = RwSignal::new(None::<LessonProgressView>);
    let done = move || was_done || latest.with(|l| l.is_some_and(|l| l.completed));
    let course_done =
        move || course_was_done || latest.with(|l| l.is_some_and(|l| l.course_completed));
    let kept = progress_kept();
    let kind = lesson.kind;
    let content = match kind {
        LessonKind::Video => {
            let duration_ms = u64::from(lesson.duration_secs.unwrap_or(0)) * 1000;
            let watched = move || {
                latest.get().map(|l| {
                    format!(
                        "{} {} / {}",
                        i18n.t(OnlineMsg::WatchedLabel),
                        clock(l.played_ms),
                        clock(duration_ms)
                    )
                })
            };
            // Only offered when there is an audio rendition; remembered.
            let audio = RwSignal::new(lesson.has_audio && prefers_audio());
            let choose = move |listen: bool| {
                remember_audio(listen);
                audio.set(listen);
            };
            let choice = lesson.has_audio.then(|| {
                view! {
                    <div class="media-choice" role="radiogroup">
                        <label>
                            <input type="radio" name="media" data-test="watch-video"
                                prop:checked=move || !audio.get() on:change=move |_| choose(false)/>
                            " " {move || i18n.t(OnlineMsg::WatchVideo)}
                        </label>
                        <label>
                            <input type="radio" name="media" data-test="listen-audio"
                                prop:checked=move || audio.get() on:change=move |_| choose(true)/>
                            " " {move || i18n.t(OnlineMsg::ListenAudio)}
                        </label>
                    </div>
                }
            });
            let player = move || {
                let audio = audio.get();
                view! { <VideoPlayer lesson=id duration_ms latest audio/> }
            };
            view! {
                {choice}
                {player}
                <p class="hint">{move || i18n.t(OnlineMsg::VideoHint)}</p>
                <p class="meta" data-test="watched">{watched}</p>
            }
            .into_any()
        }
        LessonKind::Article => view! {
            <Article id html=lesson.html.clone().unwrap_or_default() latest/>
        }
        .into_any(),
        LessonKind::Document => view! { <Document id latest/> }.into_any(),
    };
    let course_id = outline.id;
    view! {
        <h1>{lesson.title}</h1>
        <p class="meta">{move || lesson_kind_name(i18n.locale(), kind)}</p>
        {content}
        <p class="notice" data-test="progress-kept" class:hidden=move || !kept.get()>
            {move || i18n.t(OfflineMsg::ProgressKept)}
        </p>
        <p class="notice" data-test="lesson-status" class:hidden=move || !done()>
            {move || done().then(|| i18n.t(OnlineMsg::LessonCompleted))}
        </p>
        {move || course_done().then(|| view! {
            <p class="notice" data-test="course-completed">{i18n.t(OnlineMsg::CompletedNotice)}</p>
        })}
        {next.map(|(next, title)| view! {
            <p class="next">
                {move || i18n.t(OnlineMsg::NextLesson)} "："
                <a href=format!("/courses/{course_id}/lessons/{next}")>{title}</a>
            </p>
        })}
    }
    .into_any()
}

const AUDIO_KEY: &str = "cultivator.audio-only";

use crate::device::storage;

/// The trainee chose to listen rather than watch, on this device.
fn prefers_audio() -> bool {
    storage().and_then(|s| s.get_item(AUDIO_KEY).ok().flatten()) == Some("1".into())
}

fn remember_audio(listen: bool) {
    if let Some(storage) = storage() {
        // Not being able to remember the choice is no reason to fail.
        let _ = storage.set_item(AUDIO_KEY, if listen { "1" } else { "0" });
    }
}

/// How often a reading page reports its visible time.
const READ_REPORT_EVERY_MS: f64 = 15_000.0;
/// The page checks whether it is shown this often.
const READ_TICK: std::time::Duration = std::time::Duration::from_secs(1);

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| !d.hidden())
}

/// Counts the time this page is on screen and reports it every ~15 s (and
/// at once when `at_end` first turns true). The server pays it from the
/// trainee's study clock, so time counted twice, or while the phone slept,
/// earns nothing. Returns the signal `at_end` should be set on.
fn reading_timer(id: LessonId, latest: RwSignal<Option<LessonProgressView>>) -> RwSignal<bool> {
    let at_end = RwSignal::new(false);
    // (visible ms not yet reported, the last tick's time, end already sent)
    let counted = StoredValue::new((0.0_f64, js_sys::Date::now(), false));
    let report_now = move |force: bool| {
        let Some((pending, _, end_sent)) = counted.try_get_value() else {
            return;
        };
        // Done: nothing more to earn.
        if latest
            .try_get_untracked()
            .flatten()
            .is_some_and(|l| l.completed)
        {
            return;
        }
        let reached = at_end.get_untracked();
        if pending < READ_REPORT_EVERY_MS && !(force && reached && !end_sent) {
            return;
        }
        counted.update_value(|c| {
            c.0 = 0.0;
            c.2 |= reached;
        });
        let report = ProgressReport {
            visible_ms: pending as u64,
            read_to_end: reached,
            ..Default::default()
        };
        send(id, report, latest);
    };
    let tick = move || {
        let now = js_sys::Date::now();
        let visible = page_visible();
        counted.update_value(|c| {
            // A tick long after the last one means the phone slept: that
            // time was not reading.
            let elapsed = (now - c.1).clamp(0.0, 2.0 * READ_TICK.as_millis() as f64);
            if visible {
                c.0 += elapsed;
            }
            c.1 = now;
        });
        report_now(false);
    };
    let interval = set_interval_with_handle(tick, READ_TICK).ok();
    on_cleanup(move || {
        if let Some(interval) = interval {
            interval.clear();
        }
    });
    Effect::new(move |_| {
        if at_end.get() {
            report_now(true);
        }
    });
    // Opening the page shows the stored progress.
    spawn_local(async move {
        if let Ok(view) = api::lesson_progress(id).await {
            latest.try_set(Some(view));
        }
    });
    at_end
}

/// "Read 0:45 / 1:00", from the latest answer.
fn read_so_far(latest: RwSignal<Option<LessonProgressView>>) -> impl Fn() -> Option<String> {
    let i18n = use_i18n();
    move || {
        latest.get().and_then(|l| {
            l.required_ms.map(|required| {
                format!(
                    "{} {} / {}",
                    i18n.t(OnlineMsg::ReadLabel),
                    clock(l.played_ms.min(required)),
                    clock(required)
                )
            })
        })
    }
}

/// Sends one report and keeps its answer.
fn send(id: LessonId, report: ProgressReport, latest: RwSignal<Option<LessonProgressView>>) {
    spawn_local(async move {
        if let Ok(Some(view)) = crate::outbox::report_progress(id, report).await {
            latest.try_set(Some(view));
        }
    });
}

/// Whether progress made with no network waits on this phone, looked at
/// every few seconds while the lesson is open.
fn progress_kept() -> RwSignal<bool> {
    let kept = RwSignal::new(crate::outbox::progress_waiting() > 0);
    let interval = set_interval_with_handle(
        move || {
            kept.try_set(crate::outbox::progress_waiting() > 0);
        },
        std::time::Duration::from_secs(2),
    )
    .ok();
    on_cleanup(move || {
        if let Some(interval) = interval {
            interval.clear();
        }
    });
    kept
}

/// An article: read for its required time (counted while the page is on
/// screen) and to the end (its last line scrolled into view) completes it.
#[component]
fn Article(
    id: LessonId,
    html: String,
    latest: RwSignal<Option<LessonProgressView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let end = NodeRef::<Div>::new();
    let at_end = reading_timer(id, latest);
    let check = move || {
        // Runs from a timer too, perhaps after the page was left.
        if at_end.try_get_untracked() != Some(false) {
            return;
        }
        let Some(end) = end.try_get_untracked().flatten() else {
            return;
        };
        let height = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        if end.get_bounding_client_rect().top() <= height {
            at_end.set(true);
        }
    };
    let scroll = window_event_listener(ev::scroll, move |_| check());
    on_cleanup(move || scroll.remove());
    // A short article may fit the screen: check once it is laid out.
    Effect::new(move |_| {
        if end.get().is_some() {
            set_timeout(check, std::time::Duration::from_secs(2));
        }
    });
    view! {
        <p class="hint">{move || i18n.t(OnlineMsg::ArticleHint)}</p>
        <div class="article" data-test="article" inner_html=html></div>
        <div node_ref=end class="article-end" aria-hidden="true"></div>
        <p class="meta" data-test="read-time">{read_so_far(latest)}</p>
    }
}

/// A document: opened and read for its required time (counted while this
/// page is on screen) completes it.
#[component]
fn Document(id: LessonId, latest: RwSignal<Option<LessonProgressView>>) -> impl IntoView {
    let i18n = use_i18n();
    reading_timer(id, latest);
    view! {
        <p class="hint">{move || i18n.t(OnlineMsg::DocumentHint)}</p>
        <p>
            <a class="button" data-test="open-document" href=api::media_url(id)
                target="_blank" rel="noopener">
                {move || i18n.t(OnlineMsg::DocumentOpen)}
            </a>
        </p>
        <p class="meta" data-test="read-time">{read_so_far(latest)}</p>
    }
}

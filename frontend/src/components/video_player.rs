//! The video lesson player. It resumes where the trainee stopped and reports
//! what was actually played at normal speed: every ~15 s while playing, and
//! on pause, seek, end and when the page is hidden or left (then with
//! `fetch(…, {keepalive})`). The server verifies each claim against the wall
//! clock, so reports go one at a time, in order, and the first one (sent on
//! opening, without playback) starts that clock. With no network (a lesson
//! saved on the phone), reports wait in the outbox with the phone's time and
//! are counted when the network returns (`crate::outbox`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use cultivator_shared::api::learning::{
    AttentionResult, LessonProgressView, PlayedSpan, ProgressReport,
};
use cultivator_shared::{ErrorCode, LessonId};
use leptos::ev;
use leptos::html::Video;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;

use crate::i18n::{OnlineMsg, use_i18n};
use crate::{api, outbox};

/// How often a playing video reports.
const REPORT_EVERY: Duration = Duration::from_secs(15);

/// What the player has seen since its last report.
struct Tracker {
    lesson: LessonId,
    duration_ms: u64,
    /// Media time (s) where the current stretch of normal-speed playback began.
    span_start: Option<f64>,
    /// The last position (s) seen.
    position: f64,
    /// Played spans not yet acknowledged, oldest first.
    queue: VecDeque<(u64, u64)>,
    in_flight: bool,
    /// The opening report was acknowledged: the server's clock runs.
    opened: bool,
    /// Where to resume once the metadata has loaded.
    resume_at: Option<f64>,
}

impl Tracker {
    fn ms(&self, seconds: f64) -> u64 {
        // Float to int casts saturate; negative and NaN become 0.
        ((seconds * 1000.0).round() as u64).min(self.duration_ms)
    }

    /// Ends the current stretch of playback at `at` seconds and queues it.
    fn close(&mut self, at: f64) {
        if let Some(start) = self.span_start.take() {
            let (from, to) = (self.ms(start), self.ms(at));
            if to > from {
                match self.queue.back_mut() {
                    Some(last) if last.1 == from => last.1 = to,
                    _ => self.queue.push_back((from, to)),
                }
            }
        }
        self.position = at;
    }

    fn report(&self, played: Option<(u64, u64)>) -> ProgressReport {
        ProgressReport {
            played: played.map(|(from_ms, to_ms)| PlayedSpan { from_ms, to_ms }),
            position_ms: self.ms(self.position),
            ..ProgressReport::default()
        }
    }
}

type Shared = Rc<RefCell<Tracker>>;

/// Sends the oldest queued span, then the next once that one is answered.
fn flush(tracker: &Shared, latest: RwSignal<Option<LessonProgressView>>) {
    let (lesson, report) = {
        let mut t = tracker.borrow_mut();
        if t.in_flight || !t.opened {
            return;
        }
        let Some(span) = t.queue.pop_front() else {
            return;
        };
        t.in_flight = true;
        (t.lesson, t.report(Some(span)))
    };
    let tracker = tracker.clone();
    spawn_local(async move {
        // Not reachable: the outbox keeps it. A refused claim (implausible,
        // not enrolled) is dropped.
        let result = outbox::report_progress(lesson, report).await;
        tracker.borrow_mut().in_flight = false;
        if let Ok(Some(view)) = result {
            latest.try_set(Some(view));
        }
        flush(&tracker, latest);
    });
}

/// Sends whatever is pending right now, as the page goes away.
fn flush_on_exit(tracker: &Shared) {
    let mut t = tracker.borrow_mut();
    let position = t.position;
    let playing = t.span_start.is_some();
    t.close(position);
    if playing {
        t.span_start = Some(position);
    }
    if !t.opened {
        return;
    }
    let spans: Vec<_> = t.queue.drain(..).collect();
    // With no network, or reports already waiting, the outbox keeps them.
    let keep = outbox::progress_waiting() > 0 || !crate::device::online();
    for span in spans {
        if keep {
            outbox::keep_progress(t.lesson, t.report(Some(span)));
        } else {
            api::report_progress_on_exit(t.lesson, &t.report(Some(span)));
        }
    }
}

/// Plays lesson `lesson` (`duration_ms` long, as the course declares) and
/// puts each acknowledged report into `latest`. With `audio`, it plays the
/// lesson's audio-only rendition instead: the same length, reported and
/// verified exactly like the video (the server counts media time played,
/// whatever carried it).
#[component]
pub fn VideoPlayer(
    lesson: LessonId,
    duration_ms: u64,
    latest: RwSignal<Option<LessonProgressView>>,
    #[prop(optional)] audio: bool,
) -> impl IntoView {
    let video = NodeRef::<Video>::new();
    let tracker: Shared = Rc::new(RefCell::new(Tracker {
        lesson,
        duration_ms,
        span_start: None,
        position: 0.0,
        queue: VecDeque::new(),
        in_flight: false,
        opened: false,
        resume_at: None,
    }));

    // Where to resume, then the opening report that starts the server's clock.
    let seek_to_resume = {
        let tracker = tracker.clone();
        move || {
            // Also called after an await: the player may be gone by then.
            let Some(el) = video.try_get_untracked().flatten() else {
                return;
            };
            let at = tracker.borrow_mut().resume_at.take();
            if let Some(at) = at.filter(|_| el.ready_state() >= 1) {
                el.set_current_time(at);
                tracker.borrow_mut().position = at;
            } else {
                tracker.borrow_mut().resume_at = at;
            }
        }
    };
    {
        let tracker = tracker.clone();
        let seek_to_resume = seek_to_resume.clone();
        spawn_local(async move {
            let stored = api::lesson_progress(lesson).await.ok();
            let position_ms = stored.map_or(0, |p| p.position_ms);
            latest.try_set(stored);
            // Resuming in the last seconds would only show the end again
            // (the last 3 s, or the last tenth of a shorter clip).
            let tail = (duration_ms / 10).min(3_000);
            if position_ms > 0 && position_ms + tail < duration_ms {
                let mut t = tracker.borrow_mut();
                t.resume_at = Some(position_ms as f64 / 1000.0);
                t.position = position_ms as f64 / 1000.0;
            }
            seek_to_resume();
            let opening = tracker.borrow().report(None);
            match outbox::report_progress(lesson, opening).await {
                Ok(view) => {
                    if view.is_some() {
                        latest.try_set(view);
                    }
                }
                Err(e) if e.code() == Some(ErrorCode::NotEnrolled) => return,
                Err(_) => {}
            }
            tracker.borrow_mut().opened = true;
            flush(&tracker, latest);
        });
    }

    let current = move || {
        video
            .try_get_untracked()
            .flatten()
            .map(|el| (el.current_time(), el))
    };
    let checking = move || latest.with_untracked(|l| l.is_some_and(|l| l.attention.is_some()));
    let on_play = {
        let tracker = tracker.clone();
        move |_| {
            if let Some((at, el)) = current() {
                // Playback earns nothing while an attention check waits.
                if checking() {
                    let _ = el.pause();
                    return;
                }
                let mut t = tracker.borrow_mut();
                t.close(at);
                if (el.playback_rate() - 1.0).abs() < f64::EPSILON {
                    t.span_start = Some(at);
                }
            }
        }
    };
    let on_timeupdate = {
        let tracker = tracker.clone();
        move |_| {
            if let Some((at, el)) = current() {
                let mut t = tracker.borrow_mut();
                let normal = (el.playback_rate() - 1.0).abs() < f64::EPSILON;
                // A jump that playback cannot explain is a seek: it earns nothing.
                let jumped = at < t.position - 0.5 || at > t.position + 2.0;
                if t.span_start.is_some() && (jumped || !normal) {
                    let last = t.position;
                    t.close(last);
                    if normal && !el.paused() {
                        t.span_start = Some(at);
                    }
                } else if t.span_start.is_none() && normal && !el.paused() && !el.seeking() {
                    t.span_start = Some(at);
                }
                t.position = at;
            }
        }
    };
    let stop = {
        let tracker = tracker.clone();
        move |_| {
            if let Some((at, _)) = current() {
                tracker.borrow_mut().close(at);
            }
            flush(&tracker, latest);
        }
    };
    let on_seeking = {
        let tracker = tracker.clone();
        move |_| {
            let mut t = tracker.borrow_mut();
            let last = t.position;
            t.close(last);
            drop(t);
            flush(&tracker, latest);
        }
    };

    // Every ~15 s while playing: report what was played so far.
    let tick = {
        let tracker = tracker.clone();
        move || {
            if let Some((at, el)) = current()
                && !el.paused()
            {
                let mut t = tracker.borrow_mut();
                if t.span_start.is_some() {
                    t.close(at);
                    t.span_start = Some(at);
                }
            }
            flush(&tracker, latest);
        }
    };
    let interval = set_interval_with_handle(tick, REPORT_EVERY).ok();
    let hide = {
        let tracker = tracker.clone();
        window_event_listener(ev::pagehide, move |_| flush_on_exit(&tracker))
    };
    let hidden = {
        let tracker = tracker.clone();
        window_event_listener(ev::visibilitychange, move |_| {
            let is_hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.hidden());
            if is_hidden {
                flush_on_exit(&tracker);
            }
        })
    };
    let on_leave = SendWrapper::new(tracker.clone());
    on_cleanup(move || {
        if let Some(interval) = interval {
            interval.clear();
        }
        hide.remove();
        hidden.remove();
        flush_on_exit(&on_leave);
    });

    let failed = RwSignal::new(false);
    let i18n = use_i18n();
    let check = move || {
        view! { <AttentionCheck lesson latest video/> }
    };
    view! {
        {check}
        {move || failed.get().then(|| view! {
            <p class="alert" role="alert">{i18n.t(OnlineMsg::VideoNoMedia)}</p>
        })}
        <video
            node_ref=video
            data-test="lesson-video"
            class="lesson-video"
            class:audio-only=audio
            controls
            playsinline
            preload="metadata"
            src=if audio { api::audio_url(lesson) } else { api::media_url(lesson) }
            on:loadedmetadata=move |_| seek_to_resume()
            on:play=on_play
            on:timeupdate=on_timeupdate
            on:pause=stop.clone()
            on:ended=stop
            on:seeking=on_seeking
            on:error=move |_| failed.set(true)
        ></video>
    }
}

/// An attention check the server issued: the video pauses and the trainee
/// taps the number shown. A wrong or late answer brings a new number.
#[component]
fn AttentionCheck(
    lesson: LessonId,
    latest: RwSignal<Option<LessonProgressView>>,
    video: NodeRef<Video>,
) -> impl IntoView {
    let i18n = use_i18n();
    let prompt = Memo::new(move |_| latest.get().and_then(|l| l.attention));
    let note = RwSignal::new(None::<OnlineMsg>);
    Effect::new(move |_| {
        if prompt.get().is_some()
            && let Some(el) = video.get_untracked()
        {
            let _ = el.pause();
        }
    });
    let answer = move |code: u8| {
        spawn_local(async move {
            let Ok(outcome) = api::answer_attention(lesson, code).await else {
                return;
            };
            latest.try_update(|l| {
                if let Some(l) = l {
                    l.attention = outcome.next;
                }
            });
            note.try_set(match outcome.result {
                AttentionResult::Passed => None,
                AttentionResult::Wrong => Some(OnlineMsg::AttentionWrong),
                AttentionResult::Expired => Some(OnlineMsg::AttentionExpired),
            });
            if outcome.result == AttentionResult::Passed
                && let Some(el) = video.try_get_untracked().flatten()
            {
                let _ = el.play();
            }
        });
    };
    move || {
        prompt.get().map(|p| {
            let choices = p
                .choices
                .into_iter()
                .map(|c| {
                    view! {
                        <button type="button" class="button" data-test="attention-choice"
                            on:click=move |_| answer(c)>{c}</button>
                    }
                })
                .collect_view();
            view! {
                <div class="attention-check" role="alertdialog" data-test="attention">
                    <h2>{i18n.t(OnlineMsg::AttentionTitle)}</h2>
                    <p>{i18n.t(OnlineMsg::AttentionAsk)} " "
                        <strong class="attention-code" data-test="attention-code">{p.code}</strong>
                    </p>
                    <div class="attention-choices">{choices}</div>
                    <p class="hint">{i18n.t(OnlineMsg::AttentionWithin)}</p>
                    {move || note.get().map(|n| view! { <p class="alert" role="alert">{i18n.t(n)}</p> })}
                </div>
            }
        })
    }
}

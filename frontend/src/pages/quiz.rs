//! `/courses/:course/quizzes/:quiz`: a quiz's settings and the trainee's
//! attempts left; start an attempt, answer, submit, and see the score with
//! the right answers and explanations (which exist only after submitting,
//! and only when the quiz's setting shows them).
//! An attempt with a time limit counts down and submits itself at zero.

use std::collections::HashMap;
use std::time::Duration;

use cultivator_shared::api::my_learning::QuizStatus;
use cultivator_shared::api::quizzes::{
    Answer, AnswersShown, AttemptResult, AttemptView, QuestionKind, QuizView, SubmitAnswers,
};
use cultivator_shared::{CourseId, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::course::param;
use crate::api::{self, ApiError};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::{OnlineMsg, local_time, minutes, score, use_i18n};

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Intro,
    Answering(AttemptView),
    Done(AttemptResult),
}

#[component]
pub fn QuizPage() -> impl IntoView {
    let i18n = use_i18n();
    let course = param("course");
    let quiz_id = param("quiz");
    let quiz = LocalResource::new(move || async move {
        let course = course().ok_or(ApiError::Unexpected { status: 404 })?;
        let quiz_id = quiz_id().ok_or(ApiError::Unexpected { status: 404 })?;
        api::course_quizzes(CourseId(course))
            .await?
            .into_iter()
            .find(|q| q.id == quiz_id)
            .ok_or(ApiError::Unexpected { status: 404 })
    });
    let status = RwSignal::new(None::<QuizStatus>);
    // The ids are read once: this also runs after awaits, when the page may be gone.
    let ids = (course(), quiz_id());
    let load_status = move || {
        let (Some(course), Some(quiz_id)) = ids else {
            return;
        };
        spawn_local(async move {
            if let Ok(mine) = api::my_course(CourseId(course)).await {
                status.try_set(mine.quizzes.into_iter().find(|q| q.quiz_id == quiz_id));
            }
        });
    };
    load_status();
    let stage = RwSignal::new(Stage::Intro);
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    // The last attempt was submitted by its countdown.
    let time_up = RwSignal::new(false);

    let start = move |_| {
        let Some(quiz_id) = ids.1 else { return };
        pending.set(true);
        failure.set(None);
        time_up.set(false);
        spawn_local(async move {
            match api::start_attempt(quiz_id).await {
                Ok(attempt) => {
                    stage.try_set(Stage::Answering(attempt));
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
            pending.try_set(false);
            load_status();
        });
    };
    let submitted = Callback::new(move |result: AttemptResult| {
        stage.try_set(Stage::Done(result));
        load_status();
    });
    // Refused as too late: the attempt is over; the error says why.
    let expired = Callback::new(move |()| {
        stage.try_set(Stage::Intro);
        load_status();
    });

    let body = move || match quiz.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(quiz)) => {
            let title = quiz.settings.title.clone();
            let shown = quiz.settings.answers_shown();
            let stage_view = move || match stage.get() {
                Stage::Intro => view! { <QuizFacts quiz=quiz.clone() status/> }.into_any(),
                Stage::Answering(attempt) => {
                    view! { <AttemptForm attempt submitted expired failure time_up/> }.into_any()
                }
                Stage::Done(result) => view! { <ResultView result shown/> }.into_any(),
            };
            let can_start = move || {
                !matches!(stage.get(), Stage::Answering(_))
                    && status.get().is_none_or(|s| s.attempts_left != Some(0))
            };
            view! {
                <h1>{title}</h1>
                {move || time_up.get().then(|| view! {
                    <p class="notice" role="status" data-test="time-up">{i18n.t(OnlineMsg::TimeUpSubmitted)}</p>
                })}
                {stage_view}
                <ErrorAlert error=failure/>
                {move || can_start().then(|| {
                    let label = if matches!(stage.get(), Stage::Done(_)) {
                        OnlineMsg::TryAgain
                    } else {
                        OnlineMsg::StartAttempt
                    };
                    view! {
                        <button class="primary" data-test="start-attempt" on:click=start
                            disabled=move || pending.get()>
                            {move || i18n.t(label)}
                        </button>
                    }
                })}
            }
            .into_any()
        }
    };
    view! {
        <section class="card quiz-page">
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
fn QuizFacts(quiz: QuizView, status: RwSignal<Option<QuizStatus>>) -> impl IntoView {
    let i18n = use_i18n();
    let s = quiz.settings;
    let attempts_left = move || match status
        .get()
        .and_then(|s| s.attempts_left)
        .or(s.max_attempts)
    {
        Some(left) => left.to_string(),
        None => i18n.t(OnlineMsg::Unlimited).to_owned(),
    };
    view! {
        <dl class="facts">
            <dt>{move || i18n.t(OnlineMsg::QuestionCountLabel)}</dt>
            <dd>{s.question_count}</dd>
            <dt>{move || i18n.t(OnlineMsg::PassMarkLabel)}</dt>
            <dd>{move || score(i18n.locale(), s.pass_pct)}</dd>
            <dt>{move || i18n.t(OnlineMsg::TimeLimitLabel)}</dt>
            <dd>{move || match s.time_limit_secs {
                Some(secs) => minutes(i18n.locale(), secs),
                None => i18n.t(OnlineMsg::Unlimited).to_owned(),
            }}</dd>
            <dt>{move || i18n.t(OnlineMsg::AttemptsLeftLabel)}</dt>
            <dd data-test="attempts-left">{attempts_left}</dd>
            {move || status.get().and_then(|s| s.best_score_pct).map(|best| view! {
                <dt>{move || i18n.t(OnlineMsg::BestScoreLabel)}</dt>
                <dd>{move || score(i18n.locale(), best)}</dd>
            })}
        </dl>
    }
}

#[component]
fn AttemptForm(
    attempt: AttemptView,
    submitted: Callback<AttemptResult>,
    expired: Callback<()>,
    failure: RwSignal<Option<ApiError>>,
    time_up: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(HashMap::<i64, Vec<u32>>::new());
    let pending = RwSignal::new(false);
    let attempt_id = attempt.id;
    let order = StoredValue::new(attempt.questions.iter().map(|q| q.id).collect::<Vec<i64>>());
    // The time allowed, counted on this device from the attempt's arrival:
    // a phone whose clock is wrong still counts down correctly.
    let limit_ms = attempt
        .deadline
        .map(|d| (d - attempt.started_at).num_milliseconds().max(0) as f64);
    let arrived = js_sys::Date::now();
    let left_ms = move || limit_ms.map(|limit| (limit - (js_sys::Date::now() - arrived)).max(0.0));
    let left = RwSignal::new(left_ms());
    let questions = attempt
        .questions
        .into_iter()
        .enumerate()
        .map(|(n, q)| {
            let multiple = q.kind == QuestionKind::Multiple;
            let options = q
                .options
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    let qid = q.id;
                    let toggle = move |_| {
                        chosen.update(|c| {
                            let picked = c.entry(qid).or_default();
                            if multiple {
                                if let Some(at) = picked.iter().position(|&x| x == i) {
                                    picked.remove(at);
                                } else {
                                    picked.push(i);
                                }
                            } else {
                                *picked = vec![i];
                            }
                        });
                    };
                    view! {
                        <li>
                            <label class="option">
                                <input
                                    type=if multiple { "checkbox" } else { "radio" }
                                    name=format!("q{qid}")
                                    data-test=format!("option-{n}-{i}")
                                    on:change=toggle
                                />
                                " " {text}
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="question" data-test="question">
                    <p class="prompt">{q.prompt}</p>
                    <ul class="options">{options}</ul>
                </li>
            }
        })
        .collect_view();
    // `auto`: the countdown reached zero.
    let submit = move |auto: bool| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let answers = SubmitAnswers {
            answers: order.with_value(|order| {
                order
                    .iter()
                    .map(|&question_id| Answer {
                        question_id,
                        chosen: chosen
                            .with_untracked(|c| c.get(&question_id).cloned().unwrap_or_default()),
                    })
                    .collect()
            }),
        };
        spawn_local(async move {
            match api::submit_attempt(attempt_id, &answers).await {
                Ok(result) => {
                    time_up.try_set(auto);
                    submitted.try_run(result);
                }
                Err(e) => {
                    let too_late = e.code() == Some(ErrorCode::QuizTimeLimitExceeded);
                    failure.try_set(Some(e));
                    pending.try_set(false);
                    if too_late {
                        expired.try_run(());
                    }
                }
            }
        });
    };
    if limit_ms.is_some() {
        let tick = move || {
            let now = left_ms();
            left.try_set(now);
            if now == Some(0.0) {
                submit(true);
            }
        };
        if let Ok(timer) = set_interval_with_handle(tick, Duration::from_secs(1)) {
            on_cleanup(move || timer.clear());
        }
    }
    let countdown = move || {
        left.get().map(|ms| {
            let secs = (ms / 1000.0).ceil() as u64;
            view! {
                <p class="notice countdown" role="timer" data-test="countdown" class:urgent={secs <= 30}>
                    {i18n.t(OnlineMsg::TimeLeftLabel)} " " <strong>{format!("{:02}:{:02}", secs / 60, secs % 60)}</strong>
                </p>
            }
        })
    };
    view! {
        {attempt.deadline.map(|d| view! {
            <p class="meta">{move || i18n.t(OnlineMsg::DeadlineLabel)} " " {local_time(d)}</p>
        })}
        {countdown}
        <ol class="questions">{questions}</ol>
        <button class="primary" data-test="submit-answers" on:click=move |_| submit(false)
            disabled=move || pending.get()>
            {move || i18n.t(OnlineMsg::SubmitAnswers)}
        </button>
    }
}

/// The score, and the answers when the quiz's setting (`shown`) gave them.
#[component]
fn ResultView(result: AttemptResult, shown: AnswersShown) -> impl IntoView {
    let i18n = use_i18n();
    let answers_shown = result.answers_shown;
    let withheld = if shown == AnswersShown::AfterLastAttempt {
        OnlineMsg::AnswersAfterLastAttempt
    } else {
        OnlineMsg::AnswersNotShown
    };
    let passed = result.passed;
    let pct = result.score_pct;
    let course_done = result.course_completed;
    let questions = result
        .questions
        .into_iter()
        .map(|q| {
            let pick = |indexes: &[u32]| {
                indexes
                    .iter()
                    .filter_map(|&i| q.question.options.get(i as usize).cloned())
                    .collect::<Vec<_>>()
                    .join("、")
            };
            let right = pick(&q.correct);
            let yours = pick(&q.chosen);
            view! {
                <li class="question" class:wrong=!q.is_correct>
                    <p class="prompt">
                        {if q.is_correct { "✓ " } else { "✗ " }}
                        {q.question.prompt.clone()}
                    </p>
                    <p>{move || i18n.t(OnlineMsg::YourAnswer)} "：" {
                        let yours = yours.clone();
                        move || if yours.is_empty() { i18n.t(OnlineMsg::NoAnswer).to_owned() } else { yours.clone() }
                    }</p>
                    <p>{move || i18n.t(OnlineMsg::CorrectAnswer)} "：" {right}</p>
                    {(!q.explanation.is_empty()).then(|| view! {
                        <p class="explanation">{move || i18n.t(OnlineMsg::ExplanationLabel)} "：" {q.explanation.clone()}</p>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <p class=if passed { "notice" } else { "alert" } data-test="quiz-score">
            {move || i18n.t(OnlineMsg::ScoreLabel)} " " <strong>{move || score(i18n.locale(), pct)}</strong>
            " · "
            {move || i18n.t(if passed { OnlineMsg::Passed } else { OnlineMsg::NotPassed })}
        </p>
        {course_done.then(|| view! {
            <p class="notice" data-test="course-completed">{move || i18n.t(OnlineMsg::CompletedNotice)}</p>
        })}
        {if answers_shown {
            view! { <ol class="questions results">{questions}</ol> }.into_any()
        } else {
            view! { <p class="meta" data-test="answers-withheld">{move || i18n.t(withheld)}</p> }.into_any()
        }}
    }
}

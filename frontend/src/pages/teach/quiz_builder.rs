//! A course's question bank and quizzes: add single-choice, multiple-choice
//! and true/false questions with explanations; set quizzes that draw N of
//! them, with pass mark, attempt and time limits, and when trainees see the
//! right answers.

use cultivator_shared::CourseId;
use cultivator_shared::FieldError;
use cultivator_shared::api::quizzes::{
    AnswersShown, NewQuestion, NewQuiz, QuestionKind, QuizScoring,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{field_errors, parse_number};
use crate::api::{self, ApiError};
use crate::components::{CheckBox, ErrorAlert, Input, TextArea};
use crate::i18n::{
    Locale, OnlineMsg, TeachMsg, Text, answers_shown_name, minutes, question_kind_name, score,
    use_i18n, validation_message,
};

const KINDS: [QuestionKind; 3] = [
    QuestionKind::Single,
    QuestionKind::Multiple,
    QuestionKind::TrueFalse,
];

/// The options as typed: one per non-blank line; true/false has its two words.
fn option_lines(kind: QuestionKind, text: &str, locale: Locale) -> Vec<String> {
    if kind == QuestionKind::TrueFalse {
        return vec![
            TeachMsg::TrueText.text(locale).to_owned(),
            TeachMsg::FalseText.text(locale).to_owned(),
        ];
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
pub fn QuizBuilder(course: CourseId) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let bank = LocalResource::new(move || {
        version.track();
        api::question_bank(course)
    });
    let quizzes = LocalResource::new(move || {
        version.track();
        api::course_quizzes(course)
    });
    let bank_list = move || {
        let list = bank.get().and_then(Result::ok).unwrap_or_default();
        if list.is_empty() {
            return view! { <p class="empty">{move || i18n.t(TeachMsg::NoQuestions)}</p> }
                .into_any();
        }
        view! {
            <ol class="bank">
                {list.into_iter().map(|q| {
                    let kind = q.question.kind;
                    let options = q.question.options.iter().enumerate().map(|(i, o)| {
                        let right = q.question.correct.contains(&u32::try_from(i).unwrap_or(u32::MAX));
                        view! { <li class:right=right>{if right { "✓ " } else { "" }}{o.clone()}</li> }
                    }).collect_view();
                    view! {
                        <li data-test="bank-question">
                            <span class="tag">{move || question_kind_name(i18n.locale(), kind)}</span>
                            " " {q.question.prompt.clone()}
                            <ul class="options">{options}</ul>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let quiz_list = move || {
        let list = quizzes.get().and_then(Result::ok).unwrap_or_default();
        if list.is_empty() {
            return view! { <p class="empty">{move || i18n.t(TeachMsg::NoQuizzes)}</p> }.into_any();
        }
        view! {
            <ul>
                {list.into_iter().map(|q| {
                    let s = q.settings;
                    view! {
                        <li data-test="authored-quiz">
                            {s.title} " · " {s.question_count} " · "
                            {move || format!("{} {}", i18n.t(OnlineMsg::PassMarkLabel), score(i18n.locale(), s.pass_pct))}
                            {move || s.time_limit_secs.map(|t| format!(" · {}", minutes(i18n.locale(), t)))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h2>{move || i18n.t(TeachMsg::QuestionBankTitle)}</h2>
        {bank_list}
        <QuestionForm course version/>
        <h2>{move || i18n.t(TeachMsg::QuizzesTitle)}</h2>
        {quiz_list}
        <QuizForm course version/>
    }
}

#[component]
fn QuestionForm(course: CourseId, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(QuestionKind::Single);
    let prompt = RwSignal::new(String::new());
    let options = RwSignal::new(String::new());
    let correct = RwSignal::new(Vec::<u32>::new());
    let explanation = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let lines = Memo::new(move |_| option_lines(kind.get(), &options.get(), i18n.locale()));

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let question = NewQuestion {
            kind: kind.get_untracked(),
            prompt: prompt.get_untracked(),
            options: lines.get_untracked(),
            correct: correct.get_untracked(),
            explanation: explanation.get_untracked(),
        };
        if let Err(e) = question.validate() {
            errors.set(e);
            return;
        }
        errors.set(Vec::new());
        failure.set(None);
        spawn_local(async move {
            match api::add_question(course, &question).await {
                Ok(_) => {
                    prompt.try_set(String::new());
                    options.try_set(String::new());
                    correct.try_set(Vec::new());
                    explanation.try_set(String::new());
                    version.try_update(|v| *v += 1);
                }
                Err(e) => {
                    errors.try_set(field_errors(&e));
                    failure.try_set(Some(e));
                }
            }
        });
    };
    let kind_options = KINDS
        .into_iter()
        .map(|k| view! { <option value=k.as_str()>{move || question_kind_name(i18n.locale(), k)}</option> })
        .collect_view();
    let choices = move || {
        let multiple = kind.get() == QuestionKind::Multiple;
        lines
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                let toggle = move |_| {
                    correct.update(|c| {
                        if !multiple {
                            *c = vec![i];
                        } else if let Some(at) = c.iter().position(|&x| x == i) {
                            c.remove(at);
                        } else {
                            c.push(i);
                            c.sort_unstable();
                        }
                    });
                };
                view! {
                    <label class="check">
                        <input type=if multiple { "checkbox" } else { "radio" } name="correct"
                            data-test=format!("correct-{i}")
                            prop:checked=move || correct.with(|c| c.contains(&i))
                            on:change=toggle/>
                        " " {text}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <form class="card question-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(TeachMsg::AddQuestion)}</h3>
            <div class="field">
                <label for="question-kind">{move || i18n.t(TeachMsg::QuestionKindLabel)}</label>
                <select id="question-kind" name="question_kind" on:change=move |ev| {
                    kind.set(QuestionKind::parse(&event_target_value(&ev)).unwrap_or(QuestionKind::Single));
                    correct.set(Vec::new());
                }>
                    {kind_options}
                </select>
            </div>
            <TextArea label=TeachMsg::PromptLabel name="prompt" value=prompt errors rows=2/>
            {move || (kind.get() != QuestionKind::TrueFalse).then(|| view! {
                <TextArea label=TeachMsg::OptionsLabel name="options" value=options errors rows=4/>
            })}
            <fieldset class="field">
                <legend>{move || i18n.t(TeachMsg::CorrectLabel)}</legend>
                {choices}
                <p class="field-error">{move || errors.with(|e| e.iter().any(|f| f.field == "correct"))
                    .then(|| i18n.t(TeachMsg::CorrectLabel))}</p>
            </fieldset>
            <TextArea label=TeachMsg::ExplanationLabel name="explanation" value=explanation errors rows=2/>
            <ErrorAlert error=failure/>
            <button type="submit" class="secondary" data-test="add-question">
                {move || i18n.t(TeachMsg::AddQuestion)}
            </button>
        </form>
    }
}

#[component]
fn QuizForm(course: CourseId, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(String::new());
    let count = RwSignal::new("5".to_owned());
    let shuffle = RwSignal::new(true);
    let pass = RwSignal::new("60".to_owned());
    let attempts = RwSignal::new(String::new());
    let time_limit = RwSignal::new(String::new());
    let required = RwSignal::new(true);
    let scoring = RwSignal::new(QuizScoring::Best);
    // What the instructor picked; until then the select follows the default
    // for the attempt limit as typed, so blanking the limit shows "never".
    let picked = RwSignal::new(None::<AnswersShown>);
    let show_answers = Memo::new(move |_| {
        picked.get().unwrap_or_else(|| {
            let limited = !attempts.with(|a| a.trim().is_empty());
            AnswersShown::default_for(limited.then_some(1))
        })
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<ApiError>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let quiz = NewQuiz {
            title: title.get_untracked(),
            question_count: parse_number("question_count", &count.get_untracked(), &mut problems)
                .unwrap_or(0),
            shuffle: shuffle.get_untracked(),
            pass_pct: parse_number("pass_pct", &pass.get_untracked(), &mut problems).unwrap_or(0),
            max_attempts: parse_number("max_attempts", &attempts.get_untracked(), &mut problems),
            time_limit_secs: parse_number(
                "time_limit_secs",
                &time_limit.get_untracked(),
                &mut problems,
            )
            .map(|m| m.saturating_mul(60)),
            required: required.get_untracked(),
            scoring: scoring.get_untracked(),
            // What the select shows is what is stored.
            show_answers: Some(show_answers.get_untracked()),
        };
        if let Err(more) = quiz.validate() {
            problems.extend(more);
        }
        errors.set(problems.clone());
        if !problems.is_empty() {
            return;
        }
        failure.set(None);
        spawn_local(async move {
            match api::create_quiz(course, &quiz).await {
                Ok(_) => {
                    title.try_set(String::new());
                    version.try_update(|v| *v += 1);
                }
                Err(e) => {
                    errors.try_set(field_errors(&e));
                    failure.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="card quiz-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(TeachMsg::CreateQuiz)}</h3>
            <Input label=TeachMsg::QuizTitleLabel name="title" id="quiz-title".to_owned() value=title errors/>
            <Input label=TeachMsg::DrawCountLabel name="question_count" value=count errors inputmode="numeric"/>
            <CheckBox label=TeachMsg::ShuffleLabel name="shuffle" checked=shuffle/>
            <Input label=TeachMsg::PassPctLabel name="pass_pct" value=pass errors inputmode="numeric"/>
            <Input label=TeachMsg::MaxAttemptsLabel name="max_attempts" value=attempts errors inputmode="numeric"/>
            <Input label=TeachMsg::TimeLimitLabel name="time_limit_secs" value=time_limit errors inputmode="numeric"/>
            <CheckBox label=TeachMsg::QuizRequiredLabel name="quiz_required" checked=required/>
            <div class="field">
                <label for="quiz-scoring">{move || i18n.t(TeachMsg::ScoringLabel)}</label>
                <select id="quiz-scoring" name="scoring" on:change=move |ev| {
                    scoring.set(if event_target_value(&ev) == "last" { QuizScoring::Last } else { QuizScoring::Best });
                }>
                    <option value="best">{move || i18n.t(TeachMsg::ScoringBest)}</option>
                    <option value="last">{move || i18n.t(TeachMsg::ScoringLast)}</option>
                </select>
            </div>
            <div class="field">
                <label for="quiz-show-answers">{move || i18n.t(TeachMsg::ShowAnswersLabel)}</label>
                <select id="quiz-show-answers" name="show_answers"
                    aria-describedby="quiz-show-answers-error"
                    on:change=move |ev| picked.set(AnswersShown::parse(&event_target_value(&ev)))>
                    {AnswersShown::ALL.into_iter().map(|a| view! {
                        <option value=a.as_str() prop:selected=move || show_answers.get() == a>
                            {move || answers_shown_name(i18n.locale(), a)}
                        </option>
                    }).collect_view()}
                </select>
                <p class="hint">{move || i18n.t(TeachMsg::ShowAnswersHint)}</p>
                <p class="field-error" id="quiz-show-answers-error">
                    {move || errors.with(|e| e.iter().find(|f| f.field == "show_answers")
                        .map(|f| validation_message(i18n.locale(), f.error)))}
                </p>
            </div>
            <ErrorAlert error=failure/>
            <button type="submit" class="secondary" data-test="create-quiz">
                {move || i18n.t(TeachMsg::CreateQuiz)}
            </button>
        </form>
    }
}

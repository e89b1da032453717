//! Quizzes through the API: answers stay on the server until submission,
//! and after it as the quiz's setting says; time and attempt limits hold,
//! stray answers are refused, and passing a required quiz completes the
//! course once — on both databases.

use cultivator_server::db::quizzes::attempts;
use cultivator_shared::api::learning::{CreditLedger, LessonProgressView, ProgressReport};
use cultivator_shared::api::quizzes::{
    Answer, AnswersShown, AttemptResult, AttemptView, NewQuestion, NewQuiz, QuestionKind,
    QuizScoring, QuizView, SubmitAnswers,
};
use cultivator_shared::{CreditHours, ErrorCode, PublishState};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::learning::{
    SmallCourse, at_position, fill_quiz_bank, let_time_pass, played, read_through, small_course,
};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, Set};

on_both_databases!(
    an_attempt_shows_no_answers_until_it_is_submitted,
    submitting_after_the_time_limit_is_refused,
    attempts_beyond_the_limit_are_refused,
    answers_for_questions_not_in_the_attempt_are_refused,
    passing_the_required_quiz_completes_the_course_once,
    only_the_course_author_fills_its_question_bank,
    an_unlimited_quiz_shows_no_answers_by_default,
    after_the_last_attempt_the_answers_are_shown_and_not_before,
    answers_chosen_to_show_after_each_attempt_are_shown,
    answers_after_the_last_attempt_need_an_attempt_limit,
);

fn quiz(count: u32, shuffle: bool, max_attempts: Option<u32>, scoring: QuizScoring) -> NewQuiz {
    NewQuiz {
        title: "结业测验".into(),
        question_count: count,
        shuffle,
        pass_pct: 60,
        max_attempts,
        time_limit_secs: Some(600),
        required: true,
        scoring,
        show_answers: None,
    }
}

fn showing(show_answers: AnswersShown, settings: NewQuiz) -> NewQuiz {
    NewQuiz {
        show_answers: Some(show_answers),
        ..settings
    }
}

struct Setup {
    app: TestApp,
    course: SmallCourse,
    trainee: ApiClient,
    quiz: QuizView,
    questions: Vec<i64>,
}

async fn setup(backend: Backend, settings: NewQuiz) -> anyhow::Result<Setup> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let instructor = app.client()?;
    instructor.login_ok("13800000005", "demo2026").await?;
    let questions = fill_quiz_bank(&instructor, course.id).await?;
    let quiz: QuizView = expect_json(
        instructor
            .post(&format!("/api/v1/courses/{}/quizzes", course.id), &settings)
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let trainee = app.client()?;
    trainee.login_ok("13800000010", "demo2026").await?;
    let _: serde_json::Value = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    Ok(Setup {
        app,
        course,
        trainee,
        quiz,
        questions,
    })
}

async fn start(s: &Setup) -> anyhow::Result<reqwest::Response> {
    s.trainee
        .post(&format!("/api/v1/quizzes/{}/attempts", s.quiz.id), &())
        .await
}

async fn submit(
    s: &Setup,
    attempt: i64,
    answers: Vec<(i64, Vec<u32>)>,
) -> anyhow::Result<reqwest::Response> {
    let body = SubmitAnswers {
        answers: answers
            .into_iter()
            .map(|(question_id, chosen)| Answer {
                question_id,
                chosen,
            })
            .collect(),
    };
    s.trainee
        .post(&format!("/api/v1/attempts/{attempt}/submit"), &body)
        .await
}

/// The right answers to the questions of `attempt`.
fn right_answers(s: &Setup, attempt: &AttemptView) -> Vec<(i64, Vec<u32>)> {
    attempt
        .questions
        .iter()
        .map(|q| {
            let chosen = match s.questions.iter().position(|id| *id == q.id) {
                Some(0) => vec![1],
                Some(1) => vec![2, 0],
                _ => vec![0],
            };
            (q.id, chosen)
        })
        .collect()
}

async fn an_attempt_shows_no_answers_until_it_is_submitted(backend: Backend) -> anyhow::Result<()> {
    let settings = quiz(3, true, None, QuizScoring::Best);
    let s = setup(backend, showing(AnswersShown::AfterEachAttempt, settings)).await?;
    let raw = start(&s).await?.text().await?;
    assert!(
        !raw.contains("correct") && !raw.contains("explanation") && !raw.contains("因为"),
        "{raw}"
    );
    let attempt: AttemptView = serde_json::from_str(&raw)?;
    let mut drawn: Vec<i64> = attempt.questions.iter().map(|q| q.id).collect();
    drawn.sort_unstable();
    assert_eq!(drawn, s.questions, "all three drawn, in some order");
    assert!(attempt.deadline.is_some());

    let mut answers = right_answers(&s, &attempt);
    // One wrong: half of the multiple-choice answer.
    for (id, chosen) in &mut answers {
        if *id == s.questions[1] {
            *chosen = vec![0];
        }
    }
    let result: AttemptResult =
        expect_json(submit(&s, attempt.id, answers).await?, StatusCode::OK).await?;
    assert_eq!((result.score_pct, result.passed), (66, true));
    assert!(
        result
            .questions
            .iter()
            .all(|q| q.explanation == "因为课程里讲过。")
    );
    let multiple = result
        .questions
        .iter()
        .find(|q| q.question.id == s.questions[1]);
    assert_eq!(
        multiple.map(|q| (q.correct.clone(), q.is_correct)),
        Some((vec![0, 2], false))
    );
    expect_error(
        submit(&s, attempt.id, vec![]).await?,
        StatusCode::CONFLICT,
        ErrorCode::AttemptAlreadySubmitted,
    )
    .await?;
    s.app.stop().await
}

async fn submitting_after_the_time_limit_is_refused(backend: Backend) -> anyhow::Result<()> {
    let s = setup(backend, quiz(3, false, None, QuizScoring::Best)).await?;
    let attempt: AttemptView = expect_json(start(&s).await?, StatusCode::CREATED).await?;
    // Ten minutes and a bit later:
    attempts::ActiveModel {
        id: Set(attempt.id),
        deadline_at: Set(Some(chrono::Utc::now() - chrono::Duration::seconds(30))),
        ..Default::default()
    }
    .update(&s.app.db)
    .await?;
    let answers = right_answers(&s, &attempt);
    expect_error(
        submit(&s, attempt.id, answers).await?,
        StatusCode::CONFLICT,
        ErrorCode::QuizTimeLimitExceeded,
    )
    .await?;
    s.app.stop().await
}

async fn attempts_beyond_the_limit_are_refused(backend: Backend) -> anyhow::Result<()> {
    let s = setup(backend, quiz(3, false, Some(2), QuizScoring::Best)).await?;
    for _ in 0..2 {
        let _: AttemptView = expect_json(start(&s).await?, StatusCode::CREATED).await?;
    }
    expect_error(
        start(&s).await?,
        StatusCode::CONFLICT,
        ErrorCode::QuizAttemptsExhausted,
    )
    .await?;
    s.app.stop().await
}

async fn answers_for_questions_not_in_the_attempt_are_refused(
    backend: Backend,
) -> anyhow::Result<()> {
    let s = setup(backend, quiz(1, false, None, QuizScoring::Best)).await?;
    let attempt: AttemptView = expect_json(start(&s).await?, StatusCode::CREATED).await?;
    assert_eq!(attempt.questions.len(), 1);
    assert_eq!(attempt.questions[0].id, s.questions[0]);
    expect_error(
        submit(
            &s,
            attempt.id,
            vec![(s.questions[0], vec![1]), (s.questions[2], vec![0])],
        )
        .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::QuestionNotInAttempt,
    )
    .await?;
    // The refused submission did not use the attempt up.
    let result: AttemptResult = expect_json(
        submit(&s, attempt.id, vec![(s.questions[0], vec![1])]).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(result.score_pct, 100);
    s.app.stop().await
}

async fn report_ok(
    s: &Setup,
    lesson: cultivator_shared::LessonId,
    r: &ProgressReport,
) -> anyhow::Result<LessonProgressView> {
    expect_json(
        s.trainee
            .post(&format!("/api/v1/lessons/{lesson}/progress"), r)
            .await?,
        StatusCode::OK,
    )
    .await
}

async fn passing_the_required_quiz_completes_the_course_once(
    backend: Backend,
) -> anyhow::Result<()> {
    let s = setup(backend, quiz(3, true, None, QuizScoring::Best)).await?;
    report_ok(&s, s.course.video, &at_position(0)).await?;
    let_time_pass(&s.app.db, s.course.video, 20_000).await?;
    report_ok(&s, s.course.video, &played(0, 20)).await?;
    read_through(&s.app.db, &s.trainee, s.course.article).await?;
    let document = read_through(&s.app.db, &s.trainee, s.course.document).await?;
    assert!(
        document.completed && !document.course_completed,
        "the quiz is still missing"
    );

    let failing: AttemptView = expect_json(start(&s).await?, StatusCode::CREATED).await?;
    let failed: AttemptResult =
        expect_json(submit(&s, failing.id, vec![]).await?, StatusCode::OK).await?;
    assert!(!failed.passed && !failed.course_completed);

    let passing: AttemptView = expect_json(start(&s).await?, StatusCode::CREATED).await?;
    let answers = right_answers(&s, &passing);
    let passed: AttemptResult =
        expect_json(submit(&s, passing.id, answers).await?, StatusCode::OK).await?;
    assert!(passed.passed && passed.quiz_passed && passed.course_completed);

    // A worse attempt afterwards: the best one counts, and nothing is credited twice.
    let again: AttemptView = expect_json(start(&s).await?, StatusCode::CREATED).await?;
    let worse: AttemptResult =
        expect_json(submit(&s, again.id, vec![]).await?, StatusCode::OK).await?;
    assert!(!worse.passed && worse.quiz_passed && worse.course_completed);
    let ledger: CreditLedger =
        expect_json(s.trainee.get("/api/v1/me/credits").await?, StatusCode::OK).await?;
    assert_eq!((ledger.total, ledger.entries.len()), (CreditHours(15), 1));
    s.app.stop().await
}

async fn only_the_course_author_fills_its_question_bank(backend: Backend) -> anyhow::Result<()> {
    let s = setup(backend, quiz(3, false, None, QuizScoring::Last)).await?;
    let question = NewQuestion {
        kind: QuestionKind::Single,
        prompt: "?".into(),
        options: vec!["甲".into(), "乙".into()],
        correct: vec![0],
        explanation: String::new(),
    };
    expect_error(
        s.trainee
            .post(
                &format!("/api/v1/courses/{}/questions", s.course.id),
                &question,
            )
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let instructor = s.app.client()?;
    instructor.login_ok("13800000005", "demo2026").await?;
    let invalid = NewQuestion {
        correct: vec![5],
        ..question
    };
    expect_error(
        instructor
            .post(
                &format!("/api/v1/courses/{}/questions", s.course.id),
                &invalid,
            )
            .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    s.app.stop().await
}

/// The answers of `attempt` with the multiple-choice one half right: 66 points.
fn one_wrong(s: &Setup, attempt: &AttemptView) -> Vec<(i64, Vec<u32>)> {
    let mut answers = right_answers(s, attempt);
    for (id, chosen) in &mut answers {
        if *id == s.questions[1] {
            *chosen = vec![0];
        }
    }
    answers
}

/// Takes a new attempt and submits it with one answer wrong; the raw result.
async fn take_one_wrong(s: &Setup) -> anyhow::Result<String> {
    let attempt: AttemptView = expect_json(start(s).await?, StatusCode::CREATED).await?;
    submit_one_wrong(s, &attempt).await
}

async fn submit_one_wrong(s: &Setup, attempt: &AttemptView) -> anyhow::Result<String> {
    let response = submit(s, attempt.id, one_wrong(s, attempt)).await?;
    anyhow::ensure!(response.status() == StatusCode::OK, "{response:?}");
    Ok(response.text().await?)
}

/// A result without answers: the score, and nothing a retry could learn from.
fn assert_withheld(raw: &str) -> anyhow::Result<()> {
    assert!(
        !raw.contains("correct") && !raw.contains("explanation") && !raw.contains("因为"),
        "{raw}"
    );
    let result: AttemptResult = serde_json::from_str(raw)?;
    assert_eq!((result.score_pct, result.passed), (66, true));
    assert!(
        !result.answers_shown && result.questions.is_empty(),
        "{raw}"
    );
    Ok(())
}

fn assert_shown(raw: &str) -> anyhow::Result<()> {
    let result: AttemptResult = serde_json::from_str(raw)?;
    assert!(result.answers_shown, "{raw}");
    assert_eq!(result.questions.len(), 3);
    assert!(
        result
            .questions
            .iter()
            .all(|q| q.explanation == "因为课程里讲过。" && !q.correct.is_empty())
    );
    Ok(())
}

async fn an_unlimited_quiz_shows_no_answers_by_default(backend: Backend) -> anyhow::Result<()> {
    let s = setup(backend, quiz(3, true, None, QuizScoring::Best)).await?;
    assert_eq!(s.quiz.settings.show_answers, Some(AnswersShown::Never));
    for _ in 0..2 {
        assert_withheld(&take_one_wrong(&s).await?)?;
    }
    s.app.stop().await
}

async fn after_the_last_attempt_the_answers_are_shown_and_not_before(
    backend: Backend,
) -> anyhow::Result<()> {
    let settings = quiz(3, false, Some(3), QuizScoring::Best);
    let s = setup(backend, showing(AnswersShown::AfterLastAttempt, settings)).await?;
    assert_eq!(
        s.quiz.settings.show_answers,
        Some(AnswersShown::AfterLastAttempt)
    );
    assert_withheld(&take_one_wrong(&s).await?)?;
    // The last two started together: submitting one must not give the
    // answers away while the other can still be answered with them.
    let second: AttemptView = expect_json(start(&s).await?, StatusCode::CREATED).await?;
    let third: AttemptView = expect_json(start(&s).await?, StatusCode::CREATED).await?;
    assert_withheld(&submit_one_wrong(&s, &third).await?)?;
    assert_shown(&submit_one_wrong(&s, &second).await?)?;
    s.app.stop().await
}

async fn answers_chosen_to_show_after_each_attempt_are_shown(
    backend: Backend,
) -> anyhow::Result<()> {
    let settings = quiz(3, false, None, QuizScoring::Best);
    let s = setup(backend, showing(AnswersShown::AfterEachAttempt, settings)).await?;
    let listed: Vec<QuizView> = expect_json(
        s.trainee
            .get(&format!("/api/v1/courses/{}/quizzes", s.course.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        listed
            .iter()
            .map(|q| q.settings.show_answers)
            .collect::<Vec<_>>(),
        vec![Some(AnswersShown::AfterEachAttempt)]
    );
    assert_shown(&take_one_wrong(&s).await?)?;
    s.app.stop().await
}

async fn answers_after_the_last_attempt_need_an_attempt_limit(
    backend: Backend,
) -> anyhow::Result<()> {
    let s = setup(backend, quiz(3, false, Some(1), QuizScoring::Best)).await?;
    assert_eq!(
        s.quiz.settings.show_answers,
        Some(AnswersShown::AfterEachAttempt),
        "a limited quiz keeps showing answers by default"
    );
    let instructor = s.app.client()?;
    instructor.login_ok("13800000005", "demo2026").await?;
    let unlimited = showing(
        AnswersShown::AfterLastAttempt,
        quiz(3, false, None, QuizScoring::Best),
    );
    let refused = expect_error(
        instructor
            .post(
                &format!("/api/v1/courses/{}/quizzes", s.course.id),
                &unlimited,
            )
            .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    assert!(
        refused.fields.iter().any(|f| f.field == "show_answers"),
        "{refused:?}"
    );
    s.app.stop().await
}

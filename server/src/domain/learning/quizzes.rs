//! Quizzes: instructors fill a course's question bank and set quizzes;
//! trainees start attempts (drawn questions, no answers), submit once within
//! the time limit, and see their result, with the answers and explanations
//! when the quiz's setting allows. Passing a required quiz may complete the
//! course, in the submission's transaction.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use cultivator_shared::api::quizzes::{
    AnswersShown, AttemptResult, AttemptView, NewQuestion, NewQuiz, QuestionKind, QuestionResult,
    QuestionView, QuizScoring, QuizView, SubmitAnswers,
};
use cultivator_shared::{CourseId, CreditHours, UserId};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set};

use crate::db::{self, course_enrollments, courses, quizzes};
use crate::domain::completion::course;
use crate::domain::completion::course::complete_course_if_done;
use crate::domain::learning::quiz_grading::{self, NotInAttempt};

#[derive(Debug, thiserror::Error)]
pub enum QuizError {
    #[error("not found")]
    NotFound,
    #[error("not enrolled in this course")]
    NotEnrolled,
    #[error("no attempts left")]
    AttemptsExhausted,
    #[error("the time limit has passed")]
    TimeUp,
    #[error("already submitted")]
    AlreadySubmitted,
    #[error("question {0} is not in this attempt")]
    NotInAttempt(i64),
    #[error("invalid input")]
    Invalid(Vec<cultivator_shared::FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Lets a slow network deliver a submission made just before the deadline.
const DEADLINE_GRACE_SECS: i64 = 5;

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn parse<T: serde::de::DeserializeOwned + Default>(s: &str) -> T {
    serde_json::from_str(s).unwrap_or_default()
}

pub async fn add_question(
    db: &DatabaseConnection,
    course: CourseId,
    q: NewQuestion,
) -> Result<i64, QuizError> {
    q.validate().map_err(QuizError::Invalid)?;
    courses::Entity::find_by_id(course.0)
        .one(db)
        .await?
        .ok_or(QuizError::NotFound)?;
    let model = quizzes::new_question(
        course,
        q.kind.as_str(),
        q.prompt.trim(),
        json(&q.options),
        json(&q.correct),
        q.explanation.trim(),
    )
    .insert(db)
    .await?;
    Ok(model.id)
}

pub async fn create_quiz(
    db: &DatabaseConnection,
    course: CourseId,
    quiz: NewQuiz,
) -> Result<QuizView, QuizError> {
    quiz.validate().map_err(QuizError::Invalid)?;
    courses::Entity::find_by_id(course.0)
        .one(db)
        .await?
        .ok_or(QuizError::NotFound)?;
    let int = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    let model = quizzes::ActiveModel {
        course_id: Set(course.0),
        title: Set(quiz.title.trim().to_owned()),
        question_count: Set(int(quiz.question_count)),
        shuffle: Set(quiz.shuffle),
        pass_pct: Set(int(quiz.pass_pct)),
        max_attempts: Set(quiz.max_attempts.map(int)),
        time_limit_secs: Set(quiz.time_limit_secs.map(int)),
        required: Set(quiz.required),
        scoring: Set(quiz.scoring.as_str().to_owned()),
        show_answers: Set(quiz.answers_shown().as_str().to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(view(model))
}

/// The stored setting; an unreadable value shows nothing, the safe side.
fn answers_setting(m: &quizzes::Model) -> AnswersShown {
    AnswersShown::parse(&m.show_answers).unwrap_or(AnswersShown::Never)
}

pub fn view(m: quizzes::Model) -> QuizView {
    let uint = |v: i32| u32::try_from(v).unwrap_or(0);
    let show_answers = Some(answers_setting(&m));
    QuizView {
        id: m.id,
        course_id: m.course_id,
        settings: NewQuiz {
            title: m.title,
            question_count: uint(m.question_count),
            shuffle: m.shuffle,
            pass_pct: uint(m.pass_pct),
            max_attempts: m.max_attempts.map(uint),
            time_limit_secs: m.time_limit_secs.map(uint),
            required: m.required,
            scoring: if m.scoring == "last" {
                QuizScoring::Last
            } else {
                QuizScoring::Best
            },
            show_answers,
        },
    }
}

async fn enrolled_quiz(
    db: &impl ConnectionTrait,
    quiz: i64,
    user: UserId,
) -> Result<quizzes::Model, QuizError> {
    let quiz = quizzes::Entity::find_by_id(quiz)
        .one(db)
        .await?
        .ok_or(QuizError::NotFound)?;
    course_enrollments::find_for_update(db, CourseId(quiz.course_id), user)
        .await?
        .ok_or(QuizError::NotEnrolled)?;
    Ok(quiz)
}

fn question_view(q: &quizzes::questions::Model) -> QuestionView {
    QuestionView {
        id: q.id,
        kind: QuestionKind::parse(&q.kind).unwrap_or(QuestionKind::Single),
        prompt: q.prompt.clone(),
        options: parse(&q.options),
    }
}

/// Starts an attempt if any are left: draws the questions and sets the deadline.
pub async fn start_attempt(
    db: &DatabaseConnection,
    quiz: i64,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<AttemptView, QuizError> {
    let txn = db::begin_write(db).await?;
    let quiz = enrolled_quiz(&txn, quiz, user).await?;
    let taken = quizzes::attempts_of(&txn, quiz.id, user).await?.len();
    if quiz
        .max_attempts
        .is_some_and(|max| taken >= usize::try_from(max).unwrap_or(0))
    {
        return Err(QuizError::AttemptsExhausted);
    }
    let bank = quizzes::bank(&txn, CourseId(quiz.course_id)).await?;
    let ids: Vec<i64> = bank.iter().map(|q| q.id).collect();
    let n = usize::try_from(quiz.question_count).unwrap_or(0);
    let drawn = quiz_grading::draw(&ids, n, quiz.shuffle, &mut rand::thread_rng());
    let deadline = quiz
        .time_limit_secs
        .map(|s| now + Duration::seconds(i64::from(s)));
    let attempt = quizzes::insert_attempt(
        &txn,
        quizzes::attempts::ActiveModel {
            quiz_id: Set(quiz.id),
            user_id: Set(user.0),
            question_ids: Set(json(&drawn)),
            started_at: Set(now),
            deadline_at: Set(deadline),
            submitted_at: Set(None),
            answers: Set(None),
            score_pct: Set(None),
            passed: Set(None),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    let by_id: HashMap<i64, &quizzes::questions::Model> = bank.iter().map(|q| (q.id, q)).collect();
    Ok(AttemptView {
        id: attempt.id,
        quiz_id: quiz.id,
        started_at: now,
        deadline,
        questions: drawn
            .iter()
            .filter_map(|id| by_id.get(id))
            .map(|q| question_view(q))
            .collect(),
    })
}

/// Grades and records a submission (once), and completes the course if this
/// pass was the last thing missing.
pub async fn submit(
    db: &DatabaseConnection,
    attempt: i64,
    user: UserId,
    answers: SubmitAnswers,
    now: DateTime<Utc>,
) -> Result<AttemptResult, QuizError> {
    let txn = db::begin_write(db).await?;
    let attempt = quizzes::attempts::Entity::find_by_id(attempt)
        .one(&txn)
        .await?
        .filter(|a| a.user_id == user.0)
        .ok_or(QuizError::NotFound)?;
    let quiz = enrolled_quiz(&txn, attempt.quiz_id, user).await?;
    if attempt.submitted_at.is_some() {
        return Err(QuizError::AlreadySubmitted);
    }
    if attempt
        .deadline_at
        .is_some_and(|d| now > d + Duration::seconds(DEADLINE_GRACE_SECS))
    {
        return Err(QuizError::TimeUp);
    }
    let drawn: Vec<i64> = parse(&attempt.question_ids);
    let questions = quizzes::questions_by_id(&txn, &drawn).await?;
    let key: HashMap<i64, Vec<u32>> = questions
        .iter()
        .map(|q| (q.id, parse(&q.correct)))
        .collect();
    let chosen: HashMap<i64, Vec<u32>> = answers
        .answers
        .into_iter()
        .map(|a| (a.question_id, a.chosen))
        .collect();
    let (score, right) =
        quiz_grading::grade(&key, &chosen).map_err(|NotInAttempt(q)| QuizError::NotInAttempt(q))?;
    let passed = i64::from(score) >= i64::from(quiz.pass_pct);
    if !quizzes::record_submission(
        &txn,
        &attempt,
        json(&chosen),
        i32::try_from(score).unwrap_or(0),
        passed,
        now,
    )
    .await?
    {
        return Err(QuizError::AlreadySubmitted);
    }
    let taken = quizzes::attempts_of(&txn, quiz.id, user).await?;
    let history: Vec<bool> = taken
        .iter()
        .filter(|a| a.submitted_at.is_some())
        .map(|a| a.passed.unwrap_or(false))
        .collect();
    // Counted in the transaction that holds the enrolment row, so a
    // concurrent start or submission cannot slip between count and result.
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let still_open = taken
        .iter()
        .filter(|a| a.id != attempt.id && a.submitted_at.is_none())
        .filter(|a| {
            a.deadline_at
                .is_none_or(|d| now <= d + Duration::seconds(DEADLINE_GRACE_SECS))
        })
        .count();
    let answers_shown = quiz_grading::answers_shown(
        answers_setting(&quiz),
        quiz.max_attempts.map(|m| u32::try_from(m).unwrap_or(0)),
        count(taken.len()),
        count(still_open),
    );
    let quiz_passed = course::quiz_passed(&history, quiz.scoring != "last");
    let course = courses::Entity::find_by_id(quiz.course_id)
        .one(&txn)
        .await?
        .ok_or(QuizError::NotFound)?;
    let credit = CreditHours(u32::try_from(course.credit_tenths).unwrap_or(0));
    let course_completed =
        complete_course_if_done(&txn, CourseId(course.id), user, credit, now).await?;
    txn.commit().await?;
    let by_id: HashMap<i64, &quizzes::questions::Model> =
        questions.iter().map(|q| (q.id, q)).collect();
    Ok(AttemptResult {
        attempt_id: attempt.id,
        score_pct: score,
        passed,
        quiz_passed,
        course_completed,
        answers_shown,
        questions: if !answers_shown {
            Vec::new()
        } else {
            drawn
                .iter()
                .filter_map(|id| by_id.get(id))
                .map(|q| QuestionResult {
                    question: question_view(q),
                    chosen: chosen.get(&q.id).cloned().unwrap_or_default(),
                    correct: parse(&q.correct),
                    is_correct: right.get(&q.id).copied().unwrap_or(false),
                    explanation: q.explanation.clone(),
                })
                .collect()
        },
    })
}

/// The quizzes of a course a trainee can take.
pub async fn of_course(
    db: &DatabaseConnection,
    course: CourseId,
) -> Result<Vec<QuizView>, QuizError> {
    Ok(quizzes::of_course(db, course)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

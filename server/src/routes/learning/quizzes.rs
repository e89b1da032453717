//! Quizzes: instructors fill question banks and set quizzes; trainees take
//! attempts. Answers are graded here and never sent before submission.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use cultivator_shared::api::my_learning::BankQuestion;
use cultivator_shared::api::quizzes::{
    AttemptResult, AttemptView, NewQuestion, NewQuiz, QuizView, SubmitAnswers,
};
use cultivator_shared::{ApiErrorBody, CourseId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::authorize;
use crate::auth::{Action, CurrentUser, authorize_course_editor, authorize_course_viewer};
use crate::domain::learning::{quizzes, summaries};
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_question, question_bank))
        .routes(routes!(create_quiz, course_quizzes))
        .routes(routes!(start_attempt))
        .routes(routes!(submit_attempt))
}

/// Adds a question to a course's bank (its author or an admin).
#[utoipa::path(post, path = "/courses/{id}/questions", tag = "quizzes", request_body = NewQuestion,
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 201, body = i64, description = "The new question's id"),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn add_question(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(question): ApiJson<NewQuestion>,
) -> Result<(StatusCode, ApiJson<i64>), ApiError> {
    authorize_course_editor(&state, &user, CourseId(id)).await?;
    let id = quizzes::add_question(&state.db, CourseId(id), question).await?;
    Ok((StatusCode::CREATED, ApiJson(id)))
}

/// A course's question bank with the answers (its author or an admin).
#[utoipa::path(get, path = "/courses/{id}/questions", tag = "quizzes",
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 200, body = Vec<BankQuestion>),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn question_bank(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<Vec<BankQuestion>>, ApiError> {
    authorize_course_editor(&state, &user, CourseId(id)).await?;
    Ok(ApiJson(
        summaries::question_bank(&state.db, CourseId(id)).await?,
    ))
}

/// Sets a quiz on a course (its author or an admin).
#[utoipa::path(post, path = "/courses/{id}/quizzes", tag = "quizzes", request_body = NewQuiz,
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 201, body = QuizView),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn create_quiz(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(quiz): ApiJson<NewQuiz>,
) -> Result<(StatusCode, ApiJson<QuizView>), ApiError> {
    authorize_course_editor(&state, &user, CourseId(id)).await?;
    let quiz = quizzes::create_quiz(&state.db, CourseId(id), quiz).await?;
    Ok((StatusCode::CREATED, ApiJson(quiz)))
}

/// A course's quizzes and their settings, to signed-in users who may see
/// the course (a draft's only to those who may edit it).
#[utoipa::path(get, path = "/courses/{id}/quizzes", tag = "quizzes",
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 200, body = Vec<QuizView>),
        (status = 401, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn course_quizzes(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<Vec<QuizView>>, ApiError> {
    authorize_course_viewer(&state, Some(&user), CourseId(id)).await?;
    Ok(ApiJson(quizzes::of_course(&state.db, CourseId(id)).await?))
}

/// Starts an attempt: the drawn questions, without answers.
#[utoipa::path(post, path = "/quizzes/{id}/attempts", tag = "quizzes",
    params(("id" = i64, Path, description = "Quiz id")),
    responses(
        (status = 201, body = AttemptView),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "No attempts left"),
    ))]
async fn start_attempt(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<(StatusCode, ApiJson<AttemptView>), ApiError> {
    authorize(&user, Action::LearnOnline)?;
    let attempt = quizzes::start_attempt(&state.db, id, user.id, Utc::now()).await?;
    Ok((StatusCode::CREATED, ApiJson(attempt)))
}

/// Submits an attempt's answers; returns the score with correct answers and explanations.
#[utoipa::path(post, path = "/attempts/{id}/submit", tag = "quizzes", request_body = SubmitAnswers,
    params(("id" = i64, Path, description = "Attempt id")),
    responses(
        (status = 200, body = AttemptResult),
        (status = 409, body = ApiErrorBody, description = "Late or already submitted"),
        (status = 422, body = ApiErrorBody, description = "Answers for questions not in the attempt"),
    ))]
async fn submit_attempt(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(answers): ApiJson<SubmitAnswers>,
) -> Result<ApiJson<AttemptResult>, ApiError> {
    let at = Utc::now();
    authorize(&user, Action::LearnOnline)?;
    Ok(ApiJson(
        quizzes::submit(&state.db, id, user.id, answers, at).await?,
    ))
}

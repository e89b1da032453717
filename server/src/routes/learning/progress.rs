//! Trainees learning online: self-enrolment, progress reports (the hot path,
//! answered only after group commit) and the credit-hour ledger.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Duration;
use chrono::Utc;
use cultivator_shared::api::learning::{
    AttentionAnswer, AttentionOutcome, CourseEnrollmentView, CreditLedger, LessonProgressView,
    OfflineOutcome, OfflineProgress, ProgressReport, RefusedReport,
};
use cultivator_shared::{ApiErrorBody, CourseId, LessonId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::authorize;
use crate::auth::{Action, CurrentUser, RecentUser};
use crate::db::credit_entries;
use crate::domain::learning::offline_progress::{self, Applied, OfflineRefusal};
use crate::domain::learning::progress::{self, ProgressJob};
use crate::domain::learning::{checkpoints, enrolment};
use crate::error::ApiJson;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(enroll))
        .routes(routes!(report_progress, lesson_progress))
        .routes(routes!(report_offline_progress))
        .routes(routes!(answer_attention))
        .routes(routes!(my_credits))
}

/// Enrols the signed-in trainee in a published course (idempotent).
#[utoipa::path(post, path = "/courses/{id}/enroll", tag = "learning",
    params(("id" = i64, Path, description = "Course id")),
    responses(
        (status = 201, body = CourseEnrollmentView),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn enroll(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<(StatusCode, ApiJson<CourseEnrollmentView>), ApiError> {
    authorize(&user, Action::LearnOnline)?;
    let view = enrolment::enroll(&state.db, CourseId(id), user.id, Utc::now()).await?;
    Ok((StatusCode::CREATED, ApiJson(view)))
}

/// Reports progress in a lesson; acknowledged once durably stored.
#[utoipa::path(post, path = "/lessons/{id}/progress", tag = "learning",
    request_body = ProgressReport,
    params(("id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 200, body = LessonProgressView),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody, description = "Implausible report"),
    ))]
async fn report_progress(
    State(state): State<AppState>,
    RecentUser { user, session }: RecentUser,
    Path(id): Path<i64>,
    ApiJson(report): ApiJson<ProgressReport>,
) -> Result<ApiJson<LessonProgressView>, ApiError> {
    // Stamped on arrival: time spent queueing for the writer is not the player's.
    let at = Utc::now();
    authorize(&user, Action::LearnOnline)?;
    report.validate().map_err(ApiError::Validation)?;
    let job = ProgressJob {
        user: user.id,
        session,
        lesson: LessonId(id),
        report,
        at,
        sent_later: false,
    };
    Ok(ApiJson(state.progress.submit(job).await?))
}

/// Reports made with no network, sent when it returned: each is judged at
/// its device time, oldest first, by the rules of online reports, in one
/// transaction. A report refused does not stop the others.
#[utoipa::path(post, path = "/me/progress/offline", tag = "learning",
    request_body = OfflineProgress,
    responses(
        (status = 200, body = OfflineOutcome),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody, description = "No reports, too many, or one invalid"),
    ))]
async fn report_offline_progress(
    State(state): State<AppState>,
    RecentUser { user, session }: RecentUser,
    ApiJson(batch): ApiJson<OfflineProgress>,
) -> Result<ApiJson<OfflineOutcome>, ApiError> {
    let now = Utc::now();
    authorize(&user, Action::LearnOnline)?;
    batch.validate().map_err(ApiError::Validation)?;
    let sync_window = Duration::hours(i64::from(state.config.checkin_sync_hours));
    let applied = offline_progress::apply(
        &state.db,
        user.id,
        &session,
        &batch.reports,
        now,
        sync_window,
    )
    .await
    .map_err(ApiError::internal)?;
    Ok(ApiJson(summarise(applied)))
}

/// The batch's answer: what was refused, with the code the app translates.
fn summarise(applied: Applied) -> OfflineOutcome {
    let mut summary = OfflineOutcome {
        accepted: 0,
        refused: Vec::new(),
        earned_ms: 0,
        lessons: applied.lessons,
    };
    for (index, outcome) in applied.outcomes.into_iter().enumerate() {
        match outcome {
            Ok(view) => {
                summary.accepted += 1;
                summary.earned_ms += view.earned_ms;
            }
            Err(refusal) => {
                let error = match refusal {
                    OfflineRefusal::Time(why) => ApiError::from(why),
                    OfflineRefusal::Learning(err) => ApiError::from(err),
                };
                summary.refused.push(RefusedReport {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    code: error.code(),
                    message: error.to_string(),
                });
            }
        }
    }
    summary
}

/// Answers the attention check waiting in a lesson. A wrong or late answer
/// is not an error: a new check replaces it and is returned.
#[utoipa::path(post, path = "/lessons/{id}/attention", tag = "learning",
    request_body = AttentionAnswer,
    params(("id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 200, body = AttentionOutcome),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "No check is waiting"),
    ))]
async fn answer_attention(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(answer): ApiJson<AttentionAnswer>,
) -> Result<ApiJson<AttentionOutcome>, ApiError> {
    let at = Utc::now();
    authorize(&user, Action::LearnOnline)?;
    let outcome = checkpoints::answer(&state.db, user.id, LessonId(id), answer.code, at).await?;
    Ok(ApiJson(outcome))
}

/// The signed-in trainee's stored progress in a lesson, to resume from.
#[utoipa::path(get, path = "/lessons/{id}/progress", tag = "learning",
    params(("id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 200, body = LessonProgressView),
        (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody),
    ))]
async fn lesson_progress(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<LessonProgressView>, ApiError> {
    authorize(&user, Action::LearnOnline)?;
    Ok(ApiJson(
        progress::current(&state.db, user.id, LessonId(id)).await?,
    ))
}

/// The signed-in user's credit-hour ledger (学时台账).
#[utoipa::path(get, path = "/me/credits", tag = "learning",
    responses((status = 200, body = CreditLedger), (status = 401, body = ApiErrorBody)))]
async fn my_credits(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<ApiJson<CreditLedger>, ApiError> {
    Ok(ApiJson(credit_entries::ledger(&state.db, user.id).await?))
}

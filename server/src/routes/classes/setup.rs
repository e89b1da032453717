//! Setting up and finding classes: the open classes, those near a trainee
//! and those an instructor runs; creating a class, its detail, adding
//! sessions, and finalising completion.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use cultivator_shared::api::catalog::ClassSummary;
use cultivator_shared::api::classes::{
    ClassDetail, CreateClassRequest, Finalised, NewSessionRequest, SessionView,
};
use cultivator_shared::api::{Page, PageQuery};
use cultivator_shared::validation::parse_region_code;
use cultivator_shared::{ApiErrorBody, ClassId};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::permissions::{authorize, authorize_class_creation};
use crate::auth::{Action, ClientAddr, CurrentUser, ManagedClass, scope};
use crate::db::classes;
use crate::domain::classes::setup;
use crate::domain::completion::offline_class;
use crate::error::{ApiJson, ApiQuery};
use crate::routes::platforms::RequestPlatform;
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_classes, create_class))
        .routes(routes!(classes_near_me))
        .routes(routes!(class_detail))
        .routes(routes!(add_session))
        .routes(routes!(my_classes_to_run))
        .routes(routes!(finalise))
}

/// Published classes shown on this platform (shared nationally, or its
/// own) that have not yet ended, soonest first.
#[utoipa::path(get, path = "/classes", tag = "catalog", params(PageQuery),
    responses((status = 200, body = Page<ClassSummary>)))]
async fn open_classes(
    State(state): State<AppState>,
    RequestPlatform(platform): RequestPlatform,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<ApiJson<Page<ClassSummary>>, ApiError> {
    let today = Utc::now().date_naive();
    let (items, total) =
        classes::open(&state.db, platform.id, today, page.limit(), page.offset()).await?;
    Ok(ApiJson(Page { items, total }))
}

/// Open classes that serve the signed-in user's home region: those of their
/// own region and of every region above it, soonest first.
#[utoipa::path(get, path = "/classes/near-me", tag = "catalog", params(PageQuery),
    responses((status = 200, body = Page<ClassSummary>), (status = 401, body = ApiErrorBody)))]
async fn classes_near_me(
    State(state): State<AppState>,
    user: CurrentUser,
    RequestPlatform(platform): RequestPlatform,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<ApiJson<Page<ClassSummary>>, ApiError> {
    let today = Utc::now().date_naive();
    let (items, total) = classes::open_in(
        &state.db,
        platform.id,
        &scope::regions_serving(&user.region),
        today,
        page.limit(),
        page.offset(),
    )
    .await?;
    Ok(ApiJson(Page { items, total }))
}

/// Creates a published class inside the creator's region; the creator
/// becomes its instructor.
#[utoipa::path(post, path = "/classes", tag = "classes", request_body = CreateClassRequest,
    responses(
        (status = 201, body = ClassDetail),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn create_class(
    State(state): State<AppState>,
    user: CurrentUser,
    address: ClientAddr,
    ApiJson(request): ApiJson<CreateClassRequest>,
) -> Result<(StatusCode, ApiJson<ClassDetail>), ApiError> {
    authorize(&user, Action::CreateClass)?;
    // An unreadable region is the domain's 422; a readable one must lie
    // inside the creator's own region.
    if let Ok(region) = parse_region_code(&request.region_code) {
        authorize_class_creation(&user, &region)?;
    }
    let id = setup::create(&state.db, &user.actor(address), user.id, &request).await?;
    let class = setup::find(&state.db, id).await?;
    let can_manage = ManagedClass::may_manage(&state, &user, &class).await?;
    let detail = setup::detail(&state.db, class, user.id, can_manage).await?;
    Ok((StatusCode::CREATED, ApiJson(detail)))
}

/// A class with its sessions and the asking user's own enrollment.
#[utoipa::path(get, path = "/classes/{id}", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses((status = 200, body = ClassDetail), (status = 404, body = ApiErrorBody)))]
async fn class_detail(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ApiJson<ClassDetail>, ApiError> {
    let class = setup::find(&state.db, ClassId(id)).await?;
    let can_manage = ManagedClass::may_manage(&state, &user, &class).await?;
    Ok(ApiJson(
        setup::detail(&state.db, class, user.id, can_manage).await?,
    ))
}

/// Adds a session (its own start, end and venue) to a class.
#[utoipa::path(post, path = "/classes/{id}/sessions", tag = "classes",
    request_body = NewSessionRequest,
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 201, body = SessionView),
        (status = 403, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
async fn add_session(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
    ApiJson(request): ApiJson<NewSessionRequest>,
) -> Result<(StatusCode, ApiJson<SessionView>), ApiError> {
    let actor = managed.user.actor(address);
    let session = setup::add_session(&state.db, &actor, &managed.class, &request).await?;
    Ok((StatusCode::CREATED, ApiJson(session)))
}

/// The classes the signed-in user runs as an instructor.
#[utoipa::path(get, path = "/instructor/classes", tag = "classes",
    responses((status = 200, body = Vec<ClassSummary>)))]
async fn my_classes_to_run(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<ApiJson<Vec<ClassSummary>>, ApiError> {
    Ok(ApiJson(setup::run_by(&state.db, user.id).await?))
}

/// Completes every enrolled trainee whose attendance meets the class's
/// threshold, in one transaction.
#[utoipa::path(post, path = "/classes/{id}/finalise", tag = "classes",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, body = Finalised),
        (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody),
    ))]
async fn finalise(
    State(state): State<AppState>,
    managed: ManagedClass,
    address: ClientAddr,
) -> Result<ApiJson<Finalised>, ApiError> {
    let actor = managed.user.actor(address);
    Ok(ApiJson(
        offline_class::finalise(&state.db, &actor, managed.id(), Utc::now()).await?,
    ))
}

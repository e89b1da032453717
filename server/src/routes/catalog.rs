use axum::extract::State;
use chrono::Utc;
use cultivator_shared::api::catalog::{ClassSummary, CourseSummary};
use cultivator_shared::api::my_learning::CourseFilter;
use cultivator_shared::api::{Page, PageQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::authoring::{__path_create_course, create_course};
use crate::db::{classes, course_views};
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(published_courses, create_course))
        .routes(routes!(open_classes))
}

/// Published courses, newest first; optionally only those whose title or
/// summary contains the search words, or of one category.
#[utoipa::path(get, path = "/courses", tag = "catalog", params(CourseFilter),
    responses((status = 200, body = Page<CourseSummary>)))]
async fn published_courses(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<CourseFilter>,
) -> Result<ApiJson<Page<CourseSummary>>, ApiError> {
    let page = filter.page();
    let (items, total) = course_views::published_matching(
        &state.db,
        filter.words(),
        filter.category(),
        page.limit(),
        page.offset(),
    )
    .await?;
    Ok(ApiJson(Page { items, total }))
}

/// Published classes that have not yet ended, soonest first.
#[utoipa::path(get, path = "/classes", tag = "catalog", params(PageQuery),
    responses((status = 200, body = Page<ClassSummary>)))]
async fn open_classes(
    State(state): State<AppState>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<ApiJson<Page<ClassSummary>>, ApiError> {
    let today = Utc::now().date_naive();
    let (items, total) = classes::open(&state.db, today, page.limit(), page.offset()).await?;
    Ok(ApiJson(Page { items, total }))
}

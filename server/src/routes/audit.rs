//! The audit trail (操作日志) for admins (all of it) and coordinators (the
//! records about objects in their region), as pages of JSON or one CSV file.
//! Nothing here, or anywhere in the API, changes or removes a record.

use axum::extract::State;
use axum::response::Response;
use cultivator_shared::ApiErrorBody;
use cultivator_shared::api::audit::{AuditQuery, AuditRecordView};
use cultivator_shared::api::{Page, PageQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::auth::permissions::audit_scopes;
use crate::domain::audit::{self, Filter};
use crate::error::{ApiJson, ApiQuery};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(export_csv))
}

fn filter(user: &CurrentUser, query: AuditQuery) -> Result<Filter, ApiError> {
    let scopes = audit_scopes(user).ok_or(ApiError::Forbidden)?;
    Ok(Filter {
        scopes,
        actor: query.actor.map(|a| a.0),
        action: query.action,
        object_kind: query.object_kind,
        object_id: query.object_id,
        region: query.region,
        from: query.from,
        until: query.until,
    })
}

/// Who did what, newest first, filtered by actor, action, object, region
/// and time.
#[utoipa::path(get, path = "/audit", tag = "admin", params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditRecordView>),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
    ))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<ApiJson<Page<AuditRecordView>>, ApiError> {
    let page = PageQuery {
        limit: query.limit,
        offset: query.offset,
    };
    let filter = filter(&user, query)?;
    Ok(ApiJson(
        audit::page(&state.db, &filter, page.limit(), page.offset()).await?,
    ))
}

/// The same records as a CSV download (paging ignored; at most the newest
/// 50,000), every cell neutralised against spreadsheet formulas.
#[utoipa::path(get, path = "/audit.csv", tag = "admin", params(AuditQuery),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody),
    ))]
async fn export_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Response, ApiError> {
    let filter = filter(&user, query)?;
    let body = audit::csv(&state.db, &filter).await?;
    Ok(super::download::attachment(
        "audit.csv",
        super::download::CSV,
        body,
    ))
}

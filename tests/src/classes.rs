//! Setting up classes for tests: an offline class created by the demo
//! instructor through the API.

use chrono::{Duration, Utc};
use cultivator_shared::api::classes::{
    ClassDetail, CreateClassRequest, NewSessionRequest, SessionView,
};
use cultivator_shared::{EnrollmentMode, ProgrammeId, Track};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

use crate::client::{ApiClient, expect_json};

/// The demo programme's id.
pub async fn demo_programme(db: &impl ConnectionTrait) -> anyhow::Result<ProgrammeId> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT MIN(id) AS id FROM programmes",
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no programme"))?;
    Ok(ProgrammeId(row.try_get("", "id")?))
}

/// An offline class in 金堂县 with `seats` seats, starting today.
pub fn offline_class(
    programme: ProgrammeId,
    seats: u32,
    mode: EnrollmentMode,
) -> CreateClassRequest {
    let today = Utc::now().date_naive();
    CreateClassRequest {
        title: "金堂县农村电商带头人培训班".into(),
        track: Track::Offline,
        programme_id: programme,
        stage_id: None,
        region_code: "510121".into(),
        starts_on: today,
        ends_on: today + Duration::days(5),
        seat_limit: seats,
        enrollment_mode: mode,
        venue: Some("金堂县农业农村局培训中心".into()),
        attendance_threshold_pct: Some(80),
        planned_sessions: None,
    }
}

pub async fn create_class(
    instructor: &ApiClient,
    request: &CreateClassRequest,
) -> anyhow::Result<ClassDetail> {
    expect_json(
        instructor.post("/api/v1/classes", request).await?,
        StatusCode::CREATED,
    )
    .await
}

/// A session of `class` running from an hour ago to an hour from now.
pub async fn add_current_session(
    instructor: &ApiClient,
    class: ClassDetail,
) -> anyhow::Result<SessionView> {
    let now = Utc::now();
    expect_json(
        instructor
            .post(
                &format!("/api/v1/classes/{}/sessions", class.class.id),
                &NewSessionRequest {
                    starts_at: now - Duration::hours(1),
                    ends_at: now + Duration::hours(1),
                    venue: None,
                    capacity_note: None,
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await
}

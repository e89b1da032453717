//! Setting up classes for tests: an offline class created by the demo
//! instructor through the API.

use chrono::{Duration, Utc};
use cultivator_shared::api::classes::{
    ClassDetail, CreateClassRequest, MyEnrollment, NewSessionRequest, SessionView,
};
use cultivator_shared::{EnrollmentMode, EnrollmentStatus, ProgrammeId, Track};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

use crate::client::{ApiClient, expect_json};
use crate::{Backend, TestApp};

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

/// The demo's instructor and one of its trainees (张秀英).
pub const DEMO_INSTRUCTOR: &str = "13800000005";
pub const DEMO_TRAINEE: &str = "13800000010";

/// A running app with an offline class of the demo instructor, a session
/// running now, and the demo trainee enrolled.
pub struct Setup {
    pub app: TestApp,
    pub instructor: ApiClient,
    pub trainee: ApiClient,
    pub session: SessionView,
}

impl Setup {
    /// The instructor's live attendance list of the session.
    pub async fn attendance(
        &self,
    ) -> anyhow::Result<Vec<cultivator_shared::api::checkin::AttendanceEntry>> {
        expect_json(
            self.instructor
                .get(&format!("/api/v1/sessions/{}/attendance", self.session.id))
                .await?,
            StatusCode::OK,
        )
        .await
    }
}

/// See [`Setup`].
pub async fn class_in_session(backend: Backend) -> anyhow::Result<Setup> {
    class_in_session_on(TestApp::spawn(backend).await?).await
}

/// [`class_in_session`] on an app spawned as the test needs it.
pub async fn class_in_session_on(app: TestApp) -> anyhow::Result<Setup> {
    let app = app.with_demo().await?;
    let instructor = app.signed_in(DEMO_INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;
    let session = add_current_session(&instructor, class.clone()).await?;
    let trainee = app.signed_in(DEMO_TRAINEE).await?;
    let mine = apply(&trainee, &class).await?;
    anyhow::ensure!(
        mine.status == EnrollmentStatus::Enrolled,
        "not enrolled: {mine:?}"
    );
    Ok(Setup {
        app,
        instructor,
        trainee,
        session,
    })
}

/// The signed-in trainee applies to `class`.
pub async fn apply(trainee: &ApiClient, class: &ClassDetail) -> anyhow::Result<MyEnrollment> {
    expect_json(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await
}

/// The check-in code on the instructor's screen for `session` now.
pub async fn checkin_code(
    instructor: &ApiClient,
    session: &SessionView,
) -> anyhow::Result<cultivator_shared::api::checkin::CheckinCode> {
    expect_json(
        instructor
            .get(&format!("/api/v1/sessions/{}/checkin-code", session.id))
            .await?,
        StatusCode::OK,
    )
    .await
}

//! Accepted before, refused now, each with a field error the forms can show:
//! control characters and overlong text, dates in year 0001 or 9999, sessions
//! lasting a century or outside their class's days, progress positions of
//! 2^63 − 1 and targets whose sums would overflow — on both databases.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use cultivator_shared::api::authoring::{CourseDraft, Created};
use cultivator_shared::api::classes::{ClassDetail, NewSessionRequest};
use cultivator_shared::api::learning::{PlayedSpan, ProgressReport};
use cultivator_shared::{
    ApiErrorBody, CreditHours, EnrollmentMode, ErrorCode, PublishState, ValidationError,
};
use cultivator_tests::classes::{create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::learning::{report, small_course};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    text_with_control_characters_or_past_its_limit_is_refused,
    dates_outside_sane_ranges_are_refused,
    numbers_outside_their_ranges_are_refused,
);

const INSTRUCTOR: &str = "13800000005";
const NATIONAL: &str = "13800000002";

async fn refused(response: reqwest::Response, field: &str) -> anyhow::Result<ApiErrorBody> {
    let body = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    assert!(
        body.fields.iter().any(|f| f.field == field),
        "expected a problem with {field}: {body:?}"
    );
    Ok(body)
}

fn course(title: &str, summary: String) -> CourseDraft {
    CourseDraft {
        title: title.into(),
        summary,
        category: "种植技术".into(),
        credit_hours: CreditHours(10),
        completion_threshold_pct: 90,
        attention_every_minutes: None,
    }
}

async fn text_with_control_characters_or_past_its_limit_is_refused(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let body = refused(
        instructor
            .post("/api/v1/courses", &course("水稻\0种植", String::new()))
            .await?,
        "title",
    )
    .await?;
    assert_eq!(body.fields[0].error, ValidationError::InvalidCharacters);
    let mut bad_category = course("水稻种植", String::new());
    bad_category.category = "种植\u{1b}[31m".into();
    refused(
        instructor.post("/api/v1/courses", &bad_category).await?,
        "category",
    )
    .await?;
    refused(
        instructor
            .post("/api/v1/courses", &course("水稻种植", "长".repeat(2_001)))
            .await?,
        "summary",
    )
    .await?;
    // A summary may have paragraphs.
    let _: Created = expect_json(
        instructor
            .post(
                "/api/v1/courses",
                &course("水稻种植", "第一段。\n\n第二段。".into()),
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    app.stop().await
}

async fn class_with_days(
    app: &TestApp,
    instructor: &ApiClient,
    days: (NaiveDate, NaiveDate),
) -> anyhow::Result<ClassDetail> {
    let mut request = offline_class(demo_programme(&app.db).await?, 30, EnrollmentMode::Open);
    request.starts_on = days.0;
    request.ends_on = days.1;
    create_class(instructor, &request).await
}

async fn dates_outside_sane_ranges_are_refused(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let mut forever = offline_class(demo_programme(&app.db).await?, 30, EnrollmentMode::Open);
    forever.starts_on = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default();
    forever.ends_on = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    refused(
        instructor.post("/api/v1/classes", &forever).await?,
        "ends_on",
    )
    .await?;

    let first = Utc::now().date_naive();
    let class = class_with_days(&app, &instructor, (first, first + Duration::days(2))).await?;
    let sessions = format!("/api/v1/classes/{}/sessions", class.class.id);
    let start = Utc.from_utc_datetime(&first.and_hms_opt(1, 0, 0).unwrap_or_default());
    let session = |starts_at, ends_at| NewSessionRequest {
        starts_at,
        ends_at,
        venue: None,
        capacity_note: None,
    };
    // A hundred years long; in year 9999; a month after the class.
    refused(
        instructor
            .post(&sessions, &session(start, start + Duration::days(36_500)))
            .await?,
        "ends_at",
    )
    .await?;
    let far = Utc
        .with_ymd_and_hms(9999, 1, 1, 1, 0, 0)
        .single()
        .unwrap_or(start);
    refused(
        instructor
            .post(&sessions, &session(far, far + Duration::hours(2)))
            .await?,
        "starts_at",
    )
    .await?;
    let later = start + Duration::days(30);
    let body = refused(
        instructor
            .post(&sessions, &session(later, later + Duration::hours(2)))
            .await?,
        "starts_at",
    )
    .await?;
    assert!(
        body.fields
            .iter()
            .all(|f| f.error == ValidationError::OutsideClassDates),
        "{body:?}"
    );
    // Inside the class's days, two hours: fine.
    let ok = instructor
        .post(&sessions, &session(start, start + Duration::hours(2)))
        .await?;
    assert_eq!(ok.status(), StatusCode::CREATED);
    app.stop().await
}

async fn numbers_outside_their_ranges_are_refused(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let course = small_course(&app.db, PublishState::Published).await?;
    let trainee = app.signed_in("13800000010").await?;
    let enrolled = trainee
        .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
        .await?;
    assert!(enrolled.status().is_success());
    let huge = u64::try_from(i64::MAX).unwrap_or(u64::MAX);
    let at_the_end_of_time = ProgressReport {
        position_ms: huge,
        ..ProgressReport::default()
    };
    refused(
        report(&trainee, course.article, &at_the_end_of_time).await?,
        "position_ms",
    )
    .await?;
    let span = ProgressReport {
        played: Some(PlayedSpan {
            from_ms: 0,
            to_ms: huge,
        }),
        ..ProgressReport::default()
    };
    refused(report(&trainee, course.video, &span).await?, "played").await?;

    let national = app.signed_in(NATIONAL).await?;
    let targets = serde_json::json!({
        "programme": demo_programme(&app.db).await?,
        "year": null,
        "targets": [{"region": "51", "online": huge, "offline": 1}],
    });
    refused(
        national
            .send_json(
                reqwest::Method::PUT,
                "/api/v1/coordination/targets",
                &targets,
            )
            .await?,
        "targets[0].online",
    )
    .await?;
    app.stop().await
}

//! Instructors download the roster and the attendance sheet as CSV.

use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceState, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::MyEnrollment;
use cultivator_shared::{EnrollmentMode, ErrorCode};
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::{expect_error, expect_json, registration};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};

on_both_databases!(
    the_roster_and_attendance_sheet_download_as_csv,
    a_name_that_looks_like_a_formula_is_neutralised_in_every_csv,
);

async fn the_roster_and_attendance_sheet_download_as_csv(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.client()?;
    instructor.login_ok("13800000005", DEMO_PASSWORD).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 1, EnrollmentMode::Open),
    )
    .await?;
    let class_id = class.class.id;
    let session = add_current_session(&instructor, class).await?;
    let mut trainees: Vec<UserView> = Vec::new();
    for mobile in ["13800000010", "13800000011"] {
        let client = app.client()?;
        trainees.push(client.login_ok(mobile, DEMO_PASSWORD).await?);
        let _: MyEnrollment = expect_json(
            client
                .post(&format!("/api/v1/classes/{class_id}/apply"), &())
                .await?,
            StatusCode::OK,
        )
        .await?;
        if mobile == "13800000011" {
            expect_error(
                client
                    .get(&format!("/api/v1/classes/{class_id}/roster.csv"))
                    .await?,
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
            )
            .await?;
        }
    }
    let _: AttendanceCorrection = expect_json(
        instructor
            .send_json(
                Method::PUT,
                &format!(
                    "/api/v1/sessions/{}/attendance/{}",
                    session.id, trainees[0].id
                ),
                &MarkAttendanceRequest {
                    state: AttendanceState::Present,
                    at: None,
                },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;

    let roster = instructor
        .get(&format!("/api/v1/classes/{class_id}/roster.csv"))
        .await?;
    assert_eq!(roster.status(), StatusCode::OK);
    assert!(
        roster
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/csv"))
    );
    let roster = roster.text().await?;
    let lines: Vec<&str> = roster.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "name,mobile,status,waitlist_position,applied_at");
    assert!(lines[1].contains("13800000010,completed,"), "{roster}");
    assert!(lines[2].contains("13800000011,waitlisted,1,"), "{roster}");

    let sheet = instructor
        .get(&format!("/api/v1/classes/{class_id}/attendance.csv"))
        .await?
        .text()
        .await?;
    let lines: Vec<&str> = sheet.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{sheet}");
    assert!(lines[0].starts_with("name,mobile,") && lines[0].ends_with(",present"));
    assert!(lines[1].ends_with("13800000010,present,1"), "{sheet}");
    app.stop().await
}

/// A spreadsheet would run `=HYPERLINK(..)` as a formula; the downloads
/// quote it so it shows as the text the trainee typed.
async fn a_name_that_looks_like_a_formula_is_neutralised_in_every_csv(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.client()?;
    instructor.login_ok("13800000005", DEMO_PASSWORD).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 5, EnrollmentMode::Open),
    )
    .await?;
    let class_id = class.class.id;
    let session = add_current_session(&instructor, class).await?;

    let trainee = app.client()?;
    let mut request = registration("=HYPERLINK(\"x\")", "13900000001");
    request.region_code = "510121".into();
    let user: UserView =
        expect_json(trainee.register(&request).await?, StatusCode::CREATED).await?;
    trainee.login_ok("13900000001", "harvest2026").await?;
    let _: MyEnrollment = expect_json(
        trainee
            .post(&format!("/api/v1/classes/{class_id}/apply"), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    let _: AttendanceCorrection = expect_json(
        instructor
            .send_json(
                Method::PUT,
                &format!("/api/v1/sessions/{}/attendance/{}", session.id, user.id),
                &MarkAttendanceRequest {
                    state: AttendanceState::Present,
                    at: None,
                },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;

    for sheet in ["roster.csv", "attendance.csv"] {
        let text = instructor
            .get(&format!("/api/v1/classes/{class_id}/{sheet}"))
            .await?
            .text()
            .await?;
        let mut cells = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let names: Vec<String> = cells
            .records()
            .map(|row| Ok(row?.get(0).unwrap_or_default().to_owned()))
            .collect::<Result<_, csv::Error>>()?;
        assert_eq!(
            names,
            vec!["'=HYPERLINK(\"x\")".to_owned()],
            "{sheet}: {text}"
        );
    }
    app.stop().await
}

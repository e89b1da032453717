//! Offline completion: attendance at the class's threshold completes an
//! enrollment, attended time books credit hours, a correction below the
//! threshold withdraws the completion (and back above re-completes it), and
//! finalising a class completes every eligible trainee at once.

use chrono::{Duration, Utc};
use cultivator_server::db::{attendance, credit_entries};
use cultivator_server::domain::coordination::recount;
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceMethod, AttendanceState, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::{
    ClassDetail, CreateClassRequest, Finalised, MyEnrollment, NewSessionRequest, SessionView,
};
use cultivator_shared::{EnrollmentMode, EnrollmentStatus, ErrorCode};
use cultivator_tests::classes::{create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};

on_both_databases!(
    attendance_at_the_threshold_completes_and_books_credit_hours,
    finalising_completes_every_eligible_trainee_at_once,
    a_correction_below_the_threshold_withdraws_the_completion_and_its_count,
    attending_the_only_session_added_so_far_does_not_complete_a_planned_class,
);

const INSTRUCTOR: &str = "13800000005";
const TRAINEES: [&str; 3] = ["13800000010", "13800000011", "13800000012"];

async fn signed_in(app: &TestApp, mobile: &str) -> anyhow::Result<(ApiClient, UserView)> {
    let client = app.client()?;
    let me = client.login_ok(mobile, DEMO_PASSWORD).await?;
    Ok((client, me))
}

/// A class (threshold 80%) with five two-hour sessions and the trainees enrolled.
async fn class_with_five_sessions(
    app: &TestApp,
    instructor: &ApiClient,
    trainees: &[&ApiClient],
) -> anyhow::Result<(ClassDetail, Vec<SessionView>)> {
    let programme = demo_programme(&app.db).await?;
    // Its sessions were held over the last five days.
    let class = create_class(
        instructor,
        &CreateClassRequest {
            starts_on: Utc::now().date_naive() - Duration::days(5),
            ..offline_class(programme, 30, EnrollmentMode::Open)
        },
    )
    .await?;
    let mut sessions = Vec::new();
    for day in 0..5 {
        let starts_at = Utc::now() - Duration::days(5 - day);
        sessions.push(
            expect_json::<SessionView>(
                instructor
                    .post(
                        &format!("/api/v1/classes/{}/sessions", class.class.id),
                        &NewSessionRequest {
                            starts_at,
                            ends_at: starts_at + Duration::hours(2),
                            venue: None,
                            capacity_note: None,
                        },
                    )
                    .await?,
                StatusCode::CREATED,
            )
            .await?,
        );
    }
    for trainee in trainees {
        let _: MyEnrollment = expect_json(
            trainee
                .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
                .await?,
            StatusCode::OK,
        )
        .await?;
    }
    Ok((class, sessions))
}

async fn status(
    client: &ApiClient,
    class: &ClassDetail,
) -> anyhow::Result<Option<EnrollmentStatus>> {
    let seen: ClassDetail = expect_json(
        client
            .get(&format!("/api/v1/classes/{}", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(seen.my_enrollment.map(|e| e.status))
}

async fn mark(
    instructor: &ApiClient,
    session: &SessionView,
    trainee: &UserView,
    state: AttendanceState,
) -> anyhow::Result<()> {
    let _: AttendanceCorrection = expect_json(
        instructor
            .send_json(
                Method::PUT,
                &format!("/api/v1/sessions/{}/attendance/{}", session.id, trainee.id),
                &MarkAttendanceRequest { state, at: None },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(())
}

async fn attendance_at_the_threshold_completes_and_books_credit_hours(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEES[0]).await?;
    let (class, sessions) = class_with_five_sessions(&app, &instructor, &[&trainee]).await?;

    for session in &sessions[..3] {
        mark(&instructor, session, &me, AttendanceState::Present).await?;
    }
    assert_eq!(
        status(&trainee, &class).await?,
        Some(EnrollmentStatus::Enrolled)
    );
    assert_eq!(credit_entries::total_tenths(&app.db, me.id).await?, 60);

    // The fourth of five sessions reaches 80%: completed in that same change.
    mark(&instructor, &sessions[3], &me, AttendanceState::Present).await?;
    assert_eq!(
        status(&trainee, &class).await?,
        Some(EnrollmentStatus::Completed)
    );
    assert_eq!(credit_entries::total_tenths(&app.db, me.id).await?, 80);

    // A correction away from present takes that session's credit back.
    mark(&instructor, &sessions[0], &me, AttendanceState::Excused).await?;
    assert_eq!(credit_entries::total_tenths(&app.db, me.id).await?, 60);
    app.stop().await
}

async fn a_correction_below_the_threshold_withdraws_the_completion_and_its_count(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEES[0]).await?;
    let (class, sessions) = class_with_five_sessions(&app, &instructor, &[&trainee]).await?;
    for session in &sessions[..4] {
        mark(&instructor, session, &me, AttendanceState::Present).await?;
    }
    assert_eq!(
        status(&trainee, &class).await?,
        Some(EnrollmentStatus::Completed)
    );
    assert!(recount::recount(&app.db, false).await?.agrees());

    // Three of five is under 80%: the completion, its credit and its count go.
    mark(&instructor, &sessions[1], &me, AttendanceState::Absent).await?;
    assert_eq!(
        status(&trainee, &class).await?,
        Some(EnrollmentStatus::Enrolled)
    );
    assert_eq!(credit_entries::total_tenths(&app.db, me.id).await?, 60);
    let report = recount::recount(&app.db, false).await?;
    assert!(report.agrees(), "{report:?}");
    assert_eq!(report.trained_people, 0, "{report:?}");

    // Corrected back to present: completed and counted again.
    mark(&instructor, &sessions[1], &me, AttendanceState::Present).await?;
    assert_eq!(
        status(&trainee, &class).await?,
        Some(EnrollmentStatus::Completed)
    );
    let report = recount::recount(&app.db, false).await?;
    assert!(report.agrees() && report.trained_people == 1, "{report:?}");
    app.stop().await
}

async fn attending_the_only_session_added_so_far_does_not_complete_a_planned_class(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEES[0]).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &CreateClassRequest {
            planned_sessions: Some(5),
            ..offline_class(programme, 30, EnrollmentMode::Open)
        },
    )
    .await?;
    assert_eq!(class.planned_sessions, Some(5));
    let starts_at = Utc::now() - Duration::hours(1);
    let session: SessionView = expect_json(
        instructor
            .post(
                &format!("/api/v1/classes/{}/sessions", class.class.id),
                &NewSessionRequest {
                    starts_at,
                    ends_at: starts_at + Duration::hours(2),
                    venue: None,
                    capacity_note: None,
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let _: MyEnrollment = expect_json(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    mark(&instructor, &session, &me, AttendanceState::Present).await?;
    // One of five planned sessions: present, credited, not completed.
    assert_eq!(
        status(&trainee, &class).await?,
        Some(EnrollmentStatus::Enrolled)
    );
    assert_eq!(credit_entries::total_tenths(&app.db, me.id).await?, 20);
    app.stop().await
}

async fn finalising_completes_every_eligible_trainee_at_once(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (eligible, eligible_me) = signed_in(&app, TRAINEES[1]).await?;
    let (short, short_me) = signed_in(&app, TRAINEES[2]).await?;
    let (class, sessions) =
        class_with_five_sessions(&app, &instructor, &[&eligible, &short]).await?;

    // Attendance taken from a paper sheet, recorded without the completion hook.
    for (trainee, attended) in [(&eligible_me, 4), (&short_me, 3)] {
        for session in &sessions[..attended] {
            attendance::upsert(
                &app.db,
                None,
                attendance::Record {
                    session: session.id,
                    user: trainee.id,
                    state: AttendanceState::Present,
                    method: AttendanceMethod::Manual,
                    at: Utc::now(),
                    by: None,
                },
            )
            .await?;
        }
    }
    assert_eq!(
        status(&eligible, &class).await?,
        Some(EnrollmentStatus::Enrolled)
    );

    let path = format!("/api/v1/classes/{}/finalise", class.class.id);
    expect_error(
        eligible.post(&path, &()).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let outcome: Finalised =
        expect_json(instructor.post(&path, &()).await?, StatusCode::OK).await?;
    assert_eq!(
        outcome,
        Finalised {
            completed: 1,
            not_eligible: 1
        }
    );
    assert_eq!(
        status(&eligible, &class).await?,
        Some(EnrollmentStatus::Completed)
    );
    assert_eq!(
        status(&short, &class).await?,
        Some(EnrollmentStatus::Enrolled)
    );

    // Finalising again completes nobody twice.
    let again: Finalised = expect_json(instructor.post(&path, &()).await?, StatusCode::OK).await?;
    assert_eq!(again.completed, 0);
    app.stop().await
}

//! Classes and their seats: instructors create classes and sessions,
//! trainees apply, full classes waitlist, and freed seats go to the first in
//! line with an in-app notice.

use cultivator_shared::api::Page;
use cultivator_shared::api::catalog::ClassSummary;
use cultivator_shared::api::classes::{
    ClassDetail, MyEnrollment, NotificationKind, NotificationView, RosterEntry,
};
use cultivator_shared::{EnrollmentMode, EnrollmentStatus, ErrorCode, ValidationError};
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    an_instructor_creates_an_offline_class_with_a_session,
    a_full_class_waitlists_and_a_freed_seat_goes_to_the_first_in_line,
    approval_mode_waits_for_a_decision_and_never_over_fills,
    invitation_only_and_repeated_applications_are_refused,
    only_staff_create_and_manage_classes,
    a_removed_trainee_stays_removed_until_a_manager_re_admits_them,
);

const INSTRUCTOR: &str = "13800000005";
const TRAINEES: [&str; 4] = ["13800000010", "13800000011", "13800000012", "13800000013"];

async fn apply(client: &ApiClient, class: &ClassDetail) -> anyhow::Result<MyEnrollment> {
    expect_json(
        client
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await
}

async fn detail(client: &ApiClient, class: &ClassDetail) -> anyhow::Result<ClassDetail> {
    expect_json(
        client
            .get(&format!("/api/v1/classes/{}", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await
}

async fn an_instructor_creates_an_offline_class_with_a_session(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;
    assert!(class.can_manage);
    assert_eq!(class.class.seat_limit, 30);
    assert_eq!(class.attendance_threshold_pct, Some(80));

    let session = add_current_session(&instructor, class.clone()).await?;
    assert_eq!(session.venue, "金堂县农业农村局培训中心");
    let seen = detail(&instructor, &class).await?;
    assert_eq!(seen.sessions, vec![session]);

    let mine: Vec<ClassSummary> = expect_json(
        instructor.get("/api/v1/instructor/classes").await?,
        StatusCode::OK,
    )
    .await?;
    // Besides the demo classes, which the demo instructor runs too.
    assert!(mine.iter().any(|c| c.id == class.class.id), "{mine:?}");
    app.stop().await
}

async fn a_full_class_waitlists_and_a_freed_seat_goes_to_the_first_in_line(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    // A provincial class: the four trainees live in two counties of 四川.
    let mut request = offline_class(programme, 2, EnrollmentMode::Open);
    request.region_code = "51".into();
    let class = create_class(&instructor, &request).await?;
    let mut trainees = Vec::new();
    for mobile in TRAINEES {
        trainees.push(app.signed_in(mobile).await?);
    }
    let mut results = Vec::new();
    for trainee in &trainees {
        results.push(apply(trainee, &class).await?);
    }
    let statuses: Vec<_> = results
        .iter()
        .map(|r| (r.status, r.waitlist_position))
        .collect();
    assert_eq!(
        statuses,
        [
            (EnrollmentStatus::Enrolled, None),
            (EnrollmentStatus::Enrolled, None),
            (EnrollmentStatus::Waitlisted, Some(1)),
            (EnrollmentStatus::Waitlisted, Some(2)),
        ]
    );

    // The first enrolled trainee withdraws: the first in line moves up and is told.
    let withdrawn: MyEnrollment = expect_json(
        trainees[0]
            .post(&format!("/api/v1/classes/{}/withdraw", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(withdrawn.status, EnrollmentStatus::Withdrawn);
    let third = detail(&trainees[2], &class).await?;
    assert_eq!(
        third.my_enrollment.map(|e| e.status),
        Some(EnrollmentStatus::Enrolled)
    );
    let notices: Page<NotificationView> = expect_json(
        trainees[2].get("/api/v1/notifications").await?,
        StatusCode::OK,
    )
    .await?;
    // Newest first: told of the move up after being told of the line.
    let kinds: Vec<_> = notices.items.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [
            NotificationKind::PromotedFromWaitlist,
            NotificationKind::EnrollmentWaitlisted
        ]
    );
    assert_eq!(notices.items[0].class_id, Some(class.class.id));
    let fourth = detail(&trainees[3], &class).await?;
    assert_eq!(
        fourth.my_enrollment.and_then(|e| e.waitlist_position),
        Some(1)
    );
    assert_eq!(fourth.class.seats_taken, 2);

    // The instructor removes an enrolled trainee: the last in line moves up.
    let roster: Vec<RosterEntry> =
        cultivator_tests::rosters::whole_roster(&instructor, class.class.id).await?;
    let second = roster
        .iter()
        .find(|e| e.mobile == TRAINEES[1])
        .ok_or_else(|| anyhow::anyhow!("second trainee missing from roster"))?;
    let removed: MyEnrollment = expect_json(
        instructor
            .post(
                &format!("/api/v1/enrollments/{}/remove", second.enrollment),
                &(),
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(removed.status, EnrollmentStatus::Withdrawn);
    let fourth = detail(&trainees[3], &class).await?;
    assert_eq!(
        fourth.my_enrollment.map(|e| e.status),
        Some(EnrollmentStatus::Enrolled)
    );
    assert_eq!(fourth.waitlist_length, 0);

    // Withdrawing twice is refused; re-applying to a full class waitlists again.
    expect_error(
        trainees[0]
            .post(&format!("/api/v1/classes/{}/withdraw", class.class.id), &())
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::NotApplied,
    )
    .await?;
    let again = apply(&trainees[0], &class).await?;
    assert_eq!(
        (again.status, again.waitlist_position),
        (EnrollmentStatus::Waitlisted, Some(1))
    );
    app.stop().await
}

async fn approval_mode_waits_for_a_decision_and_never_over_fills(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 1, EnrollmentMode::Approval),
    )
    .await?;
    let first = app.signed_in(TRAINEES[0]).await?;
    let second = app.signed_in(TRAINEES[1]).await?;
    let third = app.signed_in(TRAINEES[2]).await?;
    let a = apply(&first, &class).await?;
    let b = apply(&second, &class).await?;
    let c = apply(&third, &class).await?;
    assert_eq!(a.status, EnrollmentStatus::Applied);
    assert_eq!(b.status, EnrollmentStatus::Applied);

    let approved: MyEnrollment = expect_json(
        instructor
            .post(&format!("/api/v1/enrollments/{}/approve", a.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(approved.status, EnrollmentStatus::Enrolled);
    expect_error(
        instructor
            .post(&format!("/api/v1/enrollments/{}/approve", b.id), &())
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::SeatLimitReached,
    )
    .await?;
    let rejected: MyEnrollment = expect_json(
        instructor
            .post(&format!("/api/v1/enrollments/{}/reject", c.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(rejected.status, EnrollmentStatus::Rejected);
    // Each decision is told to the trainee it concerns; a refused one to no one.
    for (trainee, expected) in [
        (&first, vec![NotificationKind::EnrollmentApproved]),
        (&second, vec![]),
        (&third, vec![NotificationKind::EnrollmentRejected]),
    ] {
        let notices: Page<NotificationView> =
            expect_json(trainee.get("/api/v1/notifications").await?, StatusCode::OK).await?;
        let kinds: Vec<_> = notices
            .items
            .iter()
            .filter(|n| n.class_id == Some(class.class.id))
            .map(|n| n.kind)
            .collect();
        assert_eq!(kinds, expected);
    }
    // A trainee cannot decide on applications.
    expect_error(
        first
            .post(&format!("/api/v1/enrollments/{}/approve", b.id), &())
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

async fn invitation_only_and_repeated_applications_are_refused(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let invited = create_class(
        &instructor,
        &offline_class(programme, 5, EnrollmentMode::Invitation),
    )
    .await?;
    let open = create_class(
        &instructor,
        &offline_class(programme, 5, EnrollmentMode::Open),
    )
    .await?;
    let trainee = app.signed_in(TRAINEES[0]).await?;
    expect_error(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", invited.class.id), &())
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::InvitationOnly,
    )
    .await?;
    apply(&trainee, &open).await?;
    expect_error(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", open.class.id), &())
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::AlreadyApplied,
    )
    .await?;
    app.stop().await
}

async fn only_staff_create_and_manage_classes(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let programme = demo_programme(&app.db).await?;
    let trainee = app.signed_in(TRAINEES[0]).await?;
    expect_error(
        trainee
            .post(
                "/api/v1/classes",
                &offline_class(programme, 5, EnrollmentMode::Open),
            )
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;

    let instructor = app.signed_in(INSTRUCTOR).await?;
    let mut bad = offline_class(programme, 0, EnrollmentMode::Open);
    bad.venue = None;
    let body = expect_error(
        instructor.post("/api/v1/classes", &bad).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    let errors: Vec<_> = body
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.error))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "seat_limit",
                ValidationError::OutOfRange {
                    min: 1,
                    max: 10_000
                }
            ),
            ("venue", ValidationError::Required),
        ]
    );

    let class = create_class(
        &instructor,
        &offline_class(programme, 5, EnrollmentMode::Open),
    )
    .await?;
    let seen = detail(&trainee, &class).await?;
    assert!(!seen.can_manage);
    expect_error(
        trainee
            .get(&format!("/api/v1/classes/{}/enrollments", class.class.id))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    // The Jintang county coordinator manages classes in the county.
    let county = app.signed_in("13800000004").await?;
    assert!(detail(&county, &class).await?.can_manage);
    app.stop().await
}

async fn a_removed_trainee_stays_removed_until_a_manager_re_admits_them(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 5, EnrollmentMode::Open),
    )
    .await?;
    let trainee = app.signed_in(TRAINEES[0]).await?;
    let enrolled = apply(&trainee, &class).await?;
    let decide = |verb: &'static str| {
        let url = format!("/api/v1/enrollments/{}/{verb}", enrolled.id);
        let instructor = &instructor;
        async move { instructor.post(&url, &()).await }
    };
    let removed: MyEnrollment = expect_json(decide("remove").await?, StatusCode::OK).await?;
    assert_eq!(removed.status, EnrollmentStatus::Withdrawn);
    expect_error(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::RemovedFromClass,
    )
    .await?;
    let back: MyEnrollment = expect_json(decide("approve").await?, StatusCode::OK).await?;
    assert_eq!(back.status, EnrollmentStatus::Enrolled);
    // Once re-admitted, withdrawing oneself leaves the door open as before.
    let _: MyEnrollment = expect_json(
        trainee
            .post(&format!("/api/v1/classes/{}/withdraw", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        apply(&trainee, &class).await?.status,
        EnrollmentStatus::Enrolled
    );
    app.stop().await
}

//! Running classes change: managers edit a class's settings (never below
//! the seats taken), move and cancel sessions, cancel classes, and add and
//! remove co-instructors; everyone concerned is told once, and every change
//! leaves exactly one audit record.

use anyhow::Context;
use chrono::{Duration, Utc};
use cultivator_server::db::audit_records;
use cultivator_server::domain::accounts;
use cultivator_server::domain::audit::Actor;
use cultivator_server::domain::notifications::china_day;
use cultivator_server::domain::notifications::reminders::{self, Outcome};
use cultivator_server::domain::notifications::sms::{self, RecordingNotifier};
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::Page;
use cultivator_shared::api::auth::NewAccount;
use cultivator_shared::api::checkin::{CheckinCode, CheckinRequest};
use cultivator_shared::api::classes::{
    CancelRequest, ClassDetail, ClassInstructors, MyEnrollment, NewSessionRequest, SessionView,
    UpdateClassRequest,
};
use cultivator_shared::api::notifications::{NotificationKind, NotificationView, UnreadCount};
use cultivator_shared::validation::{Mobile, Password, PersonName};
use cultivator_shared::{
    EnrollmentMode, EnrollmentStatus, ErrorCode, RegionCode, Role, RoleGrant, UserId,
    ValidationError,
};
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

on_both_databases!(
    a_seat_limit_below_the_seats_taken_is_refused_and_a_higher_one_fills_from_the_line,
    a_cancelled_session_tells_every_member_once_and_takes_no_check_ins,
    a_moved_session_tells_members_the_new_time_and_place_in_app_and_by_sms,
    a_cancelled_class_tells_everyone_concerned_and_takes_no_applications,
    a_co_instructor_manages_the_class_until_removed,
    only_coordinators_over_the_class_region_assign_its_instructors,
    notifications_are_counted_and_marked_read_by_their_reader_only,
    the_reminder_job_run_on_two_nodes_for_one_day_reminds_once,
);

const INSTRUCTOR: &str = "13800000005";
const COUNTY_COORDINATOR: &str = "13800000004";
/// Jintang trainees, whom a Jintang class serves.
const TRAINEES: [&str; 3] = ["13800000010", "13800000011", "13800000012"];

/// How many audit records there are.
async fn audited(db: &DatabaseConnection) -> anyhow::Result<u64> {
    Ok(audit_records::Entity::find().count(db).await?)
}

/// The notices `client` has about `class`, newest first.
async fn notices_about(
    client: &ApiClient,
    class: &ClassDetail,
) -> anyhow::Result<Vec<NotificationView>> {
    let page: Page<NotificationView> = expect_json(
        client.get("/api/v1/notifications?limit=100").await?,
        StatusCode::OK,
    )
    .await?;
    Ok(page
        .items
        .into_iter()
        .filter(|n| n.class_id == Some(class.class.id))
        .collect())
}

async fn apply(client: &ApiClient, class: &ClassDetail) -> anyhow::Result<MyEnrollment> {
    expect_json(
        client
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await
}

fn settings(class: &ClassDetail, seat_limit: u32) -> UpdateClassRequest {
    UpdateClassRequest {
        title: class.class.title.clone(),
        starts_on: class.class.starts_on,
        ends_on: class.class.ends_on,
        seat_limit,
        enrollment_mode: class.class.enrollment_mode,
        venue: class.class.venue.clone(),
    }
}

fn reason(text: &str) -> CancelRequest {
    CancelRequest {
        reason: text.into(),
    }
}

/// A Jintang class of the demo instructor with `seats` seats, and the
/// three Jintang trainees signed in and applied in order.
async fn class_with_trainees(
    app: &TestApp,
    seats: u32,
) -> anyhow::Result<(ApiClient, ClassDetail, Vec<ApiClient>)> {
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, seats, EnrollmentMode::Open),
    )
    .await?;
    let mut trainees = Vec::new();
    for mobile in TRAINEES {
        let trainee = app.signed_in(mobile).await?;
        apply(&trainee, &class).await?;
        trainees.push(trainee);
    }
    Ok((instructor, class, trainees))
}

/// Creates an account living in Jintang with the trainee role and `grant`.
async fn account(
    db: &DatabaseConnection,
    name: &str,
    mobile: &str,
    grant: RoleGrant,
) -> anyhow::Result<UserId> {
    let parse = |e| anyhow::anyhow!("{e:?}");
    let user = accounts::register(
        db,
        NewAccount {
            name: PersonName::parse(name).map_err(parse)?,
            mobile: Mobile::parse(mobile).map_err(parse)?,
            password: Password::parse(DEMO_PASSWORD).map_err(parse)?,
            region: region("510121100201")?,
        },
    )
    .await?;
    accounts::set_roles(
        db,
        &Actor::system("tests"),
        user.id,
        vec![RoleGrant::global(Role::Trainee), grant],
    )
    .await?;
    Ok(user.id)
}

async fn unread(client: &ApiClient) -> anyhow::Result<u64> {
    let count: UnreadCount = expect_json(
        client.get("/api/v1/notifications/unread-count").await?,
        StatusCode::OK,
    )
    .await?;
    Ok(count.unread)
}

fn region(code: &str) -> anyhow::Result<RegionCode> {
    RegionCode::parse(code).map_err(|e| anyhow::anyhow!("{code}: {e:?}"))
}

async fn a_seat_limit_below_the_seats_taken_is_refused_and_a_higher_one_fills_from_the_line(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, class, trainees) = class_with_trainees(&app, 2).await?;
    let path = format!("/api/v1/classes/{}", class.class.id);
    let before = audited(&app.db).await?;

    let refused = expect_error(
        instructor
            .send_json(Method::PUT, &path, &settings(&class, 1))
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::SeatLimitBelowTaken,
    )
    .await?;
    assert!(refused.message.contains('2'), "{}", refused.message);
    assert_eq!(
        audited(&app.db).await?,
        before,
        "a refused change is not recorded"
    );

    // Dates that would leave a session outside the class are refused too.
    let session = add_current_session(&instructor, class.clone()).await?;
    let before = audited(&app.db).await?;
    let mut later = settings(&class, 2);
    later.starts_on = class.class.starts_on + Duration::days(3);
    let body = expect_error(
        instructor.send_json(Method::PUT, &path, &later).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    assert_eq!(body.fields[0].field, "starts_on");
    assert_eq!(body.fields[0].error, ValidationError::OutsideClassDates);

    // Three seats: the first in line gets the new one, and is told.
    let mut wider = settings(&class, 3);
    wider.title = "金堂县农村电商带头人培训班（扩班）".into();
    let changed: ClassDetail = expect_json(
        instructor.send_json(Method::PUT, &path, &wider).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(changed.class.seat_limit, 3);
    assert_eq!(changed.class.seats_taken, 3);
    assert_eq!(changed.class.title, wider.title);
    assert_eq!(changed.sessions, vec![session]);
    assert_eq!(audited(&app.db).await?, before + 1);
    let kinds: Vec<_> = notices_about(&trainees[2], &class)
        .await?
        .iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            NotificationKind::PromotedFromWaitlist,
            NotificationKind::EnrollmentWaitlisted
        ]
    );
    app.stop().await
}

async fn a_cancelled_session_tells_every_member_once_and_takes_no_check_ins(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    // Two seats: two enrolled, one waitlisted; the second withdraws (and
    // the third moves up), so all but the second are members.
    let (instructor, class, trainees) = class_with_trainees(&app, 2).await?;
    let session = add_current_session(&instructor, class.clone()).await?;
    let withdrawn: MyEnrollment = expect_json(
        trainees[1]
            .post(&format!("/api/v1/classes/{}/withdraw", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(withdrawn.status, EnrollmentStatus::Withdrawn);
    let code: CheckinCode = expect_json(
        instructor
            .get(&format!("/api/v1/sessions/{}/checkin-code", session.id))
            .await?,
        StatusCode::OK,
    )
    .await?;

    let before = audited(&app.db).await?;
    let path = format!("/api/v1/sessions/{}/cancel", session.id);
    let cancelled: SessionView = expect_json(
        instructor
            .post(&path, &reason("讲师临时有事，改期另行通知"))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let cancellation = cancelled.cancelled.context("the session is cancelled")?;
    assert_eq!(cancellation.reason, "讲师临时有事，改期另行通知");
    assert_eq!(audited(&app.db).await?, before + 1);
    // Cancelling again changes nothing and tells no one again.
    expect_error(
        instructor.post(&path, &reason("再次取消")).await?,
        StatusCode::CONFLICT,
        ErrorCode::SessionCancelled,
    )
    .await?;
    assert_eq!(audited(&app.db).await?, before + 1);

    for (i, trainee) in trainees.iter().enumerate() {
        let told: Vec<_> = notices_about(trainee, &class)
            .await?
            .into_iter()
            .filter(|n| n.kind == NotificationKind::SessionCancelled)
            .collect();
        let expected = if i == 1 { 0 } else { 1 };
        assert_eq!(told.len(), expected, "trainee {i}: {told:?}");
        if let Some(notice) = told.first() {
            assert_eq!(notice.session_id, Some(session.id));
            assert_eq!(
                notice.detail.reason.as_deref(),
                Some("讲师临时有事，改期另行通知")
            );
            assert_eq!(notice.detail.starts_at, Some(session.starts_at));
        }
    }

    expect_error(
        trainees[0]
            .post(
                &format!("/api/v1/sessions/{}/checkin", session.id),
                &CheckinRequest {
                    code: code.code,
                    at: None,
                },
            )
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::SessionCancelled,
    )
    .await?;
    // A cancelled session cannot be moved either.
    expect_error(
        instructor
            .send_json(
                Method::PUT,
                &format!("/api/v1/sessions/{}", session.id),
                &NewSessionRequest {
                    starts_at: session.starts_at,
                    ends_at: session.ends_at,
                    venue: None,
                    capacity_note: None,
                },
            )
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::SessionCancelled,
    )
    .await?;
    app.stop().await
}

async fn a_moved_session_tells_members_the_new_time_and_place_in_app_and_by_sms(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, class, trainees) = class_with_trainees(&app, 3).await?;
    let session = add_current_session(&instructor, class.clone()).await?;
    let path = format!("/api/v1/sessions/{}", session.id);
    let later = session.starts_at + Duration::days(1);
    let moved_to = NewSessionRequest {
        starts_at: later,
        ends_at: later + Duration::hours(3),
        venue: Some("淮口镇文化站".into()),
        capacity_note: None,
    };
    let before = audited(&app.db).await?;
    let moved: SessionView = expect_json(
        instructor.send_json(Method::PUT, &path, &moved_to).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        (moved.starts_at, moved.venue.as_str()),
        (later, "淮口镇文化站")
    );
    assert_eq!(audited(&app.db).await?, before + 1);

    // A move outside the class's days is refused.
    let far = class.class.ends_on + Duration::days(10);
    let outside = NewSessionRequest {
        starts_at: far.and_hms_opt(1, 0, 0).context("time")?.and_utc(),
        ends_at: far.and_hms_opt(3, 0, 0).context("time")?.and_utc(),
        ..moved_to.clone()
    };
    expect_error(
        instructor.send_json(Method::PUT, &path, &outside).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    // Saving the same time and place again tells no one.
    expect_json::<SessionView>(
        instructor.send_json(Method::PUT, &path, &moved_to).await?,
        StatusCode::OK,
    )
    .await?;

    for trainee in &trainees {
        let told: Vec<_> = notices_about(trainee, &class)
            .await?
            .into_iter()
            .filter(|n| n.kind == NotificationKind::SessionMoved)
            .collect();
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!(told[0].detail.starts_at, Some(later));
        assert_eq!(told[0].detail.venue.as_deref(), Some("淮口镇文化站"));
        assert_eq!(told[0].link(), Some(format!("/classes/{}", class.class.id)));
    }

    // The SMS channel sends each committed notice once, with the new place.
    let sms = RecordingNotifier::default();
    sms::deliver_pending(&app.db, &sms, Utc::now()).await?;
    sms::deliver_pending(&app.db, &sms, Utc::now()).await?;
    let moved_texts: Vec<_> = sms
        .sent()
        .into_iter()
        .filter(|m| m.text.contains("已调整"))
        .collect();
    assert_eq!(moved_texts.len(), 3, "{moved_texts:?}");
    assert!(moved_texts.iter().all(|m| m.text.contains("淮口镇文化站")));
    let mobiles: std::collections::BTreeSet<_> =
        moved_texts.iter().map(|m| m.mobile.as_str()).collect();
    assert_eq!(mobiles, TRAINEES.into_iter().collect());
    app.stop().await
}

async fn a_cancelled_class_tells_everyone_concerned_and_takes_no_applications(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, class, trainees) = class_with_trainees(&app, 1).await?;
    let before = audited(&app.db).await?;
    let cancelled: ClassDetail = expect_json(
        instructor
            .post(
                &format!("/api/v1/classes/{}/cancel", class.class.id),
                &reason("报名人数不足，本期停办"),
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        cancelled.cancelled.map(|c| c.reason).as_deref(),
        Some("报名人数不足，本期停办")
    );
    assert_eq!(audited(&app.db).await?, before + 1);
    // The enrolled trainee and both in line are told, once each.
    for trainee in &trainees {
        let told: Vec<_> = notices_about(trainee, &class)
            .await?
            .into_iter()
            .filter(|n| n.kind == NotificationKind::ClassCancelled)
            .collect();
        assert_eq!(told.len(), 1);
    }
    // A cancelled class takes no applications and no further changes.
    expect_error(
        trainees[0]
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::ClassNotOpen,
    )
    .await?;
    expect_error(
        instructor
            .send_json(
                Method::PUT,
                &format!("/api/v1/classes/{}", class.class.id),
                &settings(&class, 5),
            )
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::ClassCancelled,
    )
    .await?;
    app.stop().await
}

async fn a_co_instructor_manages_the_class_until_removed(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let chengdu = account(
        &app.db,
        "郑教师",
        "13800000098",
        RoleGrant::instructor(Some(region("5101")?)),
    )
    .await?;
    let guizhou = account(
        &app.db,
        "冯教师",
        "13800000097",
        RoleGrant::instructor(Some(region("52")?)),
    )
    .await?;
    let (instructor, class, _) = class_with_trainees(&app, 3).await?;
    let co = app.signed_in("13800000098").await?;
    let roster = format!("/api/v1/classes/{}/enrollments", class.class.id);
    let staff = |user: UserId| format!("/api/v1/classes/{}/instructors/{}", class.class.id, user.0);
    assert_eq!(co.get(&roster).await?.status(), StatusCode::FORBIDDEN);

    let listed: ClassInstructors = expect_json(
        instructor
            .get(&format!("/api/v1/classes/{}/instructors", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(
        listed.eligible.iter().any(|m| m.id == chengdu),
        "{listed:?}"
    );
    assert!(
        !listed.eligible.iter().any(|m| m.id == guizhou),
        "{listed:?}"
    );

    let before = audited(&app.db).await?;
    let added = instructor
        .request(Method::PUT, &staff(chengdu))
        .send()
        .await?;
    assert_eq!(added.status(), StatusCode::NO_CONTENT);
    assert_eq!(audited(&app.db).await?, before + 1);
    assert_eq!(co.get(&roster).await?.status(), StatusCode::OK);
    let detail: ClassDetail = expect_json(
        co.get(&format!("/api/v1/classes/{}", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(detail.can_manage);

    // Only instructors whose region covers the class's can be added.
    expect_error(
        instructor
            .request(Method::PUT, &staff(guizhou))
            .send()
            .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InstructorOutOfScope,
    )
    .await?;

    let removed = instructor
        .request(Method::DELETE, &staff(chengdu))
        .send()
        .await?;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    assert_eq!(audited(&app.db).await?, before + 2);
    assert_eq!(co.get(&roster).await?.status(), StatusCode::FORBIDDEN);

    // The last instructor stays.
    let me: cultivator_shared::api::auth::UserView =
        expect_json(instructor.me().await?, StatusCode::OK).await?;
    expect_error(
        instructor
            .request(Method::DELETE, &staff(me.id))
            .send()
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::LastInstructor,
    )
    .await?;
    assert_eq!(audited(&app.db).await?, before + 2);
    app.stop().await
}

async fn only_coordinators_over_the_class_region_assign_its_instructors(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let chengdu = account(
        &app.db,
        "郑教师",
        "13800000098",
        RoleGrant::instructor(Some(region("5101")?)),
    )
    .await?;
    account(
        &app.db,
        "孙协调",
        "13800000096",
        RoleGrant::coordinator(Some(region("510623")?)),
    )
    .await?;
    let (_, class, _) = class_with_trainees(&app, 3).await?;
    let path = format!(
        "/api/v1/classes/{}/instructors/{}",
        class.class.id, chengdu.0
    );
    let before = audited(&app.db).await?;

    let neighbour = app.signed_in("13800000096").await?;
    let refused = neighbour.request(Method::PUT, &path).send().await?;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(audited(&app.db).await?, before);

    let county = app.signed_in(COUNTY_COORDINATOR).await?;
    let assigned = county.request(Method::PUT, &path).send().await?;
    assert_eq!(assigned.status(), StatusCode::NO_CONTENT);
    assert_eq!(audited(&app.db).await?, before + 1);
    let listed: ClassInstructors = expect_json(
        county
            .get(&format!("/api/v1/classes/{}/instructors", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(
        listed.instructors.iter().any(|m| m.id == chengdu),
        "{listed:?}"
    );
    app.stop().await
}

async fn notifications_are_counted_and_marked_read_by_their_reader_only(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, class, trainees) = class_with_trainees(&app, 3).await?;
    let session = add_current_session(&instructor, class.clone()).await?;
    expect_json::<SessionView>(
        instructor
            .post(
                &format!("/api/v1/sessions/{}/cancel", session.id),
                &reason("暴雨预警"),
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    let start = unread(&trainees[0]).await?;
    assert!(start >= 1);
    let notice = notices_about(&trainees[0], &class).await?;
    let first = notice.first().context("a notice")?;
    assert_eq!(first.read_at, None);
    let mark = format!("/api/v1/notifications/{}/read", first.id);
    // Another person's notice is not found, and stays unread.
    assert_eq!(
        trainees[1].post(&mark, &()).await?.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(unread(&trainees[0]).await?, start);
    assert_eq!(
        trainees[0].post(&mark, &()).await?.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(unread(&trainees[0]).await?, start - 1);
    assert!(
        notices_about(&trainees[0], &class).await?[0]
            .read_at
            .is_some()
    );
    let all = trainees[0]
        .post("/api/v1/notifications/read-all", &())
        .await?;
    assert_eq!(all.status(), StatusCode::NO_CONTENT);
    assert_eq!(unread(&trainees[0]).await?, 0);
    assert!(unread(&trainees[1]).await? >= 1);
    app.stop().await
}

async fn the_reminder_job_run_on_two_nodes_for_one_day_reminds_once(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, class, trainees) = class_with_trainees(&app, 2).await?;
    let now = Utc::now();
    // 09:00 tomorrow and the day after, China time (01:00 UTC).
    let tomorrow = china_day(now) + Duration::days(1);
    let at_nine = |day: chrono::NaiveDate| -> anyhow::Result<NewSessionRequest> {
        let starts_at = day.and_hms_opt(1, 0, 0).context("time")?.and_utc();
        Ok(NewSessionRequest {
            starts_at,
            ends_at: starts_at + Duration::hours(2),
            venue: None,
            capacity_note: None,
        })
    };
    let mut sessions = Vec::new();
    for day in [tomorrow, tomorrow, tomorrow + Duration::days(1)] {
        let session: SessionView = expect_json(
            instructor
                .post(
                    &format!("/api/v1/classes/{}/sessions", class.class.id),
                    &at_nine(day)?,
                )
                .await?,
            StatusCode::CREATED,
        )
        .await?;
        sessions.push(session);
    }
    // The second session tomorrow is cancelled: no reminder for it.
    expect_json::<SessionView>(
        instructor
            .post(
                &format!("/api/v1/sessions/{}/cancel", sessions[1].id),
                &reason("合并上课"),
            )
            .await?,
        StatusCode::OK,
    )
    .await?;

    // Two nodes run the job at once for the same day: one sends, one skips.
    let (first, second) = tokio::join!(reminders::run(&app.db, now), reminders::run(&app.db, now));
    let mut outcomes = [first?, second?];
    outcomes.sort_by_key(|o| matches!(o, Outcome::AlreadyRun));
    assert!(matches!(outcomes[0], Outcome::Sent { .. }), "{outcomes:?}");
    assert_eq!(outcomes[1], Outcome::AlreadyRun);
    // A third run later that day skips as well: the day's last second in
    // China, so the run stays on `now`'s day whatever hour the test runs.
    let last_second_today = tomorrow.and_hms_opt(0, 0, 0).context("time")?.and_utc()
        - Duration::hours(8)
        - Duration::seconds(1);
    assert_eq!(china_day(last_second_today), china_day(now));
    assert_eq!(
        reminders::run(&app.db, last_second_today).await?,
        Outcome::AlreadyRun
    );

    // The two enrolled trainees are reminded once, of tomorrow's session
    // only; the one waitlisted is not.
    for (i, trainee) in trainees.iter().enumerate() {
        let reminded: Vec<_> = notices_about(trainee, &class)
            .await?
            .into_iter()
            .filter(|n| n.kind == NotificationKind::SessionReminder)
            .collect();
        if i < 2 {
            assert_eq!(reminded.len(), 1, "trainee {i}: {reminded:?}");
            assert_eq!(reminded[0].session_id, Some(sessions[0].id));
            assert_eq!(reminded[0].detail.starts_at, Some(sessions[0].starts_at));
        } else {
            assert!(reminded.is_empty(), "{reminded:?}");
        }
    }
    app.stop().await
}

//! The staged pathway and who may apply where: a gated stage takes only
//! those who completed the stage before it and were selected; candidates
//! are listed with their progress for the next stage's staff; trainees see
//! and apply to classes of their own region and above, and only accounts
//! with the trainee role apply.

use chrono::{Duration, NaiveDate, Utc};
use cultivator_server::db::{programmes, users};
use cultivator_server::domain::accounts::password;
use cultivator_shared::api::Page;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::catalog::ClassSummary;
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceState, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::{ClassDetail, MyEnrollment};
use cultivator_shared::api::notifications::{NotificationKind, NotificationView};
use cultivator_shared::api::pathway::StageCandidates;
use cultivator_shared::{EnrollmentMode, EnrollmentStatus, ErrorCode, RegionCode, StageId, Track};
use cultivator_tests::classes::{add_current_session, create_class, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};

on_both_databases!(
    a_gated_stage_takes_only_selected_trainees_who_completed_the_previous_one,
    trainees_see_and_apply_to_classes_of_their_region_and_above_only,
);

const INSTRUCTOR: &str = "13800000005";

/// A programme of three stages: open, then gated by completion only, then by
/// completion and selection.
async fn three_stages(app: &TestApp) -> anyhow::Result<(programmes::Model, [StageId; 3])> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let id = programmes::insert(
        &app.db,
        "测试培训计划",
        "",
        start,
        start + Duration::days(1000),
    )
    .await?;
    let mut stages = Vec::new();
    for (position, (title, previous, selection)) in (1..).zip([
        ("线下初训", false, false),
        ("考察学习", true, false),
        ("进阶培训", true, true),
    ]) {
        stages.push(
            programmes::insert_stage(
                &app.db,
                id,
                programmes::NewStage {
                    position,
                    title,
                    track: Track::Offline,
                    requires_previous: previous,
                    requires_selection: selection,
                    selected_by: cultivator_shared::RegionLevel::County,
                },
            )
            .await?,
        );
    }
    let programme = programmes::Entity::find_by_id(id.0)
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("programme"))?;
    Ok((programme, [stages[0], stages[1], stages[2]]))
}

use sea_orm::EntityTrait;

async fn class_of_stage(
    instructor: &ApiClient,
    programme: &programmes::Model,
    stage: StageId,
) -> anyhow::Result<ClassDetail> {
    let mut request = offline_class(
        cultivator_shared::ProgrammeId(programme.id),
        30,
        EnrollmentMode::Open,
    );
    request.stage_id = Some(stage);
    create_class(instructor, &request).await
}

async fn apply(client: &ApiClient, class: &ClassDetail) -> anyhow::Result<reqwest::Response> {
    client
        .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
        .await
}

async fn a_gated_stage_takes_only_selected_trainees_who_completed_the_previous_one(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let (programme, [first, second, third]) = three_stages(&app).await?;
    let first_class = class_of_stage(&instructor, &programme, first).await?;
    let second_class = class_of_stage(&instructor, &programme, second).await?;
    let third_class = class_of_stage(&instructor, &programme, third).await?;

    let finisher = app.client()?;
    let finisher_me: UserView = finisher.login_ok("13800000010", "demo2026").await?;
    let newcomer = app.signed_in("13800000011").await?;

    // Neither completed anything yet: the second and third stages refuse both.
    for client in [&finisher, &newcomer] {
        for class in [&second_class, &third_class] {
            expect_error(
                apply(client, class).await?,
                StatusCode::FORBIDDEN,
                ErrorCode::StagePrerequisiteNotMet,
            )
            .await?;
        }
    }
    // The finisher completes the first stage (one session, attended).
    let session = add_current_session(&instructor, first_class.clone()).await?;
    let _: MyEnrollment =
        expect_json(apply(&finisher, &first_class).await?, StatusCode::OK).await?;
    let _: AttendanceCorrection = expect_json(
        instructor
            .send_json(
                Method::PUT,
                &format!(
                    "/api/v1/sessions/{}/attendance/{}",
                    session.id, finisher_me.id
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

    // Completion alone opens the second stage.
    let mine: MyEnrollment =
        expect_json(apply(&finisher, &second_class).await?, StatusCode::OK).await?;
    assert_eq!(mine.status, EnrollmentStatus::Enrolled);
    expect_error(
        apply(&newcomer, &second_class).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::StagePrerequisiteNotMet,
    )
    .await?;

    // The third needs the second completed, then selection.
    let sessions = add_current_session(&instructor, second_class.clone()).await?;
    let _: AttendanceCorrection = expect_json(
        instructor
            .send_json(
                Method::PUT,
                &format!(
                    "/api/v1/sessions/{}/attendance/{}",
                    sessions.id, finisher_me.id
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
    expect_error(
        apply(&finisher, &third_class).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::NotSelectedForStage,
    )
    .await?;

    // The third stage's instructor sees the candidates with their progress.
    let candidates_path = format!("/api/v1/classes/{}/candidates", third_class.class.id);
    let list: StageCandidates =
        expect_json(instructor.get(&candidates_path).await?, StatusCode::OK).await?;
    assert_eq!(list.previous_stage_title.as_deref(), Some("考察学习"));
    assert!(list.requires_selection);
    assert_eq!((list.candidates.len(), list.total), (1, 1));
    // A page past the last is empty and still counts them all.
    let past: StageCandidates = expect_json(
        instructor
            .get(&format!("{candidates_path}?limit=1&offset=1"))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!((past.candidates.len(), past.total), (0, 1));
    let candidate = &list.candidates[0];
    assert_eq!(
        (candidate.user, candidate.selected),
        (finisher_me.id, false)
    );
    assert_eq!(candidate.classes_completed, 1);
    assert!(candidate.credit_hours.tenths() > 0);
    // Trainees may not see candidates.
    expect_error(
        newcomer.get(&candidates_path).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;

    // Only candidates can be selected, by a coordinator over their region
    // (金堂县's): the class's instructor lists them but selects no one.
    let coordinator = app.signed_in("13800000004").await?;
    let newcomer_id = users::find_by_mobile(&app.db, "13800000011")
        .await?
        .map(|u| u.id)
        .unwrap_or_default();
    let select = |user: i64| format!("{candidates_path}/{user}");
    expect_error(
        instructor
            .send_json(Method::PUT, &select(finisher_me.id.0), &())
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    expect_error(
        coordinator
            .send_json(Method::PUT, &select(newcomer_id), &())
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::Conflict,
    )
    .await?;
    let selected = coordinator
        .send_json(Method::PUT, &select(finisher_me.id.0), &())
        .await?;
    assert_eq!(selected.status(), StatusCode::NO_CONTENT);
    let list: StageCandidates =
        expect_json(instructor.get(&candidates_path).await?, StatusCode::OK).await?;
    assert!(list.candidates[0].selected);
    // The person selected is told, once: selecting again tells no one.
    let again = coordinator
        .send_json(Method::PUT, &select(finisher_me.id.0), &())
        .await?;
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    let notices: Page<NotificationView> =
        expect_json(finisher.get("/api/v1/notifications").await?, StatusCode::OK).await?;
    let told: Vec<_> = notices
        .items
        .iter()
        .filter(|n| n.kind == NotificationKind::SelectedForStage)
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].detail.stage.is_some(), "{told:?}");

    let mine: MyEnrollment =
        expect_json(apply(&finisher, &third_class).await?, StatusCode::OK).await?;
    assert_eq!(mine.status, EnrollmentStatus::Enrolled);
    app.stop().await
}

async fn trainees_see_and_apply_to_classes_of_their_region_and_above_only(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = cultivator_tests::classes::demo_programme(&app.db).await?;
    // In 金堂县 (510121).
    let county_class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;

    // 张秀英 lives in a village of 金堂县: she sees classes of 四川 (51) and
    // 金堂县, not those of 黔东南 (5226).
    let local = app.signed_in("13800000010").await?;
    let near: Page<ClassSummary> = expect_json(
        local.get("/api/v1/classes/near-me?limit=100").await?,
        StatusCode::OK,
    )
    .await?;
    let regions: Vec<String> = near
        .items
        .iter()
        .map(|c| c.region.code.to_string())
        .collect();
    assert!(regions.iter().any(|r| r == "510121"), "{regions:?}");
    assert!(regions.iter().any(|r| r == "51"), "{regions:?}");
    assert!(
        regions
            .iter()
            .all(|r| "510121100201".starts_with(r.as_str())),
        "{regions:?}"
    );
    assert!(near.items.iter().any(|c| c.id == county_class.class.id));

    // 周大勇 lives in another county (510623): the 金堂县 class is not his.
    let elsewhere = app.signed_in("13800000013").await?;
    let near: Page<ClassSummary> = expect_json(
        elsewhere.get("/api/v1/classes/near-me").await?,
        StatusCode::OK,
    )
    .await?;
    assert!(near.items.iter().all(|c| c.id != county_class.class.id));
    expect_error(
        apply(&elsewhere, &county_class).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::OutsideClassRegion,
    )
    .await?;

    // An account without the trainee role cannot apply.
    let hash = password::hash("harvest2026".into()).await?;
    users::insert(
        &app.db,
        users::NewUser {
            name: "工作人员",
            mobile: "13912360001",
            password_hash: &hash,
            region: &RegionCode::parse("510121")?,
            platform: None,
        },
    )
    .await?;
    let staff = app.client()?;
    staff.login_ok("13912360001", "harvest2026").await?;
    expect_error(
        apply(&staff, &county_class).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    expect_error(
        app.client()?.get("/api/v1/classes/near-me").await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    let _ = Utc::now();
    app.stop().await
}

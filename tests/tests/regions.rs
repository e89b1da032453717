//! Regions everywhere, and the authorisation findings of issue 12, each as
//! it was tried: a county coordinator creating a class for another province,
//! a roster upload enrolling (and naming) anyone in the country, selection
//! for a gated stage made by anyone for anyone, the check-in code given to
//! every coordinator, quizzes of any course to anyone, signing out only here,
//! and a removed instructor still managing their class.

use chrono::{Duration, NaiveDate};
use cultivator_server::db::{programmes, users};
use cultivator_shared::api::admin::SetRolesRequest;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::checkin::CheckinCode;
use cultivator_shared::api::classes::{ClassDetail, MyEnrollment, RosterEntry};
use cultivator_shared::api::pathway::StageCandidates;
use cultivator_shared::api::quizzes::QuizView;
use cultivator_shared::api::rosters::{
    RosterImportJob, RosterImportState, RosterProblemCode, RosterRejection,
};
use cultivator_shared::{
    EnrollmentMode, EnrollmentStatus, ErrorCode, ProgrammeId, PublishState, Role, RoleGrant,
    StageId, Track,
};
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::learning::small_course;
use cultivator_tests::rosters::{csv, upload, wait_for};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};

on_both_databases!(
    a_county_coordinator_creates_classes_only_inside_their_county,
    creating_a_class_grants_nothing_once_the_instructor_role_is_gone,
    a_roster_enrols_only_people_the_class_serves_and_never_changes_their_account,
    a_roster_applies_the_stage_gate,
    selection_is_made_and_undone_only_by_coordinators_over_the_candidate,
    only_the_class_instructors_get_the_checkin_code,
    rosters_and_candidates_show_whole_mobiles_only_to_the_class_instructors,
    course_quizzes_and_my_course_answer_only_for_courses_one_may_see,
    signing_out_everywhere_ends_every_session,
);

const ADMIN: &str = "13800000001";
const SICHUAN: &str = "13800000003";
const JINTANG: &str = "13800000004";
const INSTRUCTOR: &str = "13800000005";
/// 张秀英, of a village in 金堂县.
const XIUYING: &str = "13800000010";
/// 吴金花, of a village in 黔东南 (Guizhou).
const JINHUA: &str = "13800000014";

async fn user_id(app: &TestApp, mobile: &str) -> anyhow::Result<i64> {
    users::find_by_mobile(&app.db, mobile)
        .await?
        .map(|u| u.id)
        .ok_or_else(|| anyhow::anyhow!("no account {mobile}"))
}

async fn jintang_class(app: &TestApp, by: &ApiClient) -> anyhow::Result<ClassDetail> {
    let programme = demo_programme(&app.db).await?;
    create_class(by, &offline_class(programme, 30, EnrollmentMode::Open)).await
}

async fn a_county_coordinator_creates_classes_only_inside_their_county(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let programme = demo_programme(&app.db).await?;
    let jintang = app.signed_in(JINTANG).await?;
    let mut elsewhere = offline_class(programme, 30, EnrollmentMode::Open);
    elsewhere.region_code = "52".into();
    expect_error(
        jintang.post("/api/v1/classes", &elsewhere).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    // Nor the prefecture above the county.
    elsewhere.region_code = "5101".into();
    expect_error(
        jintang.post("/api/v1/classes", &elsewhere).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let own = jintang_class(&app, &jintang).await?;
    assert!(own.can_manage);

    // The demo instructor works in Sichuan: not in Guizhou.
    let instructor = app.signed_in(INSTRUCTOR).await?;
    elsewhere.region_code = "5226".into();
    expect_error(
        instructor.post("/api/v1/classes", &elsewhere).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;

    // A class an admin made for Guizhou is not the Jintang coordinator's to
    // manage, to import into, or to list candidates of.
    let admin = app.signed_in(ADMIN).await?;
    let guizhou = create_class(&admin, &elsewhere).await?;
    let id = guizhou.class.id;
    for path in [
        format!("/api/v1/classes/{id}/enrollments"),
        format!("/api/v1/classes/{id}/candidates"),
    ] {
        expect_error(
            jintang.get(&path).await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
    }
    let refused = upload(&jintang, id, csv(&[["张三", "13912340001", "52", ""]])).await?;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    app.stop().await
}

async fn creating_a_class_grants_nothing_once_the_instructor_role_is_gone(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let class = jintang_class(&app, &instructor).await?;
    let roster = format!("/api/v1/classes/{}/enrollments", class.class.id);
    let _: Vec<RosterEntry> =
        cultivator_tests::rosters::whole_roster(&instructor, class.class.id).await?;

    let admin = app.signed_in(ADMIN).await?;
    let id = user_id(&app, INSTRUCTOR).await?;
    let _: UserView = expect_json(
        admin
            .send_json(
                Method::PUT,
                &format!("/api/v1/admin/users/{id}/roles"),
                &SetRolesRequest {
                    roles: vec![RoleGrant::global(Role::Trainee)],
                },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    // The very next request, in the same session, manages nothing.
    expect_error(
        instructor.get(&roster).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let refused = upload(
        &instructor,
        class.class.id,
        csv(&[["张秀英", XIUYING, "510121100201", ""]]),
    )
    .await?;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let detail: ClassDetail = expect_json(
        instructor
            .get(&format!("/api/v1/classes/{}", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(!detail.can_manage);
    app.stop().await
}

async fn rejection(response: reqwest::Response) -> anyhow::Result<RosterRejection> {
    expect_json(response, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn codes(rejection: &RosterRejection) -> Vec<(u32, RosterProblemCode)> {
    rejection.problems.iter().map(|p| (p.row, p.code)).collect()
}

async fn enrolled_count(app: &TestApp, class: &ClassDetail) -> anyhow::Result<i64> {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT COUNT(*) AS n FROM enrollments WHERE class_id = {}",
                class.class.id
            ),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("count"))?;
    Ok(row.try_get("", "n")?)
}

async fn a_roster_enrols_only_people_the_class_serves_and_never_changes_their_account(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let class = jintang_class(&app, &instructor).await?;

    let file = csv(&[
        // Someone registered in Guizhou, whom a Jintang class does not serve.
        ["吴金花", JINHUA, "510121100201", ""],
        // 张秀英's number under another name: a lookup of the name behind it.
        ["张三", XIUYING, "510121100201", ""],
        // A new person of another province.
        ["李四", "13912340002", "5226", ""],
        // A new person of Jintang: fine.
        ["王五", "13912340003", "510121100201", ""],
    ]);
    let refused = rejection(upload(&instructor, class.class.id, file).await?).await?;
    assert_eq!(
        codes(&refused),
        [
            (2, RosterProblemCode::AccountOutsideClassRegion),
            (3, RosterProblemCode::AccountNameDiffers),
            (4, RosterProblemCode::OutsideClassRegion),
        ]
    );
    // Nothing tells the uploader the name the account holds.
    assert!(
        refused.problems.iter().all(|p| p.value != "张秀英"),
        "{:?}",
        refused.problems
    );
    assert_eq!(enrolled_count(&app, &class).await?, 0);

    // Her own name, with a category she had none of: enrolled, category kept.
    let job: RosterImportJob = expect_json(
        upload(
            &instructor,
            class.class.id,
            csv(&[["张秀英", XIUYING, "510121100201", "乡村治理骨干"]]),
        )
        .await?,
        StatusCode::ACCEPTED,
    )
    .await?;
    let done = wait_for(&instructor, &job).await?;
    assert_eq!(done.state, RosterImportState::Succeeded);
    assert_eq!((done.matched_accounts, done.enrolled), (1, 1));

    // Another category for her is refused, and her account is as it was.
    let refused = rejection(
        upload(
            &instructor,
            class.class.id,
            csv(&[["张秀英", XIUYING, "510121100201", "agri_business"]]),
        )
        .await?,
    )
    .await?;
    assert_eq!(
        codes(&refused),
        [(2, RosterProblemCode::AccountCategoryDiffers)]
    );
    let account = users::find_by_mobile(&app.db, XIUYING)
        .await?
        .ok_or_else(|| anyhow::anyhow!("account"))?;
    assert_eq!(account.name, "张秀英");
    let category = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT category FROM trainee_categories WHERE user_id = {}",
                account.id
            ),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("category"))?;
    assert_eq!(
        category.try_get::<String>("", "category")?,
        "village_governance"
    );
    app.stop().await
}

/// A programme of two offline stages, the second gated as asked.
async fn two_stages(
    app: &TestApp,
    requires_previous: bool,
    requires_selection: bool,
) -> anyhow::Result<(ProgrammeId, StageId)> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let programme = programmes::insert(
        &app.db,
        "遴选测试计划",
        "",
        start,
        start + Duration::days(1000),
    )
    .await?;
    let mut second = None;
    for (position, (title, previous, selection)) in (1..).zip([
        ("线下初训", false, false),
        ("进阶培训", requires_previous, requires_selection),
    ]) {
        second = Some(
            programmes::insert_stage(
                &app.db,
                programme,
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
    Ok((programme, second.ok_or_else(|| anyhow::anyhow!("stage"))?))
}

async fn gated_class(
    instructor: &ApiClient,
    programme: ProgrammeId,
    stage: StageId,
) -> anyhow::Result<ClassDetail> {
    let mut request = offline_class(programme, 30, EnrollmentMode::Open);
    request.programme_id = programme;
    request.stage_id = Some(stage);
    create_class(instructor, &request).await
}

async fn a_roster_applies_the_stage_gate(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let (programme, stage) = two_stages(&app, true, false).await?;
    let class = gated_class(&instructor, programme, stage).await?;
    let refused = rejection(
        upload(
            &instructor,
            class.class.id,
            csv(&[
                ["张秀英", XIUYING, "510121100201", ""],
                ["王五", "13912340003", "510121100201", ""],
            ]),
        )
        .await?,
    )
    .await?;
    assert_eq!(
        codes(&refused),
        [
            (2, RosterProblemCode::StageGateNotMet),
            (3, RosterProblemCode::StageGateNotMet),
        ]
    );
    assert_eq!(enrolled_count(&app, &class).await?, 0);
    app.stop().await
}

async fn selection_row(
    app: &TestApp,
    stage: StageId,
    user: i64,
) -> anyhow::Result<Option<(i64, Option<i64>)>> {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT selected_by, unselected_by FROM stage_selections \
                 WHERE stage_id = {} AND user_id = {user}",
                stage.0
            ),
        ))
        .await?;
    Ok(match row {
        Some(row) => Some((
            row.try_get("", "selected_by")?,
            row.try_get("", "unselected_by")?,
        )),
        None => None,
    })
}

async fn selection_is_made_and_undone_only_by_coordinators_over_the_candidate(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let (programme, stage) = two_stages(&app, false, true).await?;
    let class = gated_class(&instructor, programme, stage).await?;
    let path = |user: i64| format!("/api/v1/classes/{}/candidates/{user}", class.class.id);
    let xiuying = user_id(&app, XIUYING).await?;
    let jinhua = user_id(&app, JINHUA).await?;

    // The class's instructor manages it, but selects no one.
    expect_error(
        instructor
            .send_json(Method::PUT, &path(xiuying), &())
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let list: StageCandidates = expect_json(
        instructor
            .get(&format!("/api/v1/classes/{}/candidates", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(!list.may_select);
    // The Sichuan coordinator oversees the class, not a Guizhou candidate.
    let sichuan = app.signed_in(SICHUAN).await?;
    expect_error(
        sichuan.send_json(Method::PUT, &path(jinhua), &()).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    // Jintang's coordinator selects 张秀英, of Jintang.
    let jintang = app.signed_in(JINTANG).await?;
    let jintang_id = user_id(&app, JINTANG).await?;
    let done = jintang.send_json(Method::PUT, &path(xiuying), &()).await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        selection_row(&app, stage, xiuying).await?,
        Some((jintang_id, None))
    );
    // Nobody but a coordinator over her region may undo it.
    let undo = instructor
        .request(Method::DELETE, &path(xiuying))
        .send()
        .await?;
    assert_eq!(undo.status(), StatusCode::FORBIDDEN);
    let trainee = app.signed_in(XIUYING).await?;
    let _: MyEnrollment = expect_json(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;

    // Undoing keeps the record, with who undid it.
    let undo = jintang
        .request(Method::DELETE, &path(xiuying))
        .send()
        .await?;
    assert_eq!(undo.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        selection_row(&app, stage, xiuying).await?,
        Some((jintang_id, Some(jintang_id)))
    );
    let mut request = offline_class(programme, 30, EnrollmentMode::Open);
    request.stage_id = Some(stage);
    let second = create_class(&instructor, &request).await?;
    expect_error(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", second.class.id), &())
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::NotSelectedForStage,
    )
    .await?;
    app.stop().await
}

async fn only_the_class_instructors_get_the_checkin_code(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let class = jintang_class(&app, &instructor).await?;
    let session = add_current_session(&instructor, class).await?;
    let path = format!("/api/v1/sessions/{}/checkin-code", session.id);
    let kit = format!("/api/v1/sessions/{}/checkin-kit", session.id);
    for coordinator in [JINTANG, SICHUAN, "13800000002", ADMIN] {
        let client = app.signed_in(coordinator).await?;
        for codes in [&path, &kit] {
            expect_error(
                client.get(codes).await?,
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
            )
            .await?;
        }
        // They still oversee the class's attendance.
        let live = client
            .get(&format!("/api/v1/sessions/{}/attendance", session.id))
            .await?;
        assert_eq!(live.status(), StatusCode::OK, "{coordinator}");
    }
    let code: CheckinCode = expect_json(instructor.get(&path).await?, StatusCode::OK).await?;
    assert_eq!(code.code.len(), 6);
    app.stop().await
}

async fn rosters_and_candidates_show_whole_mobiles_only_to_the_class_instructors(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let class = jintang_class(&app, &instructor).await?;
    let trainee = app.signed_in(XIUYING).await?;
    let mine: MyEnrollment = expect_json(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(mine.status, EnrollmentStatus::Enrolled);
    let csv_path = format!("/api/v1/classes/{}/roster.csv", class.class.id);
    let seen: Vec<RosterEntry> =
        cultivator_tests::rosters::whole_roster(&instructor, class.class.id).await?;
    assert_eq!(
        seen.iter().map(|e| e.mobile.as_str()).collect::<Vec<_>>(),
        [XIUYING]
    );
    assert!(
        instructor
            .get(&csv_path)
            .await?
            .text()
            .await?
            .contains(XIUYING)
    );
    let sichuan = app.signed_in(SICHUAN).await?;
    let seen: Vec<RosterEntry> =
        cultivator_tests::rosters::whole_roster(&sichuan, class.class.id).await?;
    assert_eq!(
        seen.iter()
            .map(|e| (e.name.as_str(), e.mobile.as_str()))
            .collect::<Vec<_>>(),
        [("张秀英", "138****0010")]
    );
    let sheet = sichuan.get(&csv_path).await?.text().await?;
    assert!(
        sheet.contains("138****0010") && !sheet.contains(XIUYING),
        "{sheet}"
    );
    app.stop().await
}

async fn course_quizzes_and_my_course_answer_only_for_courses_one_may_see(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let published = small_course(&app.db, PublishState::Published).await?;
    let draft = small_course(&app.db, PublishState::Draft).await?;
    let anonymous = app.client()?;
    expect_error(
        anonymous
            .get(&format!("/api/v1/courses/{}/quizzes", published.id))
            .await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    let trainee = app.signed_in(XIUYING).await?;
    let _: Vec<QuizView> = expect_json(
        trainee
            .get(&format!("/api/v1/courses/{}/quizzes", published.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    for path in [
        format!("/api/v1/courses/{}/quizzes", draft.id),
        "/api/v1/courses/999999/quizzes".to_owned(),
        format!("/api/v1/me/courses/{}", draft.id),
        "/api/v1/me/courses/999999".to_owned(),
    ] {
        expect_error(
            trainee.get(&path).await?,
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
        )
        .await?;
    }
    // Its author sees the draft's.
    let author = app.signed_in(INSTRUCTOR).await?;
    let _: Vec<QuizView> = expect_json(
        author
            .get(&format!("/api/v1/courses/{}/quizzes", draft.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let mine = trainee
        .get(&format!("/api/v1/me/courses/{}", published.id))
        .await?;
    assert_eq!(mine.status(), StatusCode::OK);
    app.stop().await
}

async fn signing_out_everywhere_ends_every_session(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let phone = app.signed_in(XIUYING).await?;
    let laptop = app.signed_in(XIUYING).await?;
    let other = app.signed_in(JINHUA).await?;
    let done = phone.post("/api/v1/auth/logout-everywhere", &()).await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    for client in [&phone, &laptop] {
        expect_error(
            client.me().await?,
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
        )
        .await?;
    }
    assert_eq!(other.me().await?.status(), StatusCode::OK);

    // An admin can do it for someone else (a lost phone); nobody else can.
    let jinhua = user_id(&app, JINHUA).await?;
    let path = format!("/api/v1/admin/users/{jinhua}/sign-out");
    let again = app.signed_in(XIUYING).await?;
    expect_error(
        again.post(&path, &()).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let admin = app.signed_in(ADMIN).await?;
    let done = admin.post(&path, &()).await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    expect_error(
        other.me().await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    expect_error(
        admin
            .post("/api/v1/admin/users/999999/sign-out", &())
            .await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    app.stop().await
}

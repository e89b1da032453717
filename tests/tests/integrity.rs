//! The integrity report (异常学习报告): a too-fast script, a check-in
//! lockout and a course completed far faster than its hours show up for the
//! coordinators over the trainee's home region, and for nobody else; the CSV
//! export is scoped and masked the same way; and the instructor's live list
//! shows failed check-in codes.

use chrono::Utc;
use cultivator_server::domain::accounts;
use cultivator_shared::api::Page;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::checkin::{
    AttendanceEntry, AttendanceState, CheckinCode, CheckinRequest,
};
use cultivator_shared::api::classes::{MyEnrollment, SessionView};
use cultivator_shared::api::integrity::{IntegrityFlag, IntegrityKind, TimeBasis};
use cultivator_shared::{
    CreditHours, EnrollmentMode, ErrorCode, PublishState, RegionCode, Role, RoleGrant,
};
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json, registration};
use cultivator_tests::learning::{self, article_course, at_position, played, small_course};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    a_too_fast_script_is_reported_to_the_trainee_s_coordinators_only,
    a_check_in_lockout_is_reported_and_failed_codes_are_on_the_live_list,
    a_course_completed_far_faster_than_its_hours_is_reported,
    the_csv_export_is_masked_neutralised_and_scoped,
    only_coordinators_and_admins_see_the_report,
    the_report_is_in_the_openapi_document_with_its_query_parameters,
);

const NATIONAL: &str = "13800000002";
const JINTANG: &str = "13800000004";
const INSTRUCTOR: &str = "13800000005";
/// 张秀英, at home in 金堂县 (510121).
const TRAINEE: &str = "13800000010";
const MASKED: &str = "138****0010";
const SECOND_TRAINEE: &str = "13800000011";
const REPORT: &str = "/api/v1/coordination/integrity";

/// A coordinator of 中江县 (510623), the county next door to 金堂县's trainees.
async fn neighbour(app: &TestApp) -> anyhow::Result<ApiClient> {
    let client = app.client()?;
    let mut request = registration("邻县协调员", "13900000623");
    request.region_code = "510623".into();
    let response = client.register(&request).await?;
    let user: UserView = expect_json(response, StatusCode::CREATED).await?;
    accounts::set_roles(
        &app.db,
        &cultivator_server::domain::audit::Actor::system("test"),
        user.id,
        vec![
            RoleGrant::global(Role::Trainee),
            RoleGrant::coordinator(Some(RegionCode::parse("510623")?)),
        ],
    )
    .await?;
    client.login_ok(&request.mobile, &request.password).await?;
    Ok(client)
}

async fn report(client: &ApiClient, query: &str) -> anyhow::Result<Page<IntegrityFlag>> {
    expect_json(
        client.get(&format!("{REPORT}?{query}")).await?,
        StatusCode::OK,
    )
    .await
}

fn of_kind(page: &Page<IntegrityFlag>, kind: IntegrityKind) -> Vec<&IntegrityFlag> {
    page.items.iter().filter(|f| f.kind == kind).collect()
}

async fn me(client: &ApiClient) -> anyhow::Result<UserView> {
    expect_json(client.me().await?, StatusCode::OK).await
}

/// The trainee enrols in a small course and claims a minute of video again
/// and again, as fast as the server answers; returns how many were refused.
async fn too_fast_script(app: &TestApp, trainee: &ApiClient) -> anyhow::Result<u64> {
    let course = small_course(&app.db, PublishState::Published).await?;
    let enrolled = trainee
        .post(
            &format!("/api/v1/courses/{}/enroll", course.id),
            &serde_json::json!({}),
        )
        .await?;
    anyhow::ensure!(enrolled.status().is_success(), "{}", enrolled.status());
    let lesson = course.optional_video;
    let path = format!("/api/v1/lessons/{lesson}/progress");
    trainee.post(&path, &at_position(0)).await?;
    let mut refused = 0;
    for _ in 0..40 {
        let response = trainee.post(&path, &played(0, 60)).await?;
        expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::StudyTooFast,
        )
        .await?;
        refused += 1;
    }
    Ok(refused)
}

async fn a_too_fast_script_is_reported_to_the_trainee_s_coordinators_only(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let refused = too_fast_script(&app, &trainee).await?;
    let trainee_id = me(&trainee).await?.id;

    // One row however many reports were refused, with their count.
    let county = app.signed_in(JINTANG).await?;
    let page = report(&county, "").await?;
    let rejected = of_kind(&page, IntegrityKind::RejectedReports);
    assert_eq!(rejected.len(), 1, "{page:?}");
    let flag = rejected[0];
    assert_eq!(flag.user, trainee_id);
    assert_eq!(flag.count, refused);
    assert_eq!(flag.name, "张秀英");
    assert_eq!(flag.mobile, MASKED);
    assert_eq!(flag.region.as_str(), "510121100201");
    assert!(flag.first_at <= flag.last_at);
    let national = app.signed_in(NATIONAL).await?;
    let everywhere = report(&national, "kind=rejected_reports").await?;
    assert_eq!(everywhere.total, 1);

    // The neighbouring county's coordinator sees nothing of it, and may not ask.
    let next_door = neighbour(&app).await?;
    let theirs = report(&next_door, "").await?;
    assert!(
        theirs.items.iter().all(|f| f.user != trainee_id),
        "{theirs:?}"
    );
    assert_eq!(theirs.total, 0);
    expect_error(
        next_door.get(&format!("{REPORT}?region=510121")).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

struct CheckinSetup {
    app: TestApp,
    instructor: ApiClient,
    session: SessionView,
    class: i64,
    class_title: String,
}

async fn enrolled_in_class(app: &TestApp, class: i64, mobile: &str) -> anyhow::Result<ApiClient> {
    let trainee = app.signed_in(mobile).await?;
    let mine: MyEnrollment = expect_json(
        trainee
            .post(&format!("/api/v1/classes/{class}/apply"), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    anyhow::ensure!(mine.status.holds_seat(), "{mine:?}");
    Ok(trainee)
}

async fn checkin_setup(backend: Backend) -> anyhow::Result<CheckinSetup> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let request = offline_class(programme, 30, EnrollmentMode::Open);
    let class = create_class(&instructor, &request).await?;
    let class_id = class.class.id.0;
    let session = add_current_session(&instructor, class).await?;
    Ok(CheckinSetup {
        app,
        instructor,
        session,
        class: class_id,
        class_title: request.title,
    })
}

async fn code_now(instructor: &ApiClient, session: &SessionView) -> anyhow::Result<String> {
    let code: CheckinCode = expect_json(
        instructor
            .get(&format!("/api/v1/sessions/{}/checkin-code", session.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(code.code)
}

/// A code that is surely wrong: neither the current one nor its neighbour.
fn wrong_code(right: &str, k: u32) -> String {
    let n: u32 = right.parse().unwrap_or(0);
    format!("{:06}", (n + 500_000 + k) % 1_000_000)
}

async fn check_in(
    trainee: &ApiClient,
    session: &SessionView,
    code: &str,
) -> anyhow::Result<reqwest::Response> {
    trainee
        .post(
            &format!("/api/v1/sessions/{}/checkin", session.id),
            &CheckinRequest {
                code: code.into(),
                at: None,
            },
        )
        .await
}

async fn a_check_in_lockout_is_reported_and_failed_codes_are_on_the_live_list(
    backend: Backend,
) -> anyhow::Result<()> {
    let CheckinSetup {
        app,
        instructor,
        session,
        class,
        class_title,
    } = checkin_setup(backend).await?;
    let guesser = enrolled_in_class(&app, class, TRAINEE).await?;
    let typo = enrolled_in_class(&app, class, SECOND_TRAINEE).await?;
    let right = code_now(&instructor, &session).await?;
    for k in 1..=5 {
        expect_error(
            check_in(&guesser, &session, &wrong_code(&right, k)).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidCheckinCode,
        )
        .await?;
    }
    expect_error(
        check_in(&guesser, &session, &code_now(&instructor, &session).await?).await?,
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::TooManyAttempts,
    )
    .await?;
    // Two typos, then the right code: checked in, the typos still shown.
    for k in 1..=2 {
        check_in(&typo, &session, &wrong_code(&right, k)).await?;
    }
    let entry: AttendanceEntry = expect_json(
        check_in(&typo, &session, &code_now(&instructor, &session).await?).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(entry.state, Some(AttendanceState::Present));

    let live: Vec<AttendanceEntry> = expect_json(
        instructor
            .get(&format!("/api/v1/sessions/{}/attendance", session.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let by_mobile = |mobile: &str| live.iter().find(|e| e.mobile == mobile);
    let locked = by_mobile(TRAINEE).ok_or_else(|| anyhow::anyhow!("{live:?}"))?;
    assert_eq!(locked.wrong_codes, 5);
    assert_eq!(locked.state, None);
    let until = locked
        .locked_until
        .ok_or_else(|| anyhow::anyhow!("not locked"))?;
    assert!(until > Utc::now() && until <= Utc::now() + chrono::Duration::seconds(601));
    let present = by_mobile(SECOND_TRAINEE).ok_or_else(|| anyhow::anyhow!("{live:?}"))?;
    assert_eq!(present.wrong_codes, 2);
    assert_eq!(present.locked_until, None);
    assert_eq!(present.state, Some(AttendanceState::Present));

    // The lockout, and only it, is reported: typos are no sign of anything.
    let county = app.signed_in(JINTANG).await?;
    let page = report(&county, "kind=checkin_lockout").await?;
    assert_eq!(page.total, 1, "{page:?}");
    let flag = &page.items[0];
    assert_eq!(flag.mobile, MASKED);
    assert_eq!(flag.count, 1);
    assert_eq!(flag.subject, Some(session.id.0));
    assert_eq!(flag.subject_title.as_deref(), Some(class_title.as_str()));
    let all = report(&county, "").await?;
    assert!(
        all.items
            .iter()
            .all(|f| f.kind != IntegrityKind::WrongCheckinCodes)
    );
    let next_door = neighbour(&app).await?;
    assert_eq!(report(&next_door, "kind=checkin_lockout").await?.total, 0);
    app.stop().await
}

/// Enrols `trainee` in a fresh article-only course titled `title` and reads it.
async fn read_through(app: &TestApp, trainee: &ApiClient, title: &str) -> anyhow::Result<()> {
    let (course, lesson) = article_course(&app.db, title, CreditHours(15)).await?;
    let enrolled = trainee
        .post(
            &format!("/api/v1/courses/{course}/enroll"),
            &serde_json::json!({}),
        )
        .await?;
    anyhow::ensure!(enrolled.status().is_success(), "{}", enrolled.status());
    let done = learning::read_through(&app.db, trainee, lesson).await?;
    anyhow::ensure!(done.course_completed, "{done:?}");
    Ok(())
}

async fn a_course_completed_far_faster_than_its_hours_is_reported(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let trainee = app.signed_in(TRAINEE).await?;
    // A 1.5-hour course of reading, completed within a second of enrolling.
    read_through(&app, &trainee, "乡村治理案例选读").await?;
    let county = app.signed_in(JINTANG).await?;
    let page = report(&county, "kind=fast_completion").await?;
    assert_eq!(page.total, 1, "{page:?}");
    let flag = &page.items[0];
    assert_eq!(flag.subject_title.as_deref(), Some("乡村治理案例选读"));
    assert_eq!(flag.basis, Some(TimeBasis::Elapsed));
    assert_eq!(flag.expected_ms, Some(90 * 60_000));
    assert!(
        flag.measured_ms.is_some_and(|ms| ms < 45 * 60_000),
        "{flag:?}"
    );
    assert_eq!(flag.count, 1);
    // Paging is bounded like every other list.
    let first = report(&county, "limit=1").await?;
    assert_eq!(first.items.len(), 1);
    let response = county.get(&format!("{REPORT}?limit=101")).await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let next_door = neighbour(&app).await?;
    assert_eq!(report(&next_door, "kind=fast_completion").await?.total, 0);
    app.stop().await
}

async fn the_csv_export_is_masked_neutralised_and_scoped(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let trainee = app.signed_in(TRAINEE).await?;
    too_fast_script(&app, &trainee).await?;
    read_through(&app, &trainee, "=HYPERLINK(\"http://x\")").await?;

    let county = app.signed_in(JINTANG).await?;
    let response = county.get(&format!("{REPORT}.csv")).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let body = response.text().await?;
    let body = body.trim_start_matches('\u{feff}');
    let mut rows = csv::Reader::from_reader(body.as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().collect::<Result<_, _>>()?;
    assert_eq!(records.len(), 2, "{body}");
    assert!(records.iter().all(|r| r.get(2) == Some(MASKED)), "{body}");
    assert!(!body.contains(TRAINEE));
    let kinds: Vec<&str> = records.iter().filter_map(|r| r.get(0)).collect();
    assert!(kinds.contains(&"rejected_reports") && kinds.contains(&"fast_completion"));
    assert!(
        body.contains("'=HYPERLINK"),
        "the course title is neutralised: {body}"
    );
    // Filtered by kind, like the list.
    let lockouts = county
        .get(&format!("{REPORT}.csv?kind=checkin_lockout"))
        .await?
        .text()
        .await?;
    assert_eq!(lockouts.lines().count(), 1, "header only: {lockouts}");

    let next_door = neighbour(&app).await?;
    let theirs = next_door.get(&format!("{REPORT}.csv")).await?;
    assert_eq!(theirs.status(), StatusCode::OK);
    let theirs = theirs.text().await?;
    assert!(
        !theirs.contains("张秀英") && !theirs.contains(MASKED),
        "{theirs}"
    );
    expect_error(
        next_door
            .get(&format!("{REPORT}.csv?region=510121"))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

async fn only_coordinators_and_admins_see_the_report(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let anonymous = app.client()?;
    let trainee = app.signed_in(TRAINEE).await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    for path in [REPORT.to_owned(), format!("{REPORT}.csv")] {
        expect_error(
            anonymous.get(&path).await?,
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
        )
        .await?;
        for client in [&trainee, &instructor] {
            expect_error(
                client.get(&path).await?,
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
            )
            .await?;
        }
    }
    let admin = app.signed_in("13800000001").await?;
    assert_eq!(report(&admin, "").await?.total, 0);
    app.stop().await
}

async fn the_report_is_in_the_openapi_document_with_its_query_parameters(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let doc: serde_json::Value = app.client()?.get("/api/openapi.json").await?.json().await?;
    for path in [REPORT.to_owned(), format!("{REPORT}.csv")] {
        let params = doc["paths"][path.as_str()]["get"]["parameters"]
            .as_array()
            .ok_or_else(|| anyhow::anyhow!("{path} is not documented"))?;
        let names: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
        assert_eq!(names, ["region", "kind", "limit", "offset"], "{path}");
        assert!(params.iter().all(|p| p["in"] == "query"), "{params:?}");
    }
    app.stop().await
}

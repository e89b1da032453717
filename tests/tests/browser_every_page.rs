//! Every page of the app, trainee and staff, opened on a 360 px phone
//! screen in Chinese with the demo data in motion (so lists and tables are
//! full): none is wider than the screen, and
//! axe-core finds no WCAG 2.1 A/AA violation on any of them.

use cultivator_shared::api::classes::{ClassDetail, NewSessionRequest, SessionView};
use cultivator_shared::api::quizzes::{NewQuiz, QuizScoring, QuizView};
use cultivator_shared::{ClassId, CourseId};
use cultivator_tests::browser::Browser;
use cultivator_tests::client::expect_json;
use cultivator_tests::learning::fill_quiz_bank;
use cultivator_tests::{Backend, TestApp};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

const ADMIN: &str = "13800000001";
const NATIONAL_COORDINATOR: &str = "13800000002";
const INSTRUCTOR: &str = "13800000005";
/// 张秀英, enrolled in the first demo class.
const TRAINEE: &str = "13800000010";

async fn first_id(db: &DatabaseConnection, sql: &str) -> anyhow::Result<i64> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| anyhow::anyhow!("nothing found by {sql}"))?;
    Ok(row.try_get_by_index(0)?)
}

/// The pages to visit, as whom (`None`: signed out).
struct Tour {
    visits: Vec<(Option<&'static str>, String)>,
}

async fn tour(app: &TestApp) -> anyhow::Result<Tour> {
    let db = &app.db;
    let class = ClassId(first_id(db, "SELECT id FROM classes ORDER BY id").await?);
    let course = CourseId(
        first_id(
            db,
            "SELECT id FROM courses WHERE state = 'published' ORDER BY id",
        )
        .await?,
    );
    let lesson = |kind: &str| {
        format!(
            "SELECT l.id FROM lessons l JOIN course_modules m ON m.id = l.module_id \
             WHERE m.course_id = {course} AND l.kind = '{kind}' ORDER BY m.position, l.position"
        )
    };
    let video = first_id(db, &lesson("video")).await?;
    let article = first_id(db, &lesson("article")).await?;
    let programme = first_id(db, "SELECT id FROM programmes ORDER BY id").await?;

    let instructor = app.signed_in(INSTRUCTOR).await?;
    let detail: ClassDetail = expect_json(
        instructor.get(&format!("/api/v1/classes/{class}")).await?,
        StatusCode::OK,
    )
    .await?;
    let starts_at = detail
        .class
        .starts_on
        .and_hms_opt(1, 0, 0)
        .ok_or_else(|| anyhow::anyhow!("no such time"))?
        .and_utc();
    let session: SessionView = expect_json(
        instructor
            .post(
                &format!("/api/v1/classes/{class}/sessions"),
                &NewSessionRequest {
                    starts_at,
                    ends_at: starts_at + chrono::Duration::hours(3),
                    venue: None,
                    capacity_note: None,
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let session = session.id;
    fill_quiz_bank(&instructor, course).await?;
    let quiz: QuizView = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{course}/quizzes"),
                &NewQuiz {
                    title: "结业测验".into(),
                    question_count: 3,
                    shuffle: false,
                    pass_pct: 60,
                    max_attempts: None,
                    time_limit_secs: Some(600),
                    required: true,
                    scoring: QuizScoring::Best,
                    show_answers: None,
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let enrolled = trainee
        .post(&format!("/api/v1/courses/{course}/enroll"), &())
        .await?;
    anyhow::ensure!(enrolled.status().is_success(), "enrolling failed");

    let anonymous = [
        "/",
        "/login",
        "/register",
        "/reset-password",
        "/courses",
        "/verify/2026-51-K7Q3M-9XDWA-H",
    ];
    let trainee_pages = [
        "/".to_owned(),
        "/account".into(),
        "/set-password".into(),
        "/courses".into(),
        format!("/courses/{course}"),
        format!("/courses/{course}/lessons/{video}"),
        format!("/courses/{course}/lessons/{article}"),
        format!("/courses/{course}/quizzes/{}", quiz.id),
        "/credits".into(),
        "/certificates".into(),
        format!("/classes/{class}"),
        format!("/checkin/{session}"),
        "/no-such-page".into(),
    ];
    let instructor_pages = [
        "/teach/courses".to_owned(),
        format!("/teach/courses/{course}"),
        "/teach/classes".into(),
        format!("/teach/classes/{class}"),
        format!("/teach/sessions/{session}/screen"),
    ];
    let coordinator_pages = [
        "/coord".to_owned(),
        "/coord/targets".into(),
        "/coord/integrity".into(),
        "/coord/people".into(),
        "/coord/platform".into(),
        "/coord/audit".into(),
        "/coord/programmes".into(),
        format!("/coord/programmes/{programme}"),
    ];
    let mut visits: Vec<(Option<&'static str>, String)> = Vec::new();
    visits.extend(anonymous.iter().map(|p| (None, (*p).to_owned())));
    visits.extend(trainee_pages.into_iter().map(|p| (Some(TRAINEE), p)));
    visits.extend(instructor_pages.into_iter().map(|p| (Some(INSTRUCTOR), p)));
    visits.extend(
        coordinator_pages
            .into_iter()
            .map(|p| (Some(NATIONAL_COORDINATOR), p)),
    );
    visits.push((Some(ADMIN), "/admin/users".into()));
    Ok(Tour { visits })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone_and_passes_axe() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite)
        .await?
        .with_demo_activity()
        .await?;
    let base = &app.base_url;
    let tour = tour(&app).await?;
    let mut problems = Vec::new();
    let mut visited = 0;
    let mut who: Option<Option<&str>> = None;
    let mut browser: Option<Browser> = None;
    for (person, path) in &tour.visits {
        if who != Some(*person) {
            if let Some(old) = browser.take() {
                old.close().await?;
            }
            let fresh = Browser::launch_phone(360, 740).await?;
            if let Some(mobile) = person {
                fresh.sign_in(base, mobile).await?;
            }
            browser = Some(fresh);
            who = Some(*person);
        }
        let Some(page) = browser.as_ref() else {
            anyhow::bail!("no browser");
        };
        page.goto(&format!("{base}{path}")).await?;
        page.wait_settled().await?;
        let (over, culprits) = page.overflow().await?;
        if over > 0 {
            problems.push(format!(
                "{path}: {over} px wider than the screen: {}",
                culprits.join(", ")
            ));
        }
        for violation in page.accessibility_violations().await? {
            problems.push(format!("{path}: {violation}"));
        }
        visited += 1;
    }
    if let Some(last) = browser {
        last.close().await?;
    }
    println!("visited {visited} pages at 360 px");
    anyhow::ensure!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    Ok(())
}

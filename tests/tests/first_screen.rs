//! The app's page carries its first screen's data, on both databases: a
//! visitor's page says nobody is signed in; a signed-in trainee's home
//! page carries who they are and the six lists the home page shows, each
//! exactly as its own API call answers; other pages carry only who is
//! signed in. The page is private to the person.

use cultivator_shared::api::Page;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::catalog::{ClassSummary, CourseSummary};
use cultivator_shared::api::first_screen::{FIRST_SCREEN_ID, FirstScreen, HomeLists};
use cultivator_shared::api::learning::CreditLedger;
use cultivator_shared::api::my_learning::MyCourse;
use cultivator_shared::api::notifications::{NotificationView, UnreadCount};
use cultivator_tests::client::expect_json;
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;

on_both_databases!(
    a_visitors_page_says_nobody_is_signed_in,
    the_home_page_carries_what_its_calls_would_answer,
    a_cached_home_page_never_outlives_a_change,
);

const TRAINEE: &str = "13800000010";
const OTHER_TRAINEE: &str = "13800000011";
const PASSWORD: &str = "demo2026";

/// The page at `path` and its first-screen data.
async fn page(client: &ApiClient, path: &str) -> anyhow::Result<(String, FirstScreen)> {
    let response = client.get(path).await?;
    anyhow::ensure!(response.status() == StatusCode::OK, "{}", response.status());
    let cache = response
        .headers()
        .get(reqwest::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let html = response.text().await?;
    let start = format!("<script type=\"application/json\" id=\"{FIRST_SCREEN_ID}\">");
    let from = html
        .find(&start)
        .map(|i| i + start.len())
        .ok_or_else(|| anyhow::anyhow!("no first-screen data in {path}"))?;
    let len = html[from..]
        .find("</script>")
        .ok_or_else(|| anyhow::anyhow!("unclosed first-screen data"))?;
    let screen = serde_json::from_str(&html[from..from + len])?;
    Ok((cache, screen))
}

async fn a_visitors_page_says_nobody_is_signed_in(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (cache, screen) = page(&app.client()?, "/").await?;
    assert_eq!(cache, "private, no-cache");
    assert_eq!(screen.path, "/");
    assert_eq!(screen.me, None);
    assert_eq!(screen.home, None);
    Ok(())
}

async fn the_home_page_carries_what_its_calls_would_answer(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let trainee = app.client()?;
    let me = trainee.login_ok(TRAINEE, PASSWORD).await?;

    let (_, screen) = page(&trainee, "/").await?;
    assert_eq!(screen.me.as_ref(), Some(&me));
    let home = screen
        .home
        .ok_or_else(|| anyhow::anyhow!("no home lists"))?;
    let ok = StatusCode::OK;
    let my_courses: Vec<MyCourse> =
        expect_json(trainee.get("/api/v1/me/courses").await?, ok).await?;
    let credits: CreditLedger = expect_json(trainee.get("/api/v1/me/credits").await?, ok).await?;
    let notifications: Page<NotificationView> =
        expect_json(trainee.get("/api/v1/notifications?limit=50").await?, ok).await?;
    let unread: UnreadCount =
        expect_json(trainee.get("/api/v1/notifications/unread-count").await?, ok).await?;
    let courses: Page<CourseSummary> =
        expect_json(trainee.get("/api/v1/courses").await?, ok).await?;
    let near_me: Page<ClassSummary> =
        expect_json(trainee.get("/api/v1/classes/near-me").await?, ok).await?;
    assert!(!courses.items.is_empty() && !near_me.items.is_empty());
    assert_eq!(home.my_courses, my_courses);
    assert_eq!(home.credits, credits);
    assert_eq!(home.notifications, notifications);
    assert_eq!(home.unread, unread);
    assert_eq!(home.courses, courses);
    assert_eq!(home.near_me, near_me);

    // Another page: who is signed in, not the home page's lists.
    let (_, elsewhere) = page(&trainee, "/courses").await?;
    assert_eq!(elsewhere.path, "/courses");
    assert_eq!(elsewhere.me.map(|u: UserView| u.id), Some(me.id));
    assert_eq!(elsewhere.home, None);

    // Signed out, the same browser's page knows nobody is signed in.
    let out = trainee.post("/api/v1/auth/logout", &()).await?;
    assert!(out.status().is_success(), "{}", out.status());
    let (_, after) = page(&trainee, "/").await?;
    assert_eq!((after.me, after.home), (None, None));
    Ok(())
}

/// The home page's lists.
async fn home(client: &ApiClient) -> anyhow::Result<HomeLists> {
    let (_, screen) = page(client, "/").await?;
    screen.home.ok_or_else(|| anyhow::anyhow!("no home lists"))
}

/// The home page's shared parts are cached per node; none may outlive a
/// change to what it shows, made through this node or, as another node or a
/// hand-written fix would, straight in the database.
async fn a_cached_home_page_never_outlives_a_change(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let course = home(&trainee)
        .await?
        .courses
        .items
        .first()
        .ok_or_else(|| anyhow::anyhow!("no published course"))?
        .id;
    let enrolled = trainee
        .post(&format!("/api/v1/courses/{}/enroll", course.0), &())
        .await?;
    assert_eq!(enrolled.status(), StatusCode::CREATED);
    let before = home(&trainee).await?;
    assert_eq!(home(&trainee).await?, before, "a second view is the same");
    assert_eq!(before.my_courses.len(), 1, "the course just enrolled in");

    // Titles changed in SQL: the catalogue, the trainee's courses and the
    // lesson to continue with all show them.
    app.db
        .execute_unprepared("UPDATE courses SET title = title || ' (renamed)'")
        .await?;
    app.db
        .execute_unprepared("UPDATE lessons SET title = title || ' (renamed)'")
        .await?;
    let renamed = home(&trainee).await?;
    assert!(
        renamed
            .courses
            .items
            .iter()
            .all(|c| c.title.ends_with(" (renamed)"))
    );
    assert!(
        renamed
            .my_courses
            .iter()
            .all(|c| c.course.title.ends_with(" (renamed)"))
    );
    let next = renamed
        .my_courses
        .iter()
        .filter_map(|c| c.next_lesson.as_ref());
    assert!(next.clone().count() > 0);
    assert!(next.into_iter().all(|l| l.title.ends_with(" (renamed)")));

    // A seat taken through the API shows in the count at once (seat counts
    // are read fresh, not watched).
    let class = renamed
        .near_me
        .items
        .iter()
        .find(|c| c.seats_taken < c.seat_limit)
        .ok_or_else(|| anyhow::anyhow!("no class near the trainee with a free seat"))?
        .clone();
    let other = app.signed_in(OTHER_TRAINEE).await?;
    let applied = other
        .post(&format!("/api/v1/classes/{}/apply", class.id.0), &())
        .await?;
    assert!(applied.status().is_success(), "{}", applied.status());
    let after = home(&trainee).await?;
    let seated = after
        .near_me
        .items
        .iter()
        .find(|c| c.id == class.id)
        .ok_or_else(|| anyhow::anyhow!("the class left the list"))?;
    assert_eq!(seated.seats_taken, class.seats_taken + 1);

    // A class closed in SQL leaves the list; the lists still equal their
    // own calls.
    app.db
        .execute_unprepared(&format!(
            "UPDATE classes SET cancelled_at = CURRENT_TIMESTAMP WHERE id = {}",
            class.id.0
        ))
        .await?;
    let closed = home(&trainee).await?;
    assert!(closed.near_me.items.iter().all(|c| c.id != class.id));
    let ok = StatusCode::OK;
    let near_me: Page<ClassSummary> =
        expect_json(trainee.get("/api/v1/classes/near-me").await?, ok).await?;
    let courses: Page<CourseSummary> =
        expect_json(trainee.get("/api/v1/courses").await?, ok).await?;
    let my_courses: Vec<MyCourse> =
        expect_json(trainee.get("/api/v1/me/courses").await?, ok).await?;
    assert_eq!(closed.near_me, near_me);
    assert_eq!(closed.courses, courses);
    assert_eq!(closed.my_courses, my_courses);

    // The platform renamed in SQL: the page's title says so.
    app.db
        .execute_unprepared("UPDATE platforms SET name_zh = '改过名的平台'")
        .await?;
    let html = trainee.get("/").await?.text().await?;
    assert!(html.contains("<title>改过名的平台</title>"), "{html}");
    app.stop().await
}

//! Regions, published courses and open classes, on the demo data set.

use cultivator_shared::api::Page;
use cultivator_shared::api::catalog::{ClassSummary, CourseSummary};
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{ErrorCode, RegionLevel, Track};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    the_31_provinces_ship_with_the_schema,
    regions_list_their_children_down_to_villages,
    only_published_courses_are_listed,
    open_classes_show_their_programme_region_and_seats,
    loading_the_demo_twice_changes_nothing,
);

async fn the_31_provinces_ship_with_the_schema(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let provinces: Vec<RegionView> =
        expect_json(app.client()?.get("/api/v1/regions").await?, StatusCode::OK).await?;
    assert_eq!(provinces.len(), 31);
    assert!(provinces.iter().all(|p| p.level == RegionLevel::Province));
    let sichuan = provinces.iter().find(|p| p.code.as_str() == "51");
    assert_eq!(
        sichuan.map(|p| (p.name_zh.as_str(), p.name_en.as_str())),
        Some(("四川省", "Sichuan"))
    );
    app.stop().await
}

async fn regions_list_their_children_down_to_villages(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let client = app.client()?;
    let prefectures: Vec<RegionView> = expect_json(
        client.get("/api/v1/regions/51/children").await?,
        StatusCode::OK,
    )
    .await?;
    let names: Vec<&str> = prefectures.iter().map(|r| r.name_zh.as_str()).collect();
    assert_eq!(names, vec!["成都市", "德阳市"]);
    let villages: Vec<RegionView> = expect_json(
        client.get("/api/v1/regions/510121100/children").await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(villages.len(), 2);
    assert!(villages.iter().all(|v| v.level == RegionLevel::Village));
    let none: Vec<RegionView> = expect_json(
        client.get("/api/v1/regions/510121100201/children").await?,
        StatusCode::OK,
    )
    .await?;
    assert!(none.is_empty());
    expect_error(
        client.get("/api/v1/regions/99/children").await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    expect_error(
        client.get("/api/v1/regions/abc/children").await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    app.stop().await
}

async fn only_published_courses_are_listed(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let page: Page<CourseSummary> =
        expect_json(app.client()?.get("/api/v1/courses").await?, StatusCode::OK).await?;
    assert_eq!(page.total, 3);
    let titles: Vec<&str> = page.items.iter().map(|c| c.title.as_str()).collect();
    assert!(titles.contains(&"乡村治理实务"), "{titles:?}");
    assert!(
        !titles.iter().any(|t| t.contains("编写中")),
        "drafts stay hidden: {titles:?}"
    );
    assert!(page.items.iter().all(|c| c.lesson_count == 4));

    let second: Page<CourseSummary> = expect_json(
        app.client()?
            .get("/api/v1/courses?limit=2&offset=2")
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!((second.items.len(), second.total), (1, 3));
    let bad = app.client()?.get("/api/v1/courses?limit=many").await?;
    expect_error(bad, StatusCode::BAD_REQUEST, ErrorCode::InvalidBody).await?;
    app.stop().await
}

async fn open_classes_show_their_programme_region_and_seats(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let page: Page<ClassSummary> =
        expect_json(app.client()?.get("/api/v1/classes").await?, StatusCode::OK).await?;
    assert_eq!(page.total, 4);
    let online = page
        .items
        .iter()
        .filter(|c| c.track == Track::Online)
        .count();
    assert_eq!(online, 1);
    let sichuan = page
        .items
        .iter()
        .find(|c| c.title.starts_with("四川省新型农业经营主体带头人"));
    let Some(sichuan) = sichuan else {
        anyhow::bail!("demo class missing: {page:?}")
    };
    assert_eq!((sichuan.seats_taken, sichuan.seat_limit), (4, 40));
    assert_eq!(sichuan.region.name_zh, "四川省");
    assert_eq!(sichuan.stage, "首次线下集中培训");
    assert!(sichuan.programme.starts_with("乡村振兴人才培训计划"));
    app.stop().await
}

async fn loading_the_demo_twice_changes_nothing(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let loaded_again = cultivator_server::domain::seed::demo::load(&app.db).await?;
    assert!(!loaded_again);
    let page: Page<ClassSummary> =
        expect_json(app.client()?.get("/api/v1/classes").await?, StatusCode::OK).await?;
    assert_eq!(page.total, 4);
    app.stop().await
}

//! Coordinators see and act on their own region and below, nothing else:
//! targets, the dashboard, its CSV export and the classes in scope.

use chrono::Utc;
use cultivator_server::db::{self, classes};
use cultivator_server::domain::completion;
use cultivator_shared::api::Page;
use cultivator_shared::api::coordination::{
    ChildTarget, ClassRates, Dashboard, ProgrammeOption, SetTargetsRequest, TargetsView, TrackPair,
};
use cultivator_shared::{EnrollmentId, ErrorCode, ProgrammeId, RegionCode};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;

on_both_databases!(
    every_coordinator_route_refuses_regions_outside_the_coordinators_scope,
    targets_are_set_top_down_and_mismatches_are_shown,
    the_dashboard_counts_completions_against_targets_and_drills_down,
    coordinators_choose_among_the_programmes,
);

const NATIONAL: &str = "13800000002";
const SICHUAN: &str = "13800000003";
const JINTANG: &str = "13800000004";
const TRAINEE: &str = "13800000010";

async fn programme_of(client: &ApiClient) -> anyhow::Result<ProgrammeId> {
    let board: Dashboard = expect_json(
        client.get("/api/v1/coordination/dashboard").await?,
        StatusCode::OK,
    )
    .await?;
    Ok(board.programme)
}

/// Every coordinator-facing read, for one region.
fn reads(programme: ProgrammeId, region: &str) -> Vec<String> {
    vec![
        format!("/api/v1/coordination/dashboard?region={region}"),
        format!("/api/v1/coordination/dashboard.csv?region={region}"),
        format!("/api/v1/coordination/dashboard.xlsx?region={region}"),
        format!("/api/v1/coordination/targets?programme={programme}&region={region}"),
        format!("/api/v1/coordination/classes?region={region}"),
    ]
}

async fn set_targets(
    client: &ApiClient,
    programme: ProgrammeId,
    targets: &[(&str, u64, u64)],
) -> anyhow::Result<reqwest::Response> {
    let targets = targets
        .iter()
        .map(|(code, online, offline)| {
            Ok(ChildTarget {
                region: RegionCode::parse(code)?,
                online: *online,
                offline: *offline,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let request = SetTargetsRequest {
        programme,
        year: None,
        targets,
    };
    client
        .send_json(Method::PUT, "/api/v1/coordination/targets", &request)
        .await
}

async fn every_coordinator_route_refuses_regions_outside_the_coordinators_scope(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let sichuan = app.signed_in(SICHUAN).await?;
    let jintang = app.signed_in(JINTANG).await?;
    let national = app.signed_in(NATIONAL).await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let programme = programme_of(&sichuan).await?;

    let cases: [(&ApiClient, &str, StatusCode); 9] = [
        (&sichuan, "51", StatusCode::OK),
        (&sichuan, "510121", StatusCode::OK),
        (&sichuan, "52", StatusCode::FORBIDDEN),
        (&jintang, "510121", StatusCode::OK),
        (&jintang, "510623", StatusCode::FORBIDDEN),
        (&jintang, "510122", StatusCode::FORBIDDEN),
        (&jintang, "5101", StatusCode::FORBIDDEN),
        (&national, "52", StatusCode::OK),
        (&trainee, "510121100201", StatusCode::FORBIDDEN),
    ];
    for (client, region, status) in cases {
        for path in reads(programme, region) {
            let response = client.get(&path).await?;
            if status == StatusCode::OK {
                assert_eq!(response.status(), status, "{path}");
            } else {
                expect_error(response, status, ErrorCode::Forbidden).await?;
            }
        }
    }

    // Without a region, each sees their own.
    let board: Dashboard = expect_json(
        jintang.get("/api/v1/coordination/dashboard").await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        board.region.map(|r| r.code.to_string()).as_deref(),
        Some("510121")
    );
    expect_error(
        trainee.get("/api/v1/coordination/dashboard").await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;

    // Targets: only for children of a region in scope.
    for (client, region) in [
        (&sichuan, "51"),
        (&sichuan, "5201"),
        (&jintang, "510623100"),
        (&jintang, "510121"),
        (&trainee, "510121100"),
    ] {
        expect_error(
            set_targets(client, programme, &[(region, 1, 1)]).await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
    }
    let ok = set_targets(&jintang, programme, &[("510121100", 5, 2)]).await?;
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    app.stop().await
}

async fn targets_are_set_top_down_and_mismatches_are_shown(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let national = app.signed_in(NATIONAL).await?;
    let sichuan = app.signed_in(SICHUAN).await?;
    let programme = programme_of(&national).await?;

    let done = set_targets(&national, programme, &[("51", 1000, 200), ("52", 500, 100)]).await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    let path = format!("/api/v1/coordination/targets?programme={programme}");
    let view: TargetsView = expect_json(national.get(&path).await?, StatusCode::OK).await?;
    assert_eq!(
        view.children_sum,
        TrackPair {
            online: 1500,
            offline: 300
        }
    );
    assert!(view.adds_up);

    let path = format!("/api/v1/coordination/targets?programme={programme}&region=51");
    let view: TargetsView = expect_json(sichuan.get(&path).await?, StatusCode::OK).await?;
    assert_eq!(
        view.target,
        Some(TrackPair {
            online: 1000,
            offline: 200
        })
    );
    assert!(!view.adds_up, "no prefecture has a target yet");

    let done = set_targets(
        &sichuan,
        programme,
        &[("5101", 700, 150), ("5106", 200, 50)],
    )
    .await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    let view: TargetsView = expect_json(sichuan.get(&path).await?, StatusCode::OK).await?;
    assert!(!view.adds_up);
    assert_eq!(
        view.children_sum,
        TrackPair {
            online: 900,
            offline: 200
        }
    );

    // Setting again replaces, and now they add up.
    set_targets(&sichuan, programme, &[("5106", 300, 50)]).await?;
    let view: TargetsView = expect_json(sichuan.get(&path).await?, StatusCode::OK).await?;
    assert!(view.adds_up, "{view:?}");

    // Children of different parents in one request are refused.
    expect_error(
        set_targets(&national, programme, &[("51", 1, 1), ("5101", 1, 1)]).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    app.stop().await
}

async fn the_dashboard_counts_completions_against_targets_and_drills_down(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let national = app.signed_in(NATIONAL).await?;
    let sichuan = app.signed_in(SICHUAN).await?;
    let programme = programme_of(&national).await?;
    set_targets(&national, programme, &[("51", 10, 10), ("52", 5, 5)]).await?;

    // The demo's first class (offline, Sichuan) has four trainees: three
    // living in Chengdu (5101) and one in Deyang (5106). All complete.
    let txn = db::begin_write(&app.db).await?;
    for e in classes::enrollments::Entity::find().all(&txn).await? {
        assert!(completion::complete_enrollment(&txn, EnrollmentId(e.id), Utc::now()).await?);
    }
    txn.commit().await?;

    let board: Dashboard = expect_json(
        national.get("/api/v1/coordination/dashboard").await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(board.offline.trained, 4);
    assert_eq!(board.offline.target, 15);
    assert_eq!(board.online.trained, 0);
    assert_eq!(board.months.len(), 1);
    assert_eq!(board.months.first().map(|m| m.trained.offline), Some(4));
    let first = board
        .children
        .first()
        .map(|c| (c.region.code.to_string(), c.shortfall));
    assert_eq!(first, Some(("51".to_owned(), 16)));
    assert!(
        board
            .children
            .windows(2)
            .all(|w| w[0].shortfall >= w[1].shortfall)
    );

    let board: Dashboard = expect_json(
        national
            .get("/api/v1/coordination/dashboard?region=51&track=offline")
            .await?,
        StatusCode::OK,
    )
    .await?;
    let trained: Vec<(String, u64)> = board
        .children
        .iter()
        .map(|c| (c.region.code.to_string(), c.trained.offline))
        .collect();
    assert!(trained.contains(&("5101".to_owned(), 3)), "{trained:?}");
    assert!(trained.contains(&("5106".to_owned(), 1)), "{trained:?}");
    assert_eq!(board.offline.percent, Some(40.0));

    // Drilling down from the province's own view keeps a breadcrumb within scope.
    let board: Dashboard = expect_json(
        sichuan
            .get("/api/v1/coordination/dashboard?region=510121")
            .await?,
        StatusCode::OK,
    )
    .await?;
    let crumbs: Vec<String> = board
        .breadcrumb
        .iter()
        .map(|r| r.code.to_string())
        .collect();
    assert_eq!(crumbs, ["51", "5101"]);
    assert_eq!(board.offline.trained, 3);

    let csv = national.get("/api/v1/coordination/dashboard.csv").await?;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await?;
    assert!(
        text.contains("code,name_zh,name_en,online_trained"),
        "{text}"
    );
    assert!(text.contains("\n51,四川省,"), "{text}");

    let xlsx = national
        .get("/api/v1/coordination/dashboard.xlsx?region=51")
        .await?;
    assert_eq!(xlsx.status(), StatusCode::OK);
    // An XLSX file is a ZIP archive.
    assert!(xlsx.bytes().await?.starts_with(b"PK"));

    let classes: Page<ClassRates> = expect_json(
        sichuan.get("/api/v1/coordination/classes").await?,
        StatusCode::OK,
    )
    .await?;
    assert!(
        classes
            .items
            .iter()
            .all(|c| c.region.as_str().starts_with("51"))
    );
    let first = classes.items.iter().find(|c| c.completed == 4);
    assert_eq!(first.and_then(|c| c.completion_rate), Some(100.0));
    app.stop().await
}

async fn coordinators_choose_among_the_programmes(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let county = app.signed_in(JINTANG).await?;
    let programmes: Vec<ProgrammeOption> = expect_json(
        county.get("/api/v1/coordination/programmes").await?,
        StatusCode::OK,
    )
    .await?;
    assert!(!programmes.is_empty());
    // The dashboard without a programme shows the newest, listed first.
    let board: Dashboard = expect_json(
        county.get("/api/v1/coordination/dashboard").await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(programmes.first().map(|p| p.id), Some(board.programme));
    let trainee = app.signed_in(TRAINEE).await?;
    expect_error(
        trainee.get("/api/v1/coordination/programmes").await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

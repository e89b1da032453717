//! Each node caches computed dashboards; a cached one must never outlive a
//! change to what it shows, whoever made the change (this node, another
//! node, or a command writing to the database directly).

use chrono::Utc;
use cultivator_server::db::{self, classes};
use cultivator_server::domain::completion;
use cultivator_shared::api::coordination::{ChildTarget, Dashboard, SetTargetsRequest};
use cultivator_shared::{EnrollmentId, RegionCode};
use cultivator_tests::client::expect_json;
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, EntityTrait};

on_both_databases!(a_cached_dashboard_never_outlives_a_change);

const NATIONAL: &str = "13800000002";

async fn dashboard(client: &ApiClient, query: &str) -> anyhow::Result<Dashboard> {
    expect_json(
        client
            .get(&format!("/api/v1/coordination/dashboard{query}"))
            .await?,
        StatusCode::OK,
    )
    .await
}

async fn a_cached_dashboard_never_outlives_a_change(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let national = app.signed_in(NATIONAL).await?;
    let before = dashboard(&national, "").await?;
    assert_eq!(before.offline.trained, 0);
    assert_eq!(dashboard(&national, "").await?, before);
    let sichuan_before = dashboard(&national, "?region=51").await?;

    // Completions written straight to the database, as another node would.
    let txn = db::begin_write(&app.db).await?;
    for e in classes::enrollments::Entity::find().all(&txn).await? {
        assert!(completion::complete_enrollment(&txn, EnrollmentId(e.id), Utc::now()).await?);
    }
    txn.commit().await?;
    assert_eq!(dashboard(&national, "").await?.offline.trained, 4);
    let sichuan = dashboard(&national, "?region=51").await?;
    assert_eq!(sichuan.offline.trained, 4);
    assert_ne!(sichuan, sichuan_before);

    // Targets set through this node's API.
    let request = SetTargetsRequest {
        programme: before.programme,
        year: None,
        targets: vec![ChildTarget {
            region: RegionCode::parse("51")?,
            online: 7,
            offline: 9,
        }],
    };
    let set = national
        .send_json(Method::PUT, "/api/v1/coordination/targets", &request)
        .await?;
    assert_eq!(set.status(), StatusCode::NO_CONTENT);
    assert_eq!(dashboard(&national, "").await?.offline.target, 9);

    // A programme renamed by hand in SQL.
    app.db
        .execute_unprepared("UPDATE programmes SET title = 'Renamed by hand'")
        .await?;
    assert_eq!(
        dashboard(&national, "").await?.programme_title,
        "Renamed by hand"
    );
    app.stop().await
}

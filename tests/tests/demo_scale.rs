//! The national-scale demo generator, run small: every row lands and the
//! counters it rebuilds agree with a recount.

use cultivator_server::domain::coordination::recount;
use cultivator_server::domain::seed::demo_scale;
use cultivator_tests::{Backend, TestApp, on_both_databases};

on_both_databases!(the_scale_demo_generates_trainees_and_consistent_counters);

async fn the_scale_demo_generates_trainees_and_consistent_counters(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let report = demo_scale::load(&app.db, 3_000).await?;
    assert_eq!(report.trainees, 3_000);
    assert_eq!(report.enrollments, 3_600);
    assert!(report.regions > 10_000, "{report:?}");
    // Each person holds at most one enrollment per (programme, track).
    assert_eq!(report.trained_people, report.completed);
    assert!(recount::recount(&app.db, false).await?.agrees());
    app.stop().await
}

//! The benchmark commands must measure working requests: a small run of
//! `cultivator-bench progress` on each database, checked for what its
//! viewers got back (not for speed; the figures are the command's output).

use cultivator_bench::progress::{self, ProgressBench};
use cultivator_server::domain::learning::watch::MAX_INTERVALS;
use cultivator_tests::{Backend, TestApp, on_both_databases};

on_both_databases!(the_progress_bench_drives_accepted_reports);

async fn the_progress_bench_drives_accepted_reports(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let args = ProgressBench {
        viewers: 20,
        interval_ms: 200,
        seconds: 3,
        raw_seconds: 1,
        connections: 8,
        adversaries: 2,
        url: None,
    };
    let tally = progress::run(app.db.clone(), args).await?;
    assert!(tally.accepted > 0, "{tally:?}");
    assert_eq!((tally.rejected, tally.failed), (0, 0), "{tally:?}");
    assert!(tally.adversary_reports > 0, "{tally:?}");
    assert!(
        tally.adversary_stretches <= MAX_INTERVALS,
        "the adversaries' intervals stay bounded: {tally:?}"
    );
    app.stop().await
}

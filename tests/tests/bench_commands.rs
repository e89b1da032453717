//! The benchmark commands must measure working requests: small runs of
//! `cultivator-bench progress` and `register-burst` on each database,
//! checked for what their requests got back (not for speed or memory; the
//! figures are the commands' output).

use cultivator_bench::progress::{self, ProgressBench};
use cultivator_bench::register_burst::{self, RegisterBurstBench};
use cultivator_server::domain::learning::watch::MAX_INTERVALS;
use cultivator_tests::{Backend, TestApp, on_both_databases};

on_both_databases!(
    the_progress_bench_drives_accepted_reports,
    the_register_burst_bench_registers_everyone_and_reads_its_memory,
);

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

async fn the_register_burst_bench_registers_everyone_and_reads_its_memory(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let args = RegisterBurstBench {
        registrations: 12,
        concurrency: 4,
        settle_secs: 0,
    };
    let figures = register_burst::run(app.db.clone(), args).await?;
    assert_eq!((figures.created, figures.failed), (12, 0), "{figures:?}");
    assert!(figures.peak_mib >= figures.rss_before_mib, "{figures:?}");
    app.stop().await
}

/// The certificates bench needs no database: one test, not one per engine.
#[tokio::test(flavor = "multi_thread")]
async fn the_certificates_bench_prints_one_and_a_class() -> anyhow::Result<()> {
    use cultivator_bench::certificates::{self, CertificatesBench};
    let figures = certificates::run(&CertificatesBench {
        count: 50,
        singles: 3,
        font: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc".into(),
        font_index: 2,
        out: None,
    })
    .await?;
    assert!(figures.one_bytes > 1000, "{figures:?}");
    assert!(
        figures.batch_zip_bytes > 50 * figures.one_bytes / 2,
        "{figures:?}"
    );
    assert!(figures.class_bytes > figures.one_bytes, "{figures:?}");
    Ok(())
}

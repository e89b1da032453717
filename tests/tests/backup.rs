//! A county's backup: a snapshot of the SQLite database taken while the
//! server runs, then restored in place of a lost database and served from.
//! PostgreSQL is backed up with its own tools and is refused here.

use cultivator_server::db::backup::{BackupError, sqlite_snapshot};
use cultivator_server::db::{schema, users};
use cultivator_server::{AppConfig, AppState, DbConfig, startup};
use cultivator_tests::client::registration;
use cultivator_tests::{ApiClient, Backend, TestApp, TestDb};
use reqwest::StatusCode;

/// A directory of this test's own, removed with what is in it.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> anyhow::Result<Scratch> {
        let dir =
            std::env::temp_dir().join(format!("cultivator-backup-{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn a_snapshot_taken_while_serving_restores_every_acknowledged_write() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?;
    let client = app.client()?;
    let registered = client
        .register(&registration("备份前", "13900000701"))
        .await?;
    assert_eq!(registered.status(), StatusCode::CREATED);

    let dir = Scratch::new()?;
    let copy = dir.0.join("county backup.db");
    sqlite_snapshot(&app.db, &copy).await?;
    // Never over an older backup.
    assert!(matches!(
        sqlite_snapshot(&app.db, &copy).await,
        Err(BackupError::TargetExists(_))
    ));
    // Written after the snapshot: not in it.
    let later = client
        .register(&registration("备份后", "13900000702"))
        .await?;
    assert_eq!(later.status(), StatusCode::CREATED);
    app.stop().await?;

    // The database is lost; the backup is put in its place and served.
    let restored = dir.0.join("cultivator.db");
    std::fs::copy(&copy, &restored)?;
    let db =
        cultivator_server::db::connect(&DbConfig::at(format!("sqlite://{}", restored.display())))
            .await?;
    assert_eq!(schema::pending(&db).await?, 0);
    assert!(users::find_by_mobile(&db, "13900000701").await?.is_some());
    assert!(users::find_by_mobile(&db, "13900000702").await?.is_none());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(startup::serve(
        listener,
        AppState::new(db, AppConfig::default())?,
        async move {
            let _ = stopped.await;
        },
    ));
    let restored_client = ApiClient::new(&base, true)?;
    let signed_in = restored_client.login("13900000701", "harvest2026").await?;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let _ = stop.send(());
    server.await??;
    Ok(())
}

#[tokio::test]
async fn postgresql_is_backed_up_with_its_own_tools() -> anyhow::Result<()> {
    let test_db = TestDb::create(Backend::Postgres).await?;
    let db = cultivator_server::db::connect(&DbConfig::at(test_db.url.clone())).await?;
    let dir = Scratch::new()?;
    let refused = sqlite_snapshot(&db, &dir.0.join("copy.db")).await;
    assert!(matches!(refused, Err(BackupError::NotSqlite)));
    db.close().await?;
    Ok(())
}

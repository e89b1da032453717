//! Health, the OpenAPI document, static serving and the session store.

use cultivator_migrations::MigratorTrait;
use cultivator_server::db::auth_sessions::{self, DbSessionStore};
use cultivator_server::db::users;
use cultivator_shared::ErrorCode;
use cultivator_tests::client::{expect_error, registration};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, Set};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

on_both_databases!(
    the_health_check_reaches_the_database,
    the_openapi_document_describes_every_route,
    the_readiness_check_knows_a_missing_migration,
    unknown_api_paths_get_json_and_client_routes_get_the_app,
    the_session_store_forgets_expired_sessions,
    a_session_signs_in_its_owner_until_it_expires_or_the_account_goes,
    a_session_used_past_half_its_lifetime_is_renewed,
);

async fn the_health_check_reaches_the_database(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let response = app.client()?.get("/healthz").await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("x-request-id"));
    app.stop().await
}

async fn the_readiness_check_knows_a_missing_migration(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    let response = client.get("/readyz").await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await?, "ready");
    // As if this build were newer than the schema: its last migration is
    // not recorded in the database.
    let last = cultivator_migrations::Migrator::migrations()
        .last()
        .map(|m| m.name().to_owned())
        .ok_or_else(|| anyhow::anyhow!("no migrations"))?;
    app.db
        .execute_unprepared(&format!(
            "DELETE FROM seaql_migrations WHERE version = '{last}'"
        ))
        .await?;
    let response = client.get("/readyz").await?;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.text().await?, "1 migrations pending");
    // Alive all the same: the health check asks only for the database.
    assert_eq!(client.get("/healthz").await?.status(), StatusCode::OK);
    app.stop().await
}

async fn the_openapi_document_describes_every_route(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let doc: serde_json::Value = app.client()?.get("/api/openapi.json").await?.json().await?;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let expected = [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/auth/logout-everywhere", "post"),
        ("/api/v1/auth/me", "get"),
        ("/api/v1/regions", "get"),
        ("/api/v1/regions/{code}/children", "get"),
        ("/api/v1/courses", "get"),
        ("/api/v1/classes", "get"),
        ("/api/v1/admin/users", "get"),
        ("/api/v1/admin/users/{id}/roles", "put"),
        ("/api/v1/admin/users/{id}/sign-out", "post"),
        ("/api/v1/admin/users", "post"),
        ("/api/v1/admin/users/import", "post"),
        ("/api/v1/users", "get"),
        ("/api/v1/users/{id}/password-reset", "post"),
        ("/api/v1/users/{id}/region", "put"),
        ("/api/v1/auth/password", "put"),
        ("/api/v1/auth/password-reset", "post"),
        ("/api/v1/auth/me/name", "put"),
        ("/api/v1/auth/me/data.json", "get"),
        ("/api/v1/auth/me/data.csv", "get"),
        ("/api/v1/auth/me/delete", "post"),
        ("/api/v1/classes", "post"),
        ("/api/v1/classes/{id}", "get"),
        ("/api/v1/classes/{id}/sessions", "post"),
        ("/api/v1/classes/{id}/enrollments", "get"),
        ("/api/v1/classes/{id}/apply", "post"),
        ("/api/v1/classes/{id}/withdraw", "post"),
        ("/api/v1/enrollments/{id}/approve", "post"),
        ("/api/v1/enrollments/{id}/reject", "post"),
        ("/api/v1/enrollments/{id}/remove", "post"),
        ("/api/v1/instructor/classes", "get"),
        ("/api/v1/notifications", "get"),
        ("/api/v1/classes/{id}/finalise", "post"),
        ("/api/v1/classes/{id}/roster.csv", "get"),
        ("/api/v1/classes/{id}/progress", "get"),
        ("/api/v1/classes/{id}/progress.csv", "get"),
        ("/api/v1/classes/{id}/progress.xlsx", "get"),
        ("/api/v1/classes/{id}/attendance.csv", "get"),
        ("/api/v1/sessions/{id}/checkin-code", "get"),
        ("/api/v1/sessions/{id}/checkin-kit", "get"),
        ("/api/v1/sessions/{id}/checkin", "post"),
        ("/api/v1/sessions/{id}/attendance", "get"),
        ("/api/v1/sessions/{id}/attendance/{user}", "put"),
        ("/api/v1/sessions/{id}/attendance/corrections", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
        ("/api/v1/coordination/targets", "get"),
        ("/api/v1/coordination/targets", "put"),
        ("/api/v1/coordination/dashboard", "get"),
        ("/api/v1/coordination/dashboard.csv", "get"),
        ("/api/v1/coordination/dashboard.xlsx", "get"),
        ("/api/v1/coordination/classes", "get"),
        ("/api/v1/coordination/programmes", "get"),
        ("/api/v1/courses/{id}/enroll", "post"),
        ("/api/v1/lessons/{id}/progress", "post"),
        ("/api/v1/lessons/{id}/progress", "get"),
        ("/api/v1/me/credits", "get"),
        ("/api/v1/me/progress/offline", "post"),
        ("/api/v1/courses/{id}/questions", "post"),
        ("/api/v1/courses/{id}/quizzes", "post"),
        ("/api/v1/courses/{id}/quizzes", "get"),
        ("/api/v1/quizzes/{id}/attempts", "post"),
        ("/api/v1/attempts/{id}/submit", "post"),
        ("/api/v1/courses", "post"),
        ("/api/v1/courses/{id}", "get"),
        ("/api/v1/courses/{id}", "put"),
        ("/api/v1/courses/{id}/publish", "post"),
        ("/api/v1/courses/{id}/modules", "post"),
        ("/api/v1/modules/{id}/lessons", "post"),
        ("/api/v1/lessons/{id}/media", "put"),
        ("/api/v1/lessons/{id}/media", "get"),
        ("/api/v1/courses/{id}/order", "put"),
        ("/api/v1/lessons/{id}", "put"),
        ("/api/v1/lessons/{id}/media/audio", "put"),
        ("/api/v1/lessons/{id}/media/audio", "get"),
        ("/api/v1/classes/{id}/courses", "get"),
        ("/api/v1/classes/{id}/courses", "put"),
        ("/api/v1/me/classes/{id}/courses", "get"),
        ("/api/v1/me/courses", "get"),
        ("/api/v1/me/courses/{id}", "get"),
        ("/api/v1/instructor/courses", "get"),
        ("/api/v1/course-categories", "get"),
        ("/api/v1/courses/{id}/questions", "get"),
        ("/api/v1/classes/{id}/roster.xlsx", "get"),
        ("/api/v1/classes/{id}/attendance.xlsx", "get"),
        ("/api/v1/classes/{id}/roster-imports", "post"),
        ("/api/v1/classes/{id}/roster-imports", "get"),
        ("/api/v1/roster-imports/{id}", "get"),
        ("/api/v1/roster-imports/{id}/passwords.csv", "post"),
        ("/api/v1/classes/{id}/candidates", "get"),
        ("/api/v1/classes/{id}/candidates/{user}", "put"),
        ("/api/v1/classes/{id}/candidates/{user}", "delete"),
        ("/api/v1/classes/near-me", "get"),
        ("/api/v1/programmes", "get"),
        ("/api/v1/programmes", "post"),
        ("/api/v1/programmes/{id}", "get"),
        ("/api/v1/programmes/{id}", "put"),
        ("/api/v1/programmes/{id}/stages", "post"),
        ("/api/v1/programmes/{id}/stages/{stage}", "put"),
        ("/api/v1/programmes/{id}/stages/{stage}", "delete"),
        ("/api/v1/audit", "get"),
        ("/api/v1/audit.csv", "get"),
        ("/api/v1/lessons/{id}/attention", "post"),
        ("/api/v1/coordination/integrity", "get"),
        ("/api/v1/coordination/integrity.csv", "get"),
        ("/api/v1/classes/{id}", "put"),
        ("/api/v1/classes/{id}/cancel", "post"),
        ("/api/v1/sessions/{id}", "put"),
        ("/api/v1/sessions/{id}/cancel", "post"),
        ("/api/v1/classes/{id}/instructors", "get"),
        ("/api/v1/classes/{id}/instructors/{user}", "put"),
        ("/api/v1/classes/{id}/instructors/{user}", "delete"),
        ("/api/v1/notifications/unread-count", "get"),
        ("/api/v1/notifications/{id}/read", "post"),
        ("/api/v1/notifications/read-all", "post"),
        ("/api/v1/audit", "get"),
        ("/api/v1/audit.csv", "get"),
        ("/api/v1/programmes", "post"),
        ("/api/v1/programmes/{id}", "get"),
        ("/api/v1/programmes/{id}", "put"),
        ("/api/v1/programmes/{id}/stages", "post"),
        ("/api/v1/programmes/{id}/stages/{stage}", "put"),
        ("/api/v1/programmes/{id}/stages/{stage}", "delete"),
        ("/api/v1/platforms", "get"),
        ("/api/v1/platforms", "post"),
        ("/api/v1/platform", "get"),
        ("/api/v1/platforms/{code}", "put"),
        ("/api/v1/certificates", "get"),
        ("/api/v1/certificates/{id}", "get"),
        ("/api/v1/certificates/{id}/certificate.pdf", "get"),
        ("/api/v1/users/{id}/certificates", "get"),
        ("/api/v1/classes/{id}/certificates", "get"),
        ("/api/v1/classes/{id}/certificates.pdf", "get"),
        ("/api/v1/verify/{number}", "get"),
        ("/api/v1/programmes/{id}/certificate-template", "get"),
        ("/api/v1/programmes/{id}/certificate-template", "put"),
        (
            "/api/v1/programmes/{id}/certificate-template/{image}",
            "put",
        ),
        (
            "/api/v1/programmes/{id}/certificate-template/preview.pdf",
            "get",
        ),
        ("/api/v1/classes/{id}/certificate-batches", "post"),
        ("/api/v1/classes/{id}/certificate-batches", "get"),
        ("/api/v1/classes/{id}/certificate-batches/{batch}", "get"),
        (
            "/api/v1/classes/{id}/certificate-batches/{batch}/certificates.pdf",
            "get",
        ),
        (
            "/api/v1/classes/{id}/certificate-batches/{batch}/certificates.zip",
            "get",
        ),
        ("/api/v1/platforms/{code}/items", "get"),
        ("/api/v1/platforms/{code}/featured", "put"),
        ("/api/v1/platforms/{code}/courses/{id}", "put"),
        ("/api/v1/platforms/{code}/classes/{id}", "put"),
        ("/api/v1/platforms/{code}/logo", "put"),
        ("/api/v1/platforms/{code}/logo", "delete"),
        ("/api/v1/coordination/dashboard/platforms", "get"),
        ("/.well-known/cultivator-certificate-keys.json", "get"),
    ];
    let paths = doc["paths"].as_object().map(|p| p.len()).unwrap_or(0);
    let distinct: std::collections::BTreeSet<&str> = expected.iter().map(|(p, _)| *p).collect();
    assert_eq!(paths, distinct.len(), "{}", doc["paths"]);
    for (path, method) in expected {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
    }
    app.stop().await
}

async fn unknown_api_paths_get_json_and_client_routes_get_the_app(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    expect_error(
        client.get("/api/v1/nothing-here").await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    let wrong_method = client
        .request(reqwest::Method::DELETE, "/api/v1/auth/me")
        .send()
        .await?;
    expect_error(
        wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
    )
    .await?;

    // `cargo xtask test` builds the frontend before the tests run.
    let page = client
        .request(reqwest::Method::GET, "/some/client/route")
        .header("accept-encoding", "br")
        .send()
        .await?;
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "is the frontend built? (cargo xtask frontend)"
    );
    assert_eq!(
        page.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
    assert_eq!(
        page.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        // Private: the page carries the signed-in person's first screen.
        Some("private, no-cache")
    );
    // Trainees get the app without staff pages; staff pages get the staff bundle.
    let trainee_page = client.get("/courses/1").await?.text().await?;
    assert!(
        trainee_page.contains("/assets/cultivator-"),
        "{trainee_page}"
    );
    assert!(!trainee_page.contains("/assets/staff-"), "{trainee_page}");
    for staff in ["/coord", "/teach/sessions/1/screen", "/admin/users"] {
        let page = client.get(staff).await?.text().await?;
        assert!(page.contains("/assets/staff-"), "{staff}: {page}");
    }
    let not_staff = client.get("/coordinates").await?.text().await?;
    assert!(not_staff.contains("/assets/cultivator-"), "{not_staff}");

    let missing_asset = client.get("/assets/missing.js").await?;
    assert_eq!(missing_asset.status(), StatusCode::NOT_FOUND);
    app.stop().await
}

async fn the_session_store_forgets_expired_sessions(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let store = DbSessionStore::new(app.db.clone());
    let now = time::OffsetDateTime::now_utc();
    let mut live = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: now + time::Duration::hours(1),
    };
    live.data.insert("user_id".into(), serde_json::json!(7));
    let mut expired = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: now - time::Duration::seconds(1),
    };
    store.create(&mut live).await?;
    store.create(&mut expired).await?;

    let loaded = store.load(&live.id).await?;
    assert_eq!(loaded.map(|r| r.data), Some(live.data.clone()));
    assert!(
        store.load(&expired.id).await?.is_none(),
        "an expired session must not load"
    );

    store.delete_expired().await?;
    assert_eq!(auth_sessions::Entity::find().count(&app.db).await?, 1);
    store.delete(&live.id).await?;
    assert!(store.load(&live.id).await?.is_none());
    app.stop().await
}

async fn a_session_signs_in_its_owner_until_it_expires_or_the_account_goes(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    assert_eq!(
        client
            .register(&registration("Owner", "13900000071"))
            .await?
            .status(),
        StatusCode::CREATED
    );
    let me = client.login_ok("13900000071", "harvest2026").await?;
    let sessions = auth_sessions::Entity::find().all(&app.db).await?;
    let session = sessions
        .iter()
        .find(|s| s.user_id == Some(me.id.0))
        .ok_or_else(|| anyhow::anyhow!("the owner is not stored beside the session data"))?;
    assert_eq!(client.me().await?.status(), StatusCode::OK);

    let mut expired: auth_sessions::ActiveModel = session.clone().into();
    expired.expires_at = Set(time::OffsetDateTime::now_utc().unix_timestamp() - 1);
    expired.update(&app.db).await?;
    assert_eq!(client.me().await?.status(), StatusCode::UNAUTHORIZED);

    let again = app.client()?;
    let me = again.login_ok("13900000071", "harvest2026").await?;
    assert_eq!(again.me().await?.status(), StatusCode::OK);
    users::Entity::delete_by_id(me.id.0).exec(&app.db).await?;
    assert_eq!(again.me().await?.status(), StatusCode::UNAUTHORIZED);
    app.stop().await
}

async fn a_session_used_past_half_its_lifetime_is_renewed(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    client
        .register(&registration("Active", "13900000072"))
        .await?;
    let me = client.login_ok("13900000072", "harvest2026").await?;
    let session_of = |sessions: Vec<auth_sessions::Model>| {
        sessions
            .into_iter()
            .find(|s| s.user_id == Some(me.id.0))
            .ok_or_else(|| anyhow::anyhow!("no session of the user"))
    };
    let fresh = client.me().await?;
    assert_eq!(fresh.status(), StatusCode::OK);
    assert!(
        fresh.headers().get("set-cookie").is_none(),
        "a fresh session is not written again"
    );

    let session = session_of(auth_sessions::Entity::find().all(&app.db).await?)?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut ageing: auth_sessions::ActiveModel = session.into();
    ageing.expires_at = Set(now + 3_600);
    ageing.update(&app.db).await?;

    let renewed = client.me().await?;
    assert_eq!(renewed.status(), StatusCode::OK);
    let cookie = renewed
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(cookie.starts_with("cultivator_session="), "{cookie:?}");
    let session = session_of(auth_sessions::Entity::find().all(&app.db).await?)?;
    assert!(
        session.expires_at > now + 13 * 86_400,
        "renewed for the configured 14 days: {}",
        session.expires_at - now
    );
    assert_eq!(client.me().await?.status(), StatusCode::OK);
    app.stop().await
}

//! Registration, sign-in, sessions and the current user, through the HTTP API.

use cultivator_shared::api::auth::UserView;
use cultivator_shared::{ErrorCode, Role};
use cultivator_tests::client::{expect_error, expect_json, registration};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::StatusCode;

on_both_databases!(
    a_registered_trainee_can_sign_in_see_themselves_and_sign_out,
    signing_in_issues_a_fresh_session_id_and_a_protected_cookie,
    a_session_survives_on_another_server_process,
);

async fn a_registered_trainee_can_sign_in_see_themselves_and_sign_out(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;

    let created: UserView = expect_json(
        client
            .register(&registration("张秀英", "13912345678"))
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    assert_eq!(created.name, "张秀英");
    assert_eq!(
        created.roles.iter().map(|g| g.role).collect::<Vec<_>>(),
        vec![Role::Trainee]
    );
    assert_eq!(
        created.region_path.first().map(|r| r.name_zh.as_str()),
        Some("四川省")
    );

    // Registration alone does not sign in.
    expect_error(
        client.me().await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;

    let signed_in = client.login_ok("139 1234 5678", "harvest2026").await?;
    assert_eq!(signed_in.id, created.id);
    let me: UserView = expect_json(client.me().await?, StatusCode::OK).await?;
    assert_eq!(me, created);

    let logout = client.post("/api/v1/auth/logout", &()).await?;
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    expect_error(
        client.me().await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    app.stop().await
}

async fn signing_in_issues_a_fresh_session_id_and_a_protected_cookie(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    expect_json::<UserView>(
        client.register(&registration("甲", "13900000001")).await?,
        StatusCode::CREATED,
    )
    .await?;
    expect_json::<UserView>(
        client.register(&registration("乙", "13900000002")).await?,
        StatusCode::CREATED,
    )
    .await?;

    let first = client.login("13900000001", "harvest2026").await?;
    let first_cookie = session_cookie(&first)?;
    assert!(first_cookie.contains("HttpOnly"), "{first_cookie}");
    assert!(first_cookie.contains("SameSite=Lax"), "{first_cookie}");
    assert!(
        !first_cookie.contains("Secure"),
        "Secure is off unless configured: {first_cookie}"
    );

    let second = client.login("13900000002", "harvest2026").await?;
    let second_cookie = session_cookie(&second)?;
    assert_ne!(
        cookie_value(&first_cookie),
        cookie_value(&second_cookie),
        "the session id must change at sign-in"
    );

    // The id from before the second sign-in no longer works.
    let stale = app
        .client_without_csrf()?
        .request(reqwest::Method::GET, "/api/v1/auth/me")
        .header(
            "cookie",
            format!("cultivator_session={}", cookie_value(&first_cookie)),
        )
        .send()
        .await?;
    expect_error(stale, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await?;
    app.stop().await
}

async fn a_session_survives_on_another_server_process(backend: Backend) -> anyhow::Result<()> {
    // Two app nodes over one database: a cookie issued by one works on the other.
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    expect_json::<UserView>(
        client.register(&registration("丙", "13900000003")).await?,
        StatusCode::CREATED,
    )
    .await?;
    let cookie = session_cookie(&client.login("13900000003", "harvest2026").await?)?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let other_url = format!("http://{}", listener.local_addr()?);
    let state =
        cultivator_server::AppState::new(app.db.clone(), cultivator_server::AppConfig::default())?;
    let other = tokio::spawn(cultivator_server::startup::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let response = reqwest::Client::new()
        .get(format!("{other_url}/api/v1/auth/me"))
        .header(
            "cookie",
            format!("cultivator_session={}", cookie_value(&cookie)),
        )
        .send()
        .await?;
    let me: UserView = expect_json(response, StatusCode::OK).await?;
    assert_eq!(me.name, "丙");
    other.abort();
    app.stop().await
}

fn session_cookie(response: &reqwest::Response) -> anyhow::Result<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cultivator_session="))
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no session cookie set"))
}

fn cookie_value(set_cookie: &str) -> &str {
    set_cookie
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v)
        .unwrap_or_default()
}

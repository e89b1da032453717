//! Bad input gets the right status and error code, and writes nothing.

use cultivator_shared::api::auth::{RegisterRequest, UserView};
use cultivator_shared::{ErrorCode, ValidationError};
use cultivator_tests::client::{expect_error, expect_json, registration};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};

on_both_databases!(
    malformed_or_misshapen_bodies_are_refused_without_writing,
    invalid_fields_are_all_reported_at_once,
    a_mobile_number_registers_only_once,
    a_wrong_password_and_an_unknown_account_look_the_same,
    state_changing_requests_without_the_csrf_header_are_refused,
    an_unknown_region_is_refused,
);

async fn user_count(app: &TestApp) -> anyhow::Result<u64> {
    Ok(cultivator_server::db::users::Entity::find().count(&app.db).await?)
}

async fn malformed_or_misshapen_bodies_are_refused_without_writing(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    let raw = |body: &'static str| {
        client.request(Method::POST, "/api/v1/auth/register").header("content-type", "application/json").body(body).send()
    };

    expect_error(raw("{\"name\": ").await?, StatusCode::BAD_REQUEST, ErrorCode::InvalidBody).await?;
    expect_error(raw("{\"name\": \"张三\"}").await?, StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidBody).await?;
    let wrong_types = "{\"name\": 1, \"mobile\": true, \"password\": [], \"region_code\": null}";
    expect_error(raw(wrong_types).await?, StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidBody).await?;

    let not_json = client.request(Method::POST, "/api/v1/auth/register").body("name=x").send().await?;
    expect_error(not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedMediaType).await?;

    let mut huge = registration("张三", "13900000001");
    huge.name = "长".repeat(300_000);
    expect_error(client.register(&huge).await?, StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge).await?;

    assert_eq!(user_count(&app).await?, 0);
    app.stop().await
}

async fn invalid_fields_are_all_reported_at_once(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let request = RegisterRequest {
        name: "名".repeat(31),
        mobile: "1234".into(),
        password: "onlyletters".into(),
        region_code: String::new(),
    };
    let body = expect_error(
        app.client()?.register(&request).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    let fields: Vec<(&str, ValidationError)> = body.fields.iter().map(|f| (f.field.as_str(), f.error)).collect();
    assert_eq!(
        fields,
        vec![
            ("name", ValidationError::TooLong { max: 30 }),
            ("mobile", ValidationError::InvalidMobile),
            ("password", ValidationError::WeakPassword),
            ("region_code", ValidationError::Required),
        ]
    );
    assert_eq!(user_count(&app).await?, 0);
    app.stop().await
}

async fn a_mobile_number_registers_only_once(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    expect_json::<UserView>(client.register(&registration("甲", "13900000001")).await?, StatusCode::CREATED).await?;
    let again = client.register(&registration("乙", "139-0000-0001")).await?;
    expect_error(again, StatusCode::CONFLICT, ErrorCode::MobileTaken).await?;
    assert_eq!(user_count(&app).await?, 1);
    app.stop().await
}

async fn a_wrong_password_and_an_unknown_account_look_the_same(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let client = app.client()?;
    expect_json::<UserView>(client.register(&registration("甲", "13900000001")).await?, StatusCode::CREATED).await?;
    let wrong = expect_error(client.login("13900000001", "wrong2026").await?, StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials).await?;
    let unknown = expect_error(client.login("13900000009", "harvest2026").await?, StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials).await?;
    assert_eq!(wrong.message, unknown.message);
    expect_error(client.me().await?, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await?;
    app.stop().await
}

async fn state_changing_requests_without_the_csrf_header_are_refused(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let forged = app.client_without_csrf()?;
    let response = forged.register(&registration("甲", "13900000001")).await?;
    expect_error(response, StatusCode::FORBIDDEN, ErrorCode::CsrfHeaderMissing).await?;
    assert_eq!(user_count(&app).await?, 0);

    // The same request with the header goes through, and a signed-in session
    // cannot be used by a forged request either.
    let client = app.client()?;
    expect_json::<UserView>(client.register(&registration("甲", "13900000001")).await?, StatusCode::CREATED).await?;
    client.login_ok("13900000001", "harvest2026").await?;
    let logout = client.request(Method::POST, "/api/v1/auth/logout").header(cultivator_shared::CSRF_HEADER, "0").send().await?;
    expect_error(logout, StatusCode::FORBIDDEN, ErrorCode::CsrfHeaderMissing).await?;
    expect_json::<UserView>(client.me().await?, StatusCode::OK).await?;
    app.stop().await
}

async fn an_unknown_region_is_refused(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let mut request = registration("甲", "13900000001");
    request.region_code = "99".into();
    expect_error(app.client()?.register(&request).await?, StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::UnknownRegion).await?;
    assert_eq!(user_count(&app).await?, 0);
    app.stop().await
}

//! Provincial platforms over the one data set, on both databases: the page
//! is branded by host name or by the `/p/{code}/` prefix (unknown hosts get
//! the national platform), with the platform's manifest; a province's
//! coordinator rebrands their platform and the next page load shows it,
//! audited; coordinators of elsewhere, or of only part of the province,
//! cannot; admins create platforms, with codes and colours checked.

use cultivator_shared::api::Page;
use cultivator_shared::api::audit::{AuditAction, AuditRecordView};
use cultivator_shared::api::platforms::{NewPlatform, PlatformBrandingFields, PlatformView};
use cultivator_shared::{ErrorCode, RegionCode};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases, people};
use reqwest::{Method, StatusCode};

on_both_databases!(
    the_page_is_branded_by_host_name_or_prefix,
    a_province_rebrands_its_own_platform_and_no_one_elses,
    admins_create_platforms_with_checked_fields,
);

const ADMIN: &str = "13800000001";
/// 刘晓梅, coordinator of all Sichuan.
const SICHUAN: &str = "13800000003";
/// 赵志强, coordinator of Jintang county only.
const JINTANG: &str = "13800000004";
const GUIZHOU: &str = "13800000090";

async fn page(client: &ApiClient, host: Option<&str>, path: &str) -> anyhow::Result<String> {
    let mut request = client.request(Method::GET, path);
    if let Some(host) = host {
        request = request.header(reqwest::header::HOST, host);
    }
    let response = request.send().await?;
    anyhow::ensure!(response.status() == StatusCode::OK, "{}", response.status());
    Ok(response.text().await?)
}

async fn the_page_is_branded_by_host_name_or_prefix(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let visitor = app.client()?;

    let sichuan = page(&visitor, Some("sichuan.localhost:8080"), "/").await?;
    assert!(sichuan.contains("<title>四川省乡村治理人才培训平台</title>"));
    assert!(sichuan.contains("--green:#b71c1c;"));
    assert!(sichuan.contains("<strong>川善治</strong>"));
    let guangdong = page(&visitor, Some("guangdong.localhost"), "/courses").await?;
    assert!(guangdong.contains("<strong>粤治美</strong>"));
    assert!(guangdong.contains("--green:#0d47a1;"));
    // The staff bundle's page is branded too.
    let staff = page(&visitor, Some("sichuan.localhost"), "/coord").await?;
    assert!(staff.contains("<strong>川善治</strong>"));

    // Unknown hosts get the national platform.
    let national = page(&visitor, Some("elsewhere.example.org"), "/").await?;
    assert!(national.contains("<strong>乡村人才培训</strong>"));
    let current: PlatformView = expect_json(
        visitor
            .request(Method::GET, "/api/v1/platform")
            .header(reqwest::header::HOST, "hubei.localhost")
            .send()
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(current.code, "hubei");
    assert_eq!(current.branding.short_zh, "鄂参与");

    // On one domain, `/p/qinghai/...` chooses the platform for what follows.
    let chooser = app.client()?;
    let chosen = page(&chooser, None, "/p/qinghai/courses").await?;
    assert!(chosen.contains("<strong>青松治</strong>"), "{chosen}");
    let later = page(&chooser, None, "/").await?;
    assert!(later.contains("<strong>青松治</strong>"));
    let manifest: serde_json::Value =
        expect_json(chooser.get("/manifest.webmanifest").await?, StatusCode::OK).await?;
    assert_eq!(manifest["short_name"], "青松治");
    assert_eq!(manifest["theme_color"], "#00695c");
    // An unknown platform forgets the choice; a redirect never leaves the site.
    let forgot = page(&chooser, None, "/p/atlantis/").await?;
    assert!(forgot.contains("<strong>乡村人才培训</strong>"));
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    for (path, to) in [
        ("/p/sichuan//evil.example", "/evil.example"),
        ("/p/sichuan/%5C%5Cevil.example", "/evil.example"),
    ] {
        let response = no_follow
            .get(format!("{}{path}", app.base_url))
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(location, to, "{path}");
    }
    app.stop().await
}

fn branding(primary: &str, welcome: &str) -> PlatformBrandingFields {
    PlatformBrandingFields {
        name_zh: "四川省乡村治理人才培训平台".into(),
        name_en: "Sichuan Good Governance".into(),
        short_zh: "川善治".into(),
        short_en: "Sichuan".into(),
        primary_colour: primary.into(),
        accent_colour: "#ffb300".into(),
        welcome_markdown: welcome.into(),
        issuer: "四川省农业农村厅".into(),
    }
}

async fn guizhou_coordinator(app: &TestApp) -> anyhow::Result<ApiClient> {
    people::coordinator(&app.db, "黔协调", GUIZHOU, "522601100201", "52").await?;
    app.signed_in(GUIZHOU).await
}

async fn a_province_rebrands_its_own_platform_and_no_one_elses(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let province = app.signed_in(SICHUAN).await?;
    let county = app.signed_in(JINTANG).await?;
    let guizhou = guizhou_coordinator(&app).await?;
    let anyone = app.client()?;

    let welcome = "新春**快乐**<script>alert(1)</script>";
    let changed: PlatformView = expect_json(
        province
            .send_json(
                Method::PUT,
                "/api/v1/platforms/sichuan",
                &branding("#1b5e20", welcome),
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(changed.branding.primary_colour, "#1b5e20");
    // The next load shows it; the welcome text's script is gone.
    let next = page(&anyone, Some("sichuan.localhost"), "/").await?;
    assert!(next.contains("--green:#1b5e20;"));
    assert!(next.contains("<strong>快乐</strong>"));
    assert!(!next.contains("alert(1)</script>"));

    let admin = app.signed_in(ADMIN).await?;
    let records: Page<AuditRecordView> = expect_json(
        admin
            .get(&format!(
                "/api/v1/audit?action={}",
                AuditAction::PlatformChanged.as_str()
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(records.items.len(), 1);

    for outsider in [&county, &guizhou] {
        expect_error(
            outsider
                .send_json(
                    Method::PUT,
                    "/api/v1/platforms/sichuan",
                    &branding("#000000", ""),
                )
                .await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
    }
    let unchanged = page(&anyone, Some("sichuan.localhost"), "/").await?;
    assert!(unchanged.contains("--green:#1b5e20;"));
    // Bad colours are refused with the field named.
    let refused = province
        .send_json(
            Method::PUT,
            "/api/v1/platforms/sichuan",
            &branding("red;}body{display:none", ""),
        )
        .await?;
    let body = expect_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    assert_eq!(body.fields[0].field, "primary_colour");
    expect_error(
        province
            .send_json(
                Method::PUT,
                "/api/v1/platforms/nowhere",
                &branding("#000000", ""),
            )
            .await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    app.stop().await
}

async fn admins_create_platforms_with_checked_fields(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let admin = app.signed_in(ADMIN).await?;
    let province = app.signed_in(SICHUAN).await?;
    let guizhou = NewPlatform {
        code: "guizhou".into(),
        host: Some("guizhou.example.org".into()),
        home_region: Some(RegionCode::parse("52")?),
        branding: PlatformBrandingFields {
            name_zh: "贵州省乡村治理人才培训平台".into(),
            name_en: "Guizhou".into(),
            short_zh: "黔治理".into(),
            short_en: "Guizhou".into(),
            ..branding("#4e342e", "")
        },
    };
    expect_error(
        province.post("/api/v1/platforms", &guizhou).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let created: PlatformView = expect_json(
        admin.post("/api/v1/platforms", &guizhou).await?,
        StatusCode::CREATED,
    )
    .await?;
    assert_eq!(created.code, "guizhou");
    let served = page(&app.client()?, Some("guizhou.example.org"), "/").await?;
    assert!(served.contains("<strong>黔治理</strong>"));
    // The same code, or the same host under another code, is taken.
    let again = NewPlatform {
        code: "guizhou-2".into(),
        ..guizhou.clone()
    };
    for taken in [&guizhou, &again] {
        expect_error(
            admin.post("/api/v1/platforms", taken).await?,
            StatusCode::CONFLICT,
            ErrorCode::PlatformTaken,
        )
        .await?;
    }
    let unknown_region = NewPlatform {
        code: "nowhere".into(),
        host: None,
        home_region: Some(RegionCode::parse("99")?),
        ..guizhou.clone()
    };
    let refused = admin.post("/api/v1/platforms", &unknown_region).await?;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let listed: Vec<PlatformView> = expect_json(
        app.client()?.get("/api/v1/platforms").await?,
        StatusCode::OK,
    )
    .await?;
    let codes: Vec<&str> = listed.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "national",
            "sichuan",
            "guangdong",
            "hubei",
            "qinghai",
            "fujian",
            "guizhou"
        ]
    );
    app.stop().await
}

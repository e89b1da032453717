//! What a platform reaches beyond its look, on both databases: courses and
//! classes it owns are listed only on it (and only what lies in its home
//! region may be its own); people who register through it are counted by
//! it on the coordinators' per-platform table, and so are those of them
//! trained, and their certificates name its issuer; its featured items and
//! logo reach the first paint of its page.

use cultivator_shared::api::Page;
use cultivator_shared::api::audit::{AuditAction, AuditRecordView};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::catalog::{ClassSummary, CourseSummary};
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceState, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::{MyEnrollment, NewSessionRequest, SessionView};
use cultivator_shared::api::coordination::Dashboard;
use cultivator_shared::api::platforms::{
    FeaturedItems, Ownership, PlatformCounts, PlatformItemKind, PlatformItemRef, PlatformItems,
    PlatformView,
};
use cultivator_shared::{EnrollmentMode, ErrorCode};
use cultivator_tests::classes::{create_class, demo_programme, offline_class};
use cultivator_tests::client::{expect_error, expect_json, registration};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases, people};
use reqwest::header::HOST;
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_databases!(
    owned_courses_and_classes_are_listed_only_on_their_platform,
    registrations_and_trained_people_are_counted_by_platform,
    featured_items_and_the_logo_reach_the_first_paint,
);

const ADMIN: &str = "13800000001";
const NATIONAL: &str = "13800000002";
/// 刘晓梅, coordinator of all Sichuan.
const SICHUAN: &str = "13800000003";
const INSTRUCTOR: &str = "13800000005";
const GUIZHOU: &str = "13800000090";

const SICHUAN_HOST: &str = "sichuan.localhost:8080";
const GUANGDONG_HOST: &str = "guangdong.localhost";

async fn courses_on(client: &ApiClient, host: &str) -> anyhow::Result<Vec<String>> {
    let page: Page<CourseSummary> = expect_json(
        client
            .request(Method::GET, "/api/v1/courses?limit=100")
            .header(HOST, host)
            .send()
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(page.items.into_iter().map(|c| c.title).collect())
}

async fn classes_on(client: &ApiClient, host: &str) -> anyhow::Result<Vec<String>> {
    let page: Page<ClassSummary> = expect_json(
        client
            .request(Method::GET, "/api/v1/classes?limit=100")
            .header(HOST, host)
            .send()
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(page.items.into_iter().map(|c| c.title).collect())
}

async fn own(
    client: &ApiClient,
    platform: &str,
    kind: &str,
    id: i64,
    owned: bool,
) -> anyhow::Result<reqwest::Response> {
    client
        .send_json(
            Method::PUT,
            &format!("/api/v1/platforms/{platform}/{kind}/{id}"),
            &Ownership { owned },
        )
        .await
}

async fn id_of(client: &ApiClient, host: &str, title: &str, kind: &str) -> anyhow::Result<i64> {
    let path = format!("/api/v1/{kind}?limit=100");
    let page: Page<serde_json::Value> = expect_json(
        client
            .request(Method::GET, &path)
            .header(HOST, host)
            .send()
            .await?,
        StatusCode::OK,
    )
    .await?;
    page.items
        .iter()
        .find(|item| item["title"] == title)
        .and_then(|item| item["id"].as_i64())
        .ok_or_else(|| anyhow::anyhow!("no {kind} titled {title}"))
}

const COURSE: &str = "农产品电商入门";
const JINTANG_CLASS: &str = "金堂县乡村治理骨干培训班";
const GUIZHOU_CLASS: &str = "黔东南州农村电商带头人培训班";

async fn owned_courses_and_classes_are_listed_only_on_their_platform(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let visitor = app.client()?;
    let sichuan = app.signed_in(SICHUAN).await?;
    let course = id_of(&visitor, SICHUAN_HOST, COURSE, "courses").await?;
    let class = id_of(&visitor, SICHUAN_HOST, JINTANG_CLASS, "classes").await?;
    let guizhou_class = id_of(&visitor, SICHUAN_HOST, GUIZHOU_CLASS, "classes").await?;

    // The course's author and the class live in Sichuan: Sichuan may own them.
    let items: PlatformItems = expect_json(
        own(&sichuan, "sichuan", "courses", course, true).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(items.owned.len(), 1);
    let items: PlatformItems = expect_json(
        own(&sichuan, "sichuan", "classes", class, true).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        items.owned.iter().map(|i| i.kind).collect::<Vec<_>>(),
        [PlatformItemKind::Course, PlatformItemKind::Class]
    );

    // Listed on Sichuan's platform only.
    assert!(
        courses_on(&visitor, SICHUAN_HOST)
            .await?
            .contains(&COURSE.to_owned())
    );
    assert!(
        classes_on(&visitor, SICHUAN_HOST)
            .await?
            .contains(&JINTANG_CLASS.to_owned())
    );
    for host in [GUANGDONG_HOST, "elsewhere.example.org"] {
        assert!(
            !courses_on(&visitor, host)
                .await?
                .contains(&COURSE.to_owned()),
            "{host}"
        );
        let classes = classes_on(&visitor, host).await?;
        assert!(!classes.contains(&JINTANG_CLASS.to_owned()), "{host}");
        // Shared classes stay everywhere.
        assert!(classes.contains(&GUIZHOU_CLASS.to_owned()), "{host}");
    }
    // The course's category is not offered where the course is not listed.
    let categories: Vec<String> = expect_json(
        visitor
            .request(Method::GET, "/api/v1/course-categories")
            .header(HOST, GUANGDONG_HOST)
            .send()
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(
        !categories.contains(&"电子商务".to_owned()),
        "{categories:?}"
    );

    // A class held in Guizhou cannot become Sichuan's own.
    expect_error(
        own(&sichuan, "sichuan", "classes", guizhou_class, true).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::PlatformItemOutsideRegion,
    )
    .await?;
    // Guizhou's coordinator may not touch Sichuan's platform at all.
    people::coordinator(&app.db, "黔协调", GUIZHOU, "522601100201", "52").await?;
    let guizhou = app.signed_in(GUIZHOU).await?;
    expect_error(
        own(&guizhou, "sichuan", "courses", course, false).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    // Another platform cannot take what Sichuan owns.
    let national = app.signed_in(NATIONAL).await?;
    expect_error(
        own(&national, "national", "courses", course, true).await?,
        StatusCode::CONFLICT,
        ErrorCode::PlatformItemElsewhere,
    )
    .await?;
    expect_error(
        own(&sichuan, "sichuan", "courses", 999_999, true).await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;

    // Shared again, it is listed everywhere; both changes are audited.
    let _: PlatformItems = expect_json(
        own(&sichuan, "sichuan", "courses", course, false).await?,
        StatusCode::OK,
    )
    .await?;
    assert!(
        courses_on(&visitor, GUANGDONG_HOST)
            .await?
            .contains(&COURSE.to_owned())
    );
    let admin = app.signed_in(ADMIN).await?;
    let audit: Page<AuditRecordView> = expect_json(
        admin
            .get(&format!(
                "/api/v1/audit?object_kind=course&object_id={course}"
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let actions: Vec<AuditAction> = audit.items.iter().map(|r| r.action).collect();
    assert!(
        actions.contains(&AuditAction::PlatformItemOwned),
        "{actions:?}"
    );
    assert!(
        actions.contains(&AuditAction::PlatformItemShared),
        "{actions:?}"
    );
    app.stop().await
}

async fn register_through(
    app: &TestApp,
    host: &str,
    name: &str,
    mobile: &str,
) -> anyhow::Result<()> {
    let mut request = registration(name, mobile);
    request.region_code = "510121100201".into();
    let _: UserView = expect_json(
        app.client()?
            .request(Method::POST, "/api/v1/auth/register")
            .header(HOST, host)
            .json(&request)
            .send()
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    Ok(())
}

async fn table(client: &ApiClient, query: &str) -> anyhow::Result<Vec<PlatformCounts>> {
    expect_json(
        client
            .get(&format!("/api/v1/coordination/dashboard/platforms{query}"))
            .await?,
        StatusCode::OK,
    )
    .await
}

fn row<'a>(rows: &'a [PlatformCounts], code: Option<&str>) -> Option<&'a PlatformCounts> {
    rows.iter().find(|r| r.code.as_deref() == code)
}

async fn registrations_and_trained_people_are_counted_by_platform(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    register_through(&app, SICHUAN_HOST, "川学员甲", "13911110001").await?;
    register_through(&app, SICHUAN_HOST, "川学员乙", "13911110002").await?;
    register_through(&app, GUANGDONG_HOST, "粤学员", "13911110003").await?;
    register_through(&app, "elsewhere.example.org", "国学员", "13911110004").await?;

    // The first Sichuan registrant completes an offline class by attendance.
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let mut request = offline_class(programme, 30, EnrollmentMode::Open);
    request.starts_on = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
    let class = create_class(&instructor, &request).await?;
    let starts_at = chrono::Utc::now() - chrono::Duration::days(1);
    let session: SessionView = expect_json(
        instructor
            .post(
                &format!("/api/v1/classes/{}/sessions", class.class.id),
                &NewSessionRequest {
                    starts_at,
                    ends_at: starts_at + chrono::Duration::hours(2),
                    venue: None,
                    capacity_note: None,
                },
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let trainee = app.client()?;
    trainee.login_ok("13911110001", "harvest2026").await?;
    let me: UserView = expect_json(trainee.me().await?, StatusCode::OK).await?;
    let _: MyEnrollment = expect_json(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    let _: AttendanceCorrection = expect_json(
        instructor
            .send_json(
                Method::PUT,
                &format!("/api/v1/sessions/{}/attendance/{}", session.id, me.id),
                &MarkAttendanceRequest {
                    state: AttendanceState::Present,
                    at: None,
                },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;

    // Their certificate is issued by the platform serving their home.
    let certificates: Vec<cultivator_shared::api::certificates::CertificateView> =
        expect_json(trainee.get("/api/v1/certificates").await?, StatusCode::OK).await?;
    assert_eq!(
        certificates
            .iter()
            .map(|c| c.issuer.as_str())
            .collect::<Vec<_>>(),
        ["四川省农业农村厅"]
    );

    let national = app.signed_in(NATIONAL).await?;

    // Its logo, an SVG, is printed on the certificate, drawn as vectors in
    // the top left corner (before it, that corner is paper).
    let pdf = format!(
        "/api/v1/certificates/{}/certificate.pdf",
        certificates[0].id
    );
    let corner = |bytes: Vec<u8>| logo_corner(bytes);
    let before = corner(trainee.get(&pdf).await?.bytes().await?.to_vec())?;
    assert!(!is_red(before), "{before:?}");
    let red_square = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="#ff0000"/></svg>"##;
    let _: PlatformView = expect_json(
        upload(&national, red_square.to_vec()).await?,
        StatusCode::OK,
    )
    .await?;
    let after = corner(trainee.get(&pdf).await?.bytes().await?.to_vec())?;
    assert!(is_red(after), "{after:?}");

    let rows = table(&national, &format!("?programme={}", programme.0)).await?;
    let sichuan = row(&rows, Some("sichuan")).ok_or_else(|| anyhow::anyhow!("{rows:?}"))?;
    assert_eq!(
        (
            sichuan.registrations,
            sichuan.offline_trained,
            sichuan.online_trained
        ),
        (2, 1, 0)
    );
    let guangdong = row(&rows, Some("guangdong")).ok_or_else(|| anyhow::anyhow!("{rows:?}"))?;
    assert_eq!((guangdong.registrations, guangdong.offline_trained), (1, 0));
    let direct = row(&rows, Some("national")).ok_or_else(|| anyhow::anyhow!("{rows:?}"))?;
    assert_eq!(direct.registrations, 1);
    // The demo's own accounts were made by staff, not through a platform.
    let staff = row(&rows, None).ok_or_else(|| anyhow::anyhow!("{rows:?}"))?;
    assert!(staff.registrations >= 9, "{staff:?}");
    assert_eq!(rows.iter().filter(|r| r.code.is_some()).count(), 6);

    // The dashboard filtered by platform counts only the people who
    // registered through it, in its headline and its regions alike.
    let board = |query: String| {
        let national = &national;
        async move {
            expect_json::<Dashboard>(
                national
                    .get(&format!("/api/v1/coordination/dashboard?{query}"))
                    .await?,
                StatusCode::OK,
            )
            .await
        }
    };
    let on =
        |code: &str, region: &str| format!("programme={}&platform={code}{region}", programme.0);
    let everyone = board(format!("programme={}", programme.0)).await?;
    let sichuan_only = board(on("sichuan", "")).await?;
    assert_eq!(
        (sichuan_only.offline.trained, sichuan_only.online.trained),
        (1, 0)
    );
    // Guangdong's filter below leaves out the one Sichuan has.
    assert_eq!(everyone.offline.trained, 1, "{:?}", everyone.offline);
    let child = |board: &Dashboard, code: &str| {
        board
            .children
            .iter()
            .find(|c| c.region.code.as_str() == code)
            .map(|c| c.trained.offline)
    };
    assert_eq!(child(&sichuan_only, "51"), Some(1));
    assert_eq!(child(&sichuan_only, "44"), Some(0));
    let chengdu = board(on("sichuan", "&region=51")).await?;
    assert_eq!(child(&chengdu, "5101"), Some(1));
    let guangdong_only = board(on("guangdong", "")).await?;
    assert_eq!(guangdong_only.offline.trained, 0);
    expect_error(
        national
            .get("/api/v1/coordination/dashboard?platform=atlantis")
            .await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    expect_error(
        national
            .get("/api/v1/coordination/dashboard?platform=Sichuan%21")
            .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;

    // Within a region: a Guizhou coordinator sees no Sichuan registrations,
    // and may not ask for Sichuan's.
    people::coordinator(&app.db, "黔协调", GUIZHOU, "522601100201", "52").await?;
    let guizhou = app.signed_in(GUIZHOU).await?;
    let rows = table(&guizhou, "").await?;
    assert_eq!(
        row(&rows, Some("sichuan")).map(|r| r.registrations),
        Some(0)
    );
    expect_error(
        guizhou
            .get("/api/v1/coordination/dashboard/platforms?region=51")
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    // Trainees have no such table.
    expect_error(
        trainee
            .get("/api/v1/coordination/dashboard/platforms")
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

/// The colour at the middle of a certificate's logo square (90 points wide
/// at 60, 54 from the top left), by poppler's `pdftoppm` at 36 dpi.
fn logo_corner(pdf: Vec<u8>) -> anyhow::Result<(u8, u8, u8)> {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("cultivator-logo-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("certificate.pdf");
    std::fs::write(&file, pdf)?;
    let status = std::process::Command::new("pdftoppm")
        .args(["-singlefile", "-r", "36"])
        .arg(&file)
        .arg(dir.join("page"))
        .status()
        .map_err(|e| anyhow::anyhow!("pdftoppm (Debian: poppler-utils): {e}"))?;
    anyhow::ensure!(status.success(), "pdftoppm failed");
    let ppm = std::fs::read(dir.join("page.ppm"))?;
    let _ = std::fs::remove_dir_all(&dir);
    // P6: "P6\n<width> <height>\n255\n", then RGB bytes.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while ppm.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let start = at;
        while ppm.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
            at += 1;
        }
        fields.push(String::from_utf8(ppm[start..at].to_vec())?);
    }
    anyhow::ensure!(fields[0] == "P6", "not a PPM: {}", fields[0]);
    let width: usize = fields[1].parse()?;
    let pixels = &ppm[at + 1..];
    let (x, y) = (105 * 36 / 72, 99 * 36 / 72);
    let i = (y * width + x) * 3;
    anyhow::ensure!(pixels.len() >= i + 3, "page too small");
    Ok((pixels[i], pixels[i + 1], pixels[i + 2]))
}

fn is_red((r, g, b): (u8, u8, u8)) -> bool {
    r > 200 && g < 80 && b < 80
}

/// A 2×1 PNG.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(2u32.to_be_bytes());
    bytes.extend(1u32.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

async fn upload(client: &ApiClient, bytes: Vec<u8>) -> anyhow::Result<reqwest::Response> {
    Ok(client
        .request(Method::PUT, "/api/v1/platforms/sichuan/logo")
        .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
        .body(bytes)
        .send()
        .await?)
}

async fn feature(
    client: &ApiClient,
    items: Vec<PlatformItemRef>,
) -> anyhow::Result<reqwest::Response> {
    client
        .send_json(
            Method::PUT,
            "/api/v1/platforms/sichuan/featured",
            &FeaturedItems { items },
        )
        .await
}

async fn featured_items_and_the_logo_reach_the_first_paint(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let visitor = app.client()?;
    let sichuan = app.signed_in(SICHUAN).await?;
    let course = id_of(&visitor, SICHUAN_HOST, COURSE, "courses").await?;
    let class = id_of(&visitor, SICHUAN_HOST, JINTANG_CLASS, "classes").await?;
    let class_ref = PlatformItemRef {
        kind: PlatformItemKind::Class,
        id: class,
    };
    let course_ref = PlatformItemRef {
        kind: PlatformItemKind::Course,
        id: course,
    };
    let items: PlatformItems = expect_json(
        feature(&sichuan, vec![class_ref, course_ref, class_ref]).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        items
            .featured
            .iter()
            .map(|i| i.title.as_str())
            .collect::<Vec<_>>(),
        [JINTANG_CLASS, COURSE]
    );

    // The page served for Sichuan carries them, in order; Guangdong's does not.
    let html = |host: &'static str| {
        let visitor = &visitor;
        async move {
            let response = visitor
                .request(Method::GET, "/")
                .header(HOST, host)
                .send()
                .await?;
            anyhow::Ok(response.text().await?)
        }
    };
    let page = html(SICHUAN_HOST).await?;
    let class_at = page.find(JINTANG_CLASS).unwrap_or(usize::MAX);
    let course_at = page.find(COURSE).unwrap_or(usize::MAX);
    assert!(class_at < course_at && course_at < usize::MAX, "{page}");
    assert!(!html(GUANGDONG_HOST).await?.contains(JINTANG_CLASS));

    // Drafts and other platforms' items cannot be featured; nor can 13.
    let draft = cultivator_server::db::courses::Entity::find()
        .filter(cultivator_server::db::courses::Column::State.eq("draft"))
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no draft course"))?;
    let draft_ref = PlatformItemRef {
        kind: PlatformItemKind::Course,
        id: draft.id,
    };
    expect_error(
        feature(&sichuan, vec![draft_ref]).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::PlatformItemNotListed,
    )
    .await?;
    let too_many = (0..13)
        .map(|id| PlatformItemRef {
            kind: PlatformItemKind::Course,
            id,
        })
        .collect();
    expect_error(
        feature(&sichuan, too_many).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;

    // A logo: checked by its bytes, shown on the first paint, served inert.
    let script = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    expect_error(
        upload(&sichuan, script.to_vec()).await?,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await?;
    let mut huge = png();
    huge.resize(300 * 1024, 0);
    expect_error(
        upload(&sichuan, huge).await?,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await?;
    let view: PlatformView = expect_json(upload(&sichuan, png()).await?, StatusCode::OK).await?;
    let logo = view.logo_url.ok_or_else(|| anyhow::anyhow!("no logo"))?;
    assert!(logo.starts_with("/platform-logo/sichuan?v="));
    let page = html(SICHUAN_HOST).await?;
    assert!(
        page.contains(&format!("<img class=\"boot-logo\" src=\"{logo}\"")),
        "{page}"
    );
    assert!(page.contains(&format!("<link rel=\"icon\" href=\"{logo}\">")));
    let served = visitor.get(&logo).await?;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()[reqwest::header::CONTENT_TYPE], "image/png");
    assert!(
        served.headers()[reqwest::header::CONTENT_SECURITY_POLICY]
            .to_str()?
            .contains("sandbox")
    );
    assert_eq!(served.bytes().await?.to_vec(), png());
    // Guizhou's coordinator cannot change it.
    people::coordinator(&app.db, "黔协调", GUIZHOU, "522601100201", "52").await?;
    let guizhou = app.signed_in(GUIZHOU).await?;
    expect_error(
        upload(&guizhou, png()).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let removed: PlatformView = expect_json(
        sichuan
            .request(Method::DELETE, "/api/v1/platforms/sichuan/logo")
            .send()
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(removed.logo_url, None);
    assert_eq!(visitor.get(&logo).await?.status(), StatusCode::NOT_FOUND);
    app.stop().await
}

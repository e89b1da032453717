//! Certificates: issued once in the transaction of the completion they
//! certify (an offline class by attendance, an online course, the whole
//! pathway), revoked when the completion is withdrawn and issued anew on
//! re-completion, both audited; the public check by number (masked name,
//! throttled misses) and the signed credential in the QR link, which
//! verifies against the published keys. On both databases.

use chrono::{Duration, NaiveDate, Utc};
use cultivator_server::db::{programmes, users};
use cultivator_server::domain::certificates::{self, credential};
use cultivator_shared::api::Page;
use cultivator_shared::api::audit::{AuditAction, AuditRecordView};
use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::certificates::{
    CertificateKind, CertificateStatus, CertificateView, SigningKeys, VerifiedCertificate,
};
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceState, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::{ClassDetail, MyEnrollment, SessionView};
use cultivator_shared::api::notifications::{NotificationKind, NotificationView};
use cultivator_shared::{CreditHours, EnrollmentMode, ErrorCode, ProgrammeId, StageId, Track};
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::learning::{article_course, read_through};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

on_both_databases!(
    attendance_issues_one_certificate_that_withdrawal_revokes_and_recompletion_reissues,
    completing_an_online_course_issues_its_certificate,
    the_last_stage_of_the_pathway_issues_the_graduation_certificate,
    anyone_checks_a_number_and_unknown_numbers_are_throttled,
    only_the_holder_and_their_managers_see_a_certificate,
    a_printed_certificate_has_the_name_the_number_and_a_qr_that_verifies,
    a_rotated_key_still_verifies_what_it_signed,
    national_staff_design_the_certificates_and_the_next_one_carries_their_issuer,
    a_class_batch_reports_progress_and_zips_one_pdf_per_valid_certificate,
);

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";
const OTHER_TRAINEE: &str = "13800000011";
const THIRD_TRAINEE: &str = "13800000012";
const NATIONAL: &str = "13800000002";
/// A coordinator of one province (Sichuan), not of the whole country.
const PROVINCE_COORDINATOR: &str = "13800000003";
/// A name with characters outside the common sets (GB 18030 only).
const RARE_NAME: &str = "王㛃䶮";

async fn signed_in(app: &TestApp, mobile: &str) -> anyhow::Result<(ApiClient, UserView)> {
    let client = app.client()?;
    let me = client.login_ok(mobile, "demo2026").await?;
    Ok((client, me))
}

async fn rename(app: &TestApp, user: &UserView, name: &str) -> anyhow::Result<()> {
    let row = users::Entity::find_by_id(user.id.0)
        .one(&app.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user"))?;
    let mut row: users::ActiveModel = row.into();
    row.name = Set(name.to_owned());
    row.update(&app.db).await?;
    Ok(())
}

async fn mark(
    instructor: &ApiClient,
    session: &SessionView,
    trainee: &UserView,
    state: AttendanceState,
) -> anyhow::Result<()> {
    let _: AttendanceCorrection = expect_json(
        instructor
            .send_json(
                Method::PUT,
                &format!("/api/v1/sessions/{}/attendance/{}", session.id, trainee.id),
                &MarkAttendanceRequest { state, at: None },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(())
}

async fn apply(client: &ApiClient, class: &ClassDetail) -> anyhow::Result<()> {
    let _: MyEnrollment = expect_json(
        client
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(())
}

async fn mine(client: &ApiClient) -> anyhow::Result<Vec<CertificateView>> {
    expect_json(client.get("/api/v1/certificates").await?, StatusCode::OK).await
}

async fn check(client: &ApiClient, number: &str) -> anyhow::Result<VerifiedCertificate> {
    expect_json(
        client.get(&format!("/api/v1/verify/{number}")).await?,
        StatusCode::OK,
    )
    .await
}

/// The signed credential of a certificate's link verifies against the keys
/// published at the well-known address, and says what the certificate says.
async fn assert_signed(app: &TestApp, cert: &CertificateView) -> anyhow::Result<()> {
    let keys: SigningKeys = expect_json(
        app.client()?.get(certificates::KEYS_PATH).await?,
        StatusCode::OK,
    )
    .await?;
    let keys = certificates::keys::verifying_keys(&keys);
    let parsed = credential::parse(&cert.verify_url)?;
    let fields = parsed.verify(&keys)?;
    assert_eq!(fields.number, cert.number);
    assert_eq!(fields.holder_name, cert.holder_name);
    assert_eq!(fields.title, cert.title);
    assert_eq!(fields.credit, cert.credit_hours);
    assert!(
        cert.verify_url
            .starts_with(&format!("{}/verify/{}#", app.base_url, cert.number)),
        "{}",
        cert.verify_url
    );
    Ok(())
}

/// An offline class of five two-hour sessions held over the last days.
async fn class_with_sessions(
    app: &TestApp,
    instructor: &ApiClient,
    programme: ProgrammeId,
    stage: Option<StageId>,
    sessions: i64,
) -> anyhow::Result<(ClassDetail, Vec<SessionView>)> {
    let mut request = offline_class(programme, 30, EnrollmentMode::Open);
    request.starts_on = Utc::now().date_naive() - Duration::days(sessions);
    request.stage_id = stage;
    let class = create_class(instructor, &request).await?;
    let mut made = Vec::new();
    for day in 0..sessions {
        let starts_at = Utc::now() - Duration::days(sessions - day);
        made.push(
            expect_json::<SessionView>(
                instructor
                    .post(
                        &format!("/api/v1/classes/{}/sessions", class.class.id),
                        &cultivator_shared::api::classes::NewSessionRequest {
                            starts_at,
                            ends_at: starts_at + Duration::hours(2),
                            venue: None,
                            capacity_note: None,
                        },
                    )
                    .await?,
                StatusCode::CREATED,
            )
            .await?,
        );
    }
    let _ = app;
    Ok((class, made))
}

/// A one-session class whose only member attended: the class and the
/// member's certificate for it.
async fn certified(
    app: &TestApp,
    instructor: &ApiClient,
    trainee: &ApiClient,
    me: &UserView,
) -> anyhow::Result<(ClassDetail, CertificateView)> {
    let programme = demo_programme(&app.db).await?;
    let (class, sessions) = class_with_sessions(app, instructor, programme, None, 1).await?;
    apply(trainee, &class).await?;
    mark(instructor, &sessions[0], me, AttendanceState::Present).await?;
    let cert = mine(trainee)
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no certificate"))?;
    Ok((class, cert))
}

async fn audit_actions(app: &TestApp) -> anyhow::Result<Vec<AuditAction>> {
    let admin = app.signed_in("13800000001").await?;
    let page: Page<AuditRecordView> = expect_json(
        admin.get("/api/v1/audit?object_kind=certificate").await?,
        StatusCode::OK,
    )
    .await?;
    Ok(page.items.iter().map(|r| r.action).collect())
}

async fn attendance_issues_one_certificate_that_withdrawal_revokes_and_recompletion_reissues(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEE).await?;
    rename(&app, &me, RARE_NAME).await?;
    let programme = demo_programme(&app.db).await?;
    let (class, sessions) = class_with_sessions(&app, &instructor, programme, None, 5).await?;
    apply(&trainee, &class).await?;
    for session in &sessions[..3] {
        mark(&instructor, session, &me, AttendanceState::Present).await?;
    }
    assert!(mine(&trainee).await?.is_empty());

    // The fourth of five reaches the threshold: one certificate, at once.
    mark(&instructor, &sessions[3], &me, AttendanceState::Present).await?;
    let certs = mine(&trainee).await?;
    assert_eq!(certs.len(), 1, "{certs:?}");
    let first = &certs[0];
    assert_eq!(first.kind, CertificateKind::Class);
    assert_eq!(first.status, CertificateStatus::Valid);
    assert_eq!(first.holder_name, RARE_NAME);
    assert_eq!(first.title, class.class.title);
    assert_eq!(first.credit_hours, CreditHours(80));
    assert!(first.number.starts_with("2"), "{}", first.number);
    assert_signed(&app, first).await?;

    // The fifth attended session changes nothing: exactly once.
    mark(&instructor, &sessions[4], &me, AttendanceState::Present).await?;
    assert_eq!(mine(&trainee).await?.len(), 1);

    // The trainee was told, with a link to the certificate.
    let notices: Page<NotificationView> =
        expect_json(trainee.get("/api/v1/notifications").await?, StatusCode::OK).await?;
    let issued: Vec<_> = notices
        .items
        .iter()
        .filter(|n| n.kind == NotificationKind::CertificateIssued)
        .collect();
    assert_eq!(issued.len(), 1, "{notices:?}");
    assert_eq!(issued[0].link(), Some(format!("/verify/{}", first.number)));

    // Corrected below the threshold: the completion goes, the certificate
    // is revoked with the reason, and the public check says so.
    for session in &sessions[..2] {
        mark(&instructor, session, &me, AttendanceState::Absent).await?;
    }
    let certs = mine(&trainee).await?;
    assert_eq!(certs.len(), 1);
    assert_eq!(certs[0].status, CertificateStatus::Revoked);
    assert!(certs[0].revoked_at.is_some());
    assert_eq!(
        certs[0].revoke_reason.as_deref(),
        Some(certificates::issue::REASON_COMPLETION_WITHDRAWN)
    );
    let public = check(&app.client()?, &first.number).await?;
    assert_eq!(public.status, CertificateStatus::Revoked);
    assert!(public.revoked_at.is_some());

    // Present again: a new certificate with a new number; the old stays revoked.
    mark(&instructor, &sessions[0], &me, AttendanceState::Present).await?;
    let certs = mine(&trainee).await?;
    assert_eq!(certs.len(), 2, "{certs:?}");
    let valid: Vec<_> = certs
        .iter()
        .filter(|c| c.status == CertificateStatus::Valid)
        .collect();
    assert_eq!(valid.len(), 1);
    assert_ne!(valid[0].number, first.number);

    let actions = audit_actions(&app).await?;
    assert!(
        actions.contains(&AuditAction::CertificateRevoked),
        "{actions:?}"
    );
    assert!(
        actions.contains(&AuditAction::CertificateReissued),
        "{actions:?}"
    );
    app.stop().await
}

async fn completing_an_online_course_issues_its_certificate(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (trainee, _) = signed_in(&app, TRAINEE).await?;
    let (course, lesson) = article_course(&app.db, "合作社财务管理", CreditHours(25)).await?;
    let _: serde_json::Value = expect_json(
        trainee
            .post(&format!("/api/v1/courses/{}/enroll", course.0), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    read_through(&app.db, &trainee, lesson).await?;
    let certs = mine(&trainee).await?;
    assert_eq!(certs.len(), 1, "{certs:?}");
    assert_eq!(certs[0].kind, CertificateKind::Course);
    assert_eq!(certs[0].title, "合作社财务管理");
    assert_eq!(certs[0].credit_hours, CreditHours(25));
    assert_signed(&app, &certs[0]).await?;
    app.stop().await
}

async fn the_last_stage_of_the_pathway_issues_the_graduation_certificate(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEE).await?;
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let programme = programmes::insert(
        &app.db,
        "乡村治理骨干培训计划",
        "",
        start,
        start + Duration::days(1000),
    )
    .await?;
    let mut stages = Vec::new();
    for (position, title) in (1..).zip(["线下初训", "进阶培训"]) {
        stages.push(
            programmes::insert_stage(
                &app.db,
                programme,
                programmes::NewStage {
                    position,
                    title,
                    track: Track::Offline,
                    requires_previous: false,
                    requires_selection: false,
                    selected_by: cultivator_shared::RegionLevel::County,
                },
            )
            .await?,
        );
    }
    let mut classes = Vec::new();
    for stage in &stages {
        let mut request = offline_class(programme, 30, EnrollmentMode::Open);
        request.stage_id = Some(*stage);
        let class = create_class(&instructor, &request).await?;
        apply(&trainee, &class).await?;
        let session = add_current_session(&instructor, class.clone()).await?;
        classes.push((class, session));
    }
    mark(&instructor, &classes[0].1, &me, AttendanceState::Present).await?;
    let kinds = |certs: &[CertificateView]| -> Vec<(CertificateKind, CertificateStatus)> {
        certs.iter().map(|c| (c.kind, c.status)).collect()
    };
    assert_eq!(
        kinds(&mine(&trainee).await?),
        [(CertificateKind::Class, CertificateStatus::Valid)]
    );

    // The last stage completed: the graduation certificate, in that change.
    mark(&instructor, &classes[1].1, &me, AttendanceState::Present).await?;
    let certs = mine(&trainee).await?;
    let graduation: Vec<_> = certs
        .iter()
        .filter(|c| c.kind == CertificateKind::Programme)
        .collect();
    assert_eq!(graduation.len(), 1, "{certs:?}");
    assert_eq!(graduation[0].title, "乡村治理骨干培训计划");
    assert_eq!(graduation[0].number.get(..4), Some("2026"));
    assert_signed(&app, graduation[0]).await?;

    // A stage withdrawn: the pathway is incomplete, graduation revoked.
    mark(&instructor, &classes[0].1, &me, AttendanceState::Absent).await?;
    let certs = mine(&trainee).await?;
    let graduation = certs
        .iter()
        .find(|c| c.kind == CertificateKind::Programme)
        .ok_or_else(|| anyhow::anyhow!("graduation"))?;
    assert_eq!(graduation.status, CertificateStatus::Revoked);
    app.stop().await
}

async fn anyone_checks_a_number_and_unknown_numbers_are_throttled(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEE).await?;
    rename(&app, &me, "张三英").await?;
    let (class, cert) = certified(&app, &instructor, &trainee, &me).await?;

    // Signed out, typed in lower case with spaces: found, the name masked.
    let stranger = app.client()?;
    let typed = cert.number.to_lowercase().replace('-', " ");
    let seen = check(&stranger, &typed).await?;
    assert_eq!(seen.status, CertificateStatus::Valid);
    assert_eq!(seen.holder, "张*英");
    assert_eq!(seen.number, cert.number);
    assert_eq!(seen.title, class.class.title);
    assert_eq!(seen.revoked_at, None);

    // Unknown and malformed numbers are "not found", and each counts.
    let misses = certificates::LOOKUP_MISSES.max_failures;
    for n in 0..misses {
        let guess = if n % 2 == 0 {
            cultivator_shared::certificate::format_number(2026, "51", "AAAAAAAAAA")
                .unwrap_or_default()
        } else {
            format!("not-a-number-{n}")
        };
        expect_error(
            stranger.get(&format!("/api/v1/verify/{guess}")).await?,
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
        )
        .await?;
    }
    // Then this address is refused even numbers that exist.
    let refused = stranger
        .get(&format!("/api/v1/verify/{}", cert.number))
        .await?;
    assert!(refused.headers().contains_key("retry-after"));
    expect_error(
        refused,
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::TooManyAttempts,
    )
    .await?;
    app.stop().await
}

async fn only_the_holder_and_their_managers_see_a_certificate(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEE).await?;
    let (other, _) = signed_in(&app, OTHER_TRAINEE).await?;
    let (class, cert) = certified(&app, &instructor, &trainee, &me).await?;
    let path = format!("/api/v1/certificates/{}", cert.id);

    let own: CertificateView = expect_json(trainee.get(&path).await?, StatusCode::OK).await?;
    assert_eq!(own.number, cert.number);
    let managed: CertificateView =
        expect_json(instructor.get(&path).await?, StatusCode::OK).await?;
    assert_eq!(managed.number, cert.number);
    let listed: Vec<CertificateView> = expect_json(
        instructor
            .get(&format!("/api/v1/classes/{}/certificates", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(listed.len(), 1);

    // The coordinators over the holder's home find it in the people lookup;
    // the instructor, who manages the class but not the person, and another
    // trainee may not list the person's certificates.
    let person = format!("/api/v1/users/{}/certificates", me.id);
    let (province, _) = signed_in(&app, PROVINCE_COORDINATOR).await?;
    let theirs: Vec<CertificateView> =
        expect_json(province.get(&person).await?, StatusCode::OK).await?;
    assert_eq!(
        theirs.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(),
        [cert.number.as_str()]
    );
    for client in [&instructor, &other] {
        expect_error(
            client.get(&person).await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
    }
    expect_error(
        province.get("/api/v1/users/999999999/certificates").await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;

    expect_error(
        other.get(&path).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    expect_error(
        other
            .get(&format!("/api/v1/classes/{}/certificates", class.class.id))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    expect_error(
        app.client()?.get(&path).await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;

    // The holder deletes their account: the certificate no longer names or
    // vouches for them.
    let deleted = trainee
        .post(
            "/api/v1/auth/me/delete",
            &serde_json::json!({ "password": "demo2026" }),
        )
        .await?;
    assert!(deleted.status().is_success(), "{}", deleted.status());
    let seen = check(&app.client()?, &cert.number).await?;
    assert_eq!(seen.status, CertificateStatus::Revoked);
    assert_eq!(seen.holder, "");
    app.stop().await
}

/// A PDF's text layer, by poppler's `pdftotext`.
fn pdf_text(pdf: &std::path::Path) -> anyhow::Result<String> {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .map_err(|e| anyhow::anyhow!("pdftotext (Debian: poppler-utils): {e}"))?;
    anyhow::ensure!(out.status.success(), "pdftotext failed");
    Ok(String::from_utf8(out.stdout)?)
}

/// The first page rendered in grey at `dpi` by poppler's `pdftoppm`, as
/// (width, height, pixels).
fn pdf_page_grey(pdf: &std::path::Path, dpi: u32) -> anyhow::Result<(usize, usize, Vec<u8>)> {
    let stem = pdf.with_extension("");
    let status = std::process::Command::new("pdftoppm")
        .args(["-gray", "-singlefile", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(&stem)
        .status()
        .map_err(|e| anyhow::anyhow!("pdftoppm (Debian: poppler-utils): {e}"))?;
    anyhow::ensure!(status.success(), "pdftoppm failed");
    let pgm = std::fs::read(stem.with_extension("pgm"))?;
    // Binary PGM: "P5", width, height, maximum, each followed by white space.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let start = at;
        while pgm.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    anyhow::ensure!(fields[0] == "P5", "not a PGM: {}", fields[0]);
    let (w, h): (usize, usize) = (fields[1].parse()?, fields[2].parse()?);
    let pixels = pgm[at + 1..].to_vec();
    anyhow::ensure!(pixels.len() == w * h, "short PGM");
    Ok((w, h, pixels))
}

async fn a_printed_certificate_has_the_name_the_number_and_a_qr_that_verifies(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEE).await?;
    rename(&app, &me, RARE_NAME).await?;
    let (class, cert) = certified(&app, &instructor, &trainee, &me).await?;

    let path = format!("/api/v1/certificates/{}/certificate.pdf", cert.id);
    // The first print reads the font; the second is what every later one costs.
    trainee.get(&path).await?;
    let started = std::time::Instant::now();
    let response = trainee.get(&path).await?;
    let elapsed = started.elapsed();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    let pdf = response.bytes().await?;
    assert!(pdf.starts_with(b"%PDF"));
    println!(
        "one certificate: {} bytes in {elapsed:?} (request included)",
        pdf.len()
    );
    assert!(
        elapsed < std::time::Duration::from_millis(1000),
        "{elapsed:?}"
    );

    let dir = std::env::temp_dir().join(format!("cultivator-cert-{}", cert.number));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("certificate.pdf");
    std::fs::write(&file, &pdf)?;

    let text = pdf_text(&file)?;
    assert!(text.contains(RARE_NAME), "{text}");
    assert!(text.contains(&cert.number), "{text}");
    assert!(text.contains(&class.class.title), "{text}");

    let (w, h, pixels) = pdf_page_grey(&file, 300)?;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    anyhow::ensure!(grids.len() == 1, "{} QR codes found", grids.len());
    let (_, content) = grids[0].decode()?;
    assert_eq!(content, cert.verify_url);
    let keys: SigningKeys = expect_json(
        app.client()?.get(certificates::KEYS_PATH).await?,
        StatusCode::OK,
    )
    .await?;
    let fields = credential::parse(&content)?
        .verify(&certificates::keys::verifying_keys(&keys))?
        .clone();
    assert_eq!(fields.holder_name, RARE_NAME);
    let _ = std::fs::remove_dir_all(&dir);

    // The class's managers print every certificate of the class at once.
    let all = instructor
        .get(&format!(
            "/api/v1/classes/{}/certificates.pdf",
            class.class.id
        ))
        .await?;
    assert_eq!(all.status(), StatusCode::OK);
    assert!(all.bytes().await?.starts_with(b"%PDF"));
    app.stop().await
}

async fn a_rotated_key_still_verifies_what_it_signed(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEE).await?;
    let (_, other) = signed_in(&app, OTHER_TRAINEE).await?;
    let programme = demo_programme(&app.db).await?;
    let (class, sessions) = class_with_sessions(&app, &instructor, programme, None, 1).await?;
    apply(&trainee, &class).await?;
    mark(&instructor, &sessions[0], &me, AttendanceState::Present).await?;
    let before = mine(&trainee)
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no certificate"))?;

    let actor = cultivator_server::domain::audit::Actor::system("test");
    let new_key = certificates::keys::rotate(&app.db, &actor, Utc::now()).await?;
    let other_client = app.signed_in(OTHER_TRAINEE).await?;
    apply(&other_client, &class).await?;
    mark(&instructor, &sessions[0], &other, AttendanceState::Present).await?;
    let after = mine(&other_client)
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no certificate"))?;

    let keys: SigningKeys = expect_json(
        app.client()?.get(certificates::KEYS_PATH).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(keys.keys.len(), 2, "{keys:?}");
    assert_eq!(keys.keys[0].id, new_key);
    assert!(keys.keys[1].retired_at.is_some());
    let verifying = certificates::keys::verifying_keys(&keys);
    for cert in [&before, &after] {
        credential::parse(&cert.verify_url)?.verify(&verifying)?;
    }
    assert_eq!(credential::parse(&after.verify_url)?.key_id, new_key);
    assert_ne!(credential::parse(&before.verify_url)?.key_id, new_key);
    app.stop().await
}

fn put_bytes(
    client: &ApiClient,
    path: &str,
    bytes: &[u8],
) -> impl std::future::Future<Output = Result<reqwest::Response, reqwest::Error>> {
    client
        .request(Method::PUT, path)
        .header("content-type", "application/octet-stream")
        .body(bytes.to_vec())
        .send()
}

/// How many pictures a PDF holds, by poppler's `pdfimages -list`.
fn pdf_images(pdf: &std::path::Path) -> anyhow::Result<usize> {
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .map_err(|e| anyhow::anyhow!("pdfimages (Debian: poppler-utils): {e}"))?;
    anyhow::ensure!(out.status.success(), "pdfimages failed");
    // Two header lines, then one line per picture (a soft mask is one more).
    Ok(String::from_utf8(out.stdout)?
        .lines()
        .skip(2)
        .filter(|l| l.contains(" image "))
        .count())
}

async fn national_staff_design_the_certificates_and_the_next_one_carries_their_issuer(
    backend: Backend,
) -> anyhow::Result<()> {
    use cultivator_bench::certificates::{SAMPLE_LOGO, SAMPLE_SEAL};
    use cultivator_shared::api::certificates::{CertificateTemplate, CertificateTemplateView};

    let app = TestApp::spawn(backend).await?.with_demo().await?;
    // Sichuan's platform names no issuer here, so the programme decides.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared("UPDATE platforms SET issuer = '' WHERE code = 'sichuan'")
        .await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let (trainee, me) = signed_in(&app, TRAINEE).await?;
    let (before, earlier) = certified(&app, &instructor, &trainee, &me).await?;
    let programme = demo_programme(&app.db).await?;
    let programme_title = programmes::find(&app.db, programme)
        .await?
        .ok_or_else(|| anyhow::anyhow!("programme"))?
        .title;
    assert_eq!(earlier.issuer, programme_title);

    let path = format!("/api/v1/programmes/{}/certificate-template", programme.0);
    let texts = CertificateTemplate {
        issuer_zh: "四川省农业农村厅".to_owned(),
        issuer_en: "Department of Agriculture and Rural Affairs of Sichuan".to_owned(),
        heading: String::new(),
        closing: "成绩合格，准予结业。".to_owned(),
        signatory_name: "李明".to_owned(),
        signatory_title: "厅长".to_owned(),
    };

    // A coordinator of one province, or an instructor, may not.
    let province = app.signed_in(PROVINCE_COORDINATOR).await?;
    for client in [&province, &instructor] {
        expect_error(
            client.send_json(Method::PUT, &path, &texts).await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
        expect_error(
            put_bytes(client, &format!("{path}/logo"), SAMPLE_LOGO).await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
    }

    let national = app.signed_in(NATIONAL).await?;
    let saved: CertificateTemplateView = expect_json(
        national.send_json(Method::PUT, &path, &texts).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(saved.texts, texts);

    // Pictures are told by their content: not a picture, a PNG cut short,
    // a file over the size limit.
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&[0; 64]);
    let cut = &SAMPLE_SEAL[..SAMPLE_SEAL.len() / 2];
    for bad in [&gif[..], cut] {
        expect_error(
            put_bytes(&national, &format!("{path}/seal"), bad).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::CertificateImageInvalid,
        )
        .await?;
    }
    let mut huge = SAMPLE_LOGO.to_vec();
    huge.resize(600 * 1024, 0);
    expect_error(
        put_bytes(&national, &format!("{path}/logo"), &huge).await?,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::CertificateImageTooLarge,
    )
    .await?;
    for (which, bytes) in [("logo", SAMPLE_LOGO), ("seal", SAMPLE_SEAL)] {
        let _: CertificateTemplateView = expect_json(
            put_bytes(&national, &format!("{path}/{which}"), bytes).await?,
            StatusCode::OK,
        )
        .await?;
    }
    let shown: CertificateTemplateView =
        expect_json(national.get(&path).await?, StatusCode::OK).await?;
    assert!(shown.has_logo && shown.has_seal, "{shown:?}");

    // The next certificate is issued by the design's issuer and prints its
    // signatory, logo and seal; the earlier one keeps what it was signed with.
    let (other, other_me) = signed_in(&app, OTHER_TRAINEE).await?;
    let (_, next) = certified(&app, &instructor, &other, &other_me).await?;
    assert_eq!(next.issuer, "四川省农业农村厅");
    assert_signed(&app, &next).await?;
    let again = mine(&trainee).await?;
    assert_eq!(again[0].issuer, programme_title);
    assert_signed(&app, &again[0]).await?;
    let _ = before;

    let dir = std::env::temp_dir().join(format!("cultivator-design-{}", next.number));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("certificate.pdf");
    let response = other
        .get(&format!("/api/v1/certificates/{}/certificate.pdf", next.id))
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    std::fs::write(&file, response.bytes().await?)?;
    let text = pdf_text(&file)?;
    for printed in [
        "四川省农业农村厅",
        "李明",
        "成绩合格，准予结业。",
        &next.number,
    ] {
        assert!(text.contains(printed), "{printed} not in {text}");
    }
    assert!(pdf_images(&file)? >= 2, "logo and seal");

    // The sample shows the design before anything is issued with it.
    let sample = national.get(&format!("{path}/preview.pdf")).await?;
    assert_eq!(sample.status(), StatusCode::OK);
    std::fs::write(&file, sample.bytes().await?)?;
    assert!(pdf_text(&file)?.contains("四川省农业农村厅"));
    let _ = std::fs::remove_dir_all(&dir);

    let admin = app.signed_in("13800000001").await?;
    let page: Page<AuditRecordView> = expect_json(
        admin.get("/api/v1/audit?object_kind=programme").await?,
        StatusCode::OK,
    )
    .await?;
    let changes = page
        .items
        .iter()
        .filter(|r| r.action == AuditAction::CertificateTemplateChanged)
        .count();
    assert_eq!(changes, 3, "texts, logo and seal: {page:?}");
    app.stop().await
}

async fn a_class_batch_reports_progress_and_zips_one_pdf_per_valid_certificate(
    backend: Backend,
) -> anyhow::Result<()> {
    use cultivator_shared::api::certificates::{BatchState, CertificateBatchView};

    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let (instructor, _) = signed_in(&app, INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let (class, sessions) = class_with_sessions(&app, &instructor, programme, None, 1).await?;
    let mut members = Vec::new();
    for mobile in [TRAINEE, OTHER_TRAINEE, THIRD_TRAINEE] {
        let (client, me) = signed_in(&app, mobile).await?;
        apply(&client, &class).await?;
        mark(&instructor, &sessions[0], &me, AttendanceState::Present).await?;
        members.push((client, me));
    }
    // One completion withdrawn: its certificate is revoked and not printed.
    mark(
        &instructor,
        &sessions[0],
        &members[2].1,
        AttendanceState::Absent,
    )
    .await?;
    let valid: Vec<CertificateView> = expect_json(
        instructor
            .get(&format!("/api/v1/classes/{}/certificates", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let valid: Vec<_> = valid
        .into_iter()
        .filter(|c| c.status == CertificateStatus::Valid)
        .collect();
    assert_eq!(valid.len(), 2);

    let path = format!("/api/v1/classes/{}/certificate-batches", class.class.id);
    // A member of the class manages nothing.
    expect_error(
        members[0].0.post(&path, &()).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;

    let started: CertificateBatchView =
        expect_json(instructor.post(&path, &()).await?, StatusCode::ACCEPTED).await?;
    assert_eq!(started.total, 2);
    let batch = format!("{path}/{}", started.id);
    expect_error(
        members[0].0.get(&batch).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let done = loop {
        let now: CertificateBatchView =
            expect_json(instructor.get(&batch).await?, StatusCode::OK).await?;
        assert!(now.done <= now.total, "{now:?}");
        if now.state != BatchState::Running {
            break now;
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "still {now:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(done.state, BatchState::Ready, "{done:?}");
    assert_eq!((done.done, done.total), (2, 2));
    assert!(done.expires_at > Utc::now() + Duration::hours(23));

    expect_error(
        members[0]
            .0
            .get(&format!("{batch}/certificates.zip"))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let zip = instructor.get(&format!("{batch}/certificates.zip")).await?;
    assert_eq!(zip.status(), StatusCode::OK);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.bytes().await?.to_vec()))?;
    assert_eq!(archive.len(), 2);
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes)?;
        let name = entry.name()?.to_string();
        assert!(bytes.starts_with(b"%PDF"), "{name}");
        names.push(name);
    }
    for cert in &valid {
        assert!(
            names.iter().any(|n| n.starts_with(&cert.number)),
            "{} not in {names:?}",
            cert.number
        );
    }

    let pdf = instructor.get(&format!("{batch}/certificates.pdf")).await?;
    assert_eq!(pdf.status(), StatusCode::OK);
    let dir = std::env::temp_dir().join(format!("cultivator-batch-{}", valid[0].number));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("class.pdf");
    std::fs::write(&file, pdf.bytes().await?)?;
    let text = pdf_text(&file)?;
    for cert in &valid {
        assert!(text.contains(&cert.number), "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);

    // A batch whose node stopped ten minutes ago, before its files: seen as
    // failed, and printing starts again.
    use cultivator_server::db::certificate_batches;
    let now = Utc::now();
    let lost = certificate_batches::insert(
        &app.db,
        class.class.id,
        members[0].1.id.0,
        2,
        now - Duration::minutes(10),
        now + Duration::hours(1),
    )
    .await?;
    let seen: CertificateBatchView = expect_json(
        instructor.get(&format!("{path}/{}", lost.id)).await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(seen.state, BatchState::Failed, "{seen:?}");
    expect_error(
        instructor
            .get(&format!("{path}/{}/certificates.pdf", lost.id))
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::CertificateBatchNotReady,
    )
    .await?;
    // One batch of a class at a time: while another node prints one, a
    // second is refused.
    certificate_batches::insert(
        &app.db,
        class.class.id,
        members[0].1.id.0,
        2,
        now,
        now + Duration::hours(1),
    )
    .await?;
    expect_error(
        instructor.post(&path, &()).await?,
        StatusCode::CONFLICT,
        ErrorCode::CertificateBatchRunning,
    )
    .await?;

    // A day later the sweep deletes them all, files and names with them.
    let deleted = cultivator_server::domain::certificates::batch::forget_expired(
        &app.db,
        now + Duration::hours(25),
    )
    .await?;
    assert_eq!(deleted, 3);
    expect_error(
        instructor.get(&batch).await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;
    app.stop().await
}

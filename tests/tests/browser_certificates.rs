//! Certificates in a real browser on a 360 px phone screen: a trainee finds
//! their certificate in their list and downloads its PDF; signed out, the
//! QR code's link shows the online status and the signature checked in the
//! browser (against the keys the page carries, with no request); a link
//! whose signed fields were altered shows the signature invalid. Staff: an
//! instructor sees the class's certificates and prints them all in the
//! background, then downloads the batch's PDF and ZIP; a province's
//! coordinator finds a trainee's certificate in the people lookup; a national
//! coordinator sets a programme's certificate design, uploads its seal and
//! downloads a sample printed with them.

use cultivator_server::domain::certificates::credential;
use cultivator_shared::api::certificates::CertificateView;
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceState, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::MyEnrollment;
use cultivator_shared::{ClassId, EnrollmentMode};
use cultivator_tests::browser::Browser;
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::expect_json;
use cultivator_tests::{Backend, TestApp};
use reqwest::{Method, StatusCode};

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";
const NATIONAL: &str = "13800000002";
const SICHUAN: &str = "13800000003";

/// A one-session class the trainee attended: their certificate for it.
async fn certified(
    app: &TestApp,
) -> anyhow::Result<(
    cultivator_tests::client::ApiClient,
    CertificateView,
    ClassId,
)> {
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let trainee = app.client()?;
    let me = trainee
        .login_ok(
            TRAINEE,
            cultivator_server::domain::seed::demo::DEMO_PASSWORD,
        )
        .await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;
    let session = add_current_session(&instructor, class.clone()).await?;
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
    let mut certificates: Vec<CertificateView> =
        expect_json(trainee.get("/api/v1/certificates").await?, StatusCode::OK).await?;
    let certificate = certificates
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no certificate"))?;
    Ok((trainee, certificate, class.class.id))
}

fn pdf_text(bytes: &[u8]) -> anyhow::Result<String> {
    // The tests of this file run at once in one process: a directory each.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "cultivator-browser-cert-{}-{call}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("certificate.pdf");
    std::fs::write(&file, bytes)?;
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .map_err(|e| anyhow::anyhow!("pdftotext (Debian: poppler-utils): {e}"))?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(String::from_utf8(out.stdout)?)
}

/// The QR link with the signed holder's name changed, its signature kept.
fn tampered(verify_url: &str, origin: &str) -> anyhow::Result<String> {
    let parsed = credential::parse(verify_url)?;
    let signature = verify_url
        .rsplit('.')
        .next()
        .ok_or_else(|| anyhow::anyhow!("no signature in {verify_url}"))?;
    let mut fields = parsed.fields.clone();
    fields.holder_name = "李四".to_owned();
    Ok(credential::verify_url(
        origin,
        parsed.key_id,
        &fields,
        signature,
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainee_downloads_their_certificate_and_anyone_verifies_its_qr_offline()
-> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let (trainee, certificate, _) = certified(&app).await?;
    let browser = Browser::launch_phone(360, 740).await?;

    browser.sign_in(&app.base_url, TRAINEE).await?;
    browser
        .goto(&format!("{}/certificates", app.base_url))
        .await?;
    browser
        .wait_element_text("[data-test='certificate-number']", &certificate.number)
        .await?;
    let href = browser
        .wait_css("[data-test='certificate-pdf']")
        .await?
        .attr("href")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the download link has no address"))?;
    let response = trainee.get(&href).await?;
    assert_eq!(response.status(), StatusCode::OK, "{href}");
    let pdf = response.bytes().await?;
    assert!(pdf.starts_with(b"%PDF"), "{href}");
    let text = pdf_text(&pdf)?;
    assert!(text.contains(&certificate.number), "{text}");
    let (over, culprits) = browser.overflow().await?;
    assert_eq!(over, 0, "{culprits:?}");

    // Signed out, the QR code's link: the signature checks in the browser
    // and the server says the certificate stands.
    browser.client.delete_all_cookies().await?;
    browser.goto(&certificate.verify_url).await?;
    browser
        .wait_element_text("[data-test='signature-status']", "签名有效")
        .await?;
    browser
        .wait_element_text("[data-test='verify-status']", "有效")
        .await?;
    let signed = browser
        .wait_element_text("[data-test='signed-fields']", &certificate.holder_name)
        .await?;
    assert!(signed.contains(&certificate.number), "{signed}");
    let (over, culprits) = browser.overflow().await?;
    assert_eq!(over, 0, "{culprits:?}");

    // Altered after signing: the signature no longer matches.
    browser.goto("about:blank").await?;
    browser
        .goto(&tampered(&certificate.verify_url, &app.base_url)?)
        .await?;
    browser
        .wait_element_text("[data-test='signature-status']", "签名无效")
        .await?;
    assert!(
        browser
            .texts("[data-test='signed-fields']")
            .await?
            .is_empty(),
        "an altered credential's fields are not shown as signed"
    );

    browser.close().await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instructor_prints_the_class_certificates_in_the_background() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let (_, certificate, class) = certified(&app).await?;
    let browser = Browser::launch_phone(360, 740).await?;
    browser.sign_in(&app.base_url, INSTRUCTOR).await?;
    browser
        .goto(&format!("{}/teach/classes/{class}", app.base_url))
        .await?;
    browser
        .wait_element_text(
            "[data-test='class-certificate-number']",
            &certificate.number,
        )
        .await?;
    browser
        .wait_element_text("[data-test='class-certificate-status']", "有效")
        .await?;
    let (over, culprits) = browser.overflow().await?;
    assert_eq!(over, 0, "{culprits:?}");

    browser
        .wait_css("[data-test='print-certificates']")
        .await?
        .click()
        .await?;
    browser
        .wait_css("[data-test='certificate-batch'][data-state='ready']")
        .await?;
    browser
        .wait_css("[data-test='batch-pdf']")
        .await?
        .click()
        .await?;
    let pdf = browser.downloaded("certificates.pdf").await?;
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf)?;
    assert!(text.contains(&certificate.number), "{text}");
    browser
        .wait_css("[data-test='batch-zip']")
        .await?
        .click()
        .await?;
    let zip = browser.downloaded("certificates.zip").await?;
    assert!(zip.starts_with(b"PK"), "a ZIP archive");

    browser.close().await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_national_coordinator_designs_the_certificate_and_previews_it() -> anyhow::Result<()> {
    use cultivator_bench::certificates::SAMPLE_SEAL;

    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let programme = demo_programme(&app.db).await?;
    let browser = Browser::launch_phone(360, 740).await?;
    browser.sign_in(&app.base_url, NATIONAL).await?;
    browser
        .goto(&format!("{}/coord/programmes/{programme}", app.base_url))
        .await?;
    browser
        .fill("#certificate-issuer_zh", "农业农村部乡村振兴人才培训办公室")
        .await?;
    browser.fill("#certificate-signatory_name", "李明").await?;
    // Too long for one printed line: refused before sending, in Chinese.
    browser
        .fill("#certificate-heading", &"结".repeat(21))
        .await?;
    browser
        .wait_css("[data-test='save-design']")
        .await?
        .click()
        .await?;
    browser.wait_css("p.field-error:not(:empty)").await?;
    browser.fill("#certificate-heading", "结业证书").await?;
    browser
        .wait_css("[data-test='save-design']")
        .await?
        .click()
        .await?;
    browser.wait_css("[data-test='design-saved']").await?;

    let seal = std::env::temp_dir().join(format!("cultivator-seal-{}.png", std::process::id()));
    std::fs::write(&seal, SAMPLE_SEAL)?;
    browser
        .wait_css("#certificate-seal")
        .await?
        .send_keys(&seal.display().to_string())
        .await?;
    browser
        .wait_element_text(
            "[data-test='design-seal'] [data-test='image-state']",
            "已上传",
        )
        .await?;
    let _ = std::fs::remove_file(&seal);
    let (over, culprits) = browser.overflow().await?;
    assert_eq!(over, 0, "{culprits:?}");

    browser
        .wait_css("[data-test='design-preview']")
        .await?
        .click()
        .await?;
    let pdf = browser.downloaded("certificate-sample.pdf").await?;
    let text = pdf_text(&pdf)?;
    assert!(text.contains("农业农村部乡村振兴人才培训办公室"), "{text}");
    assert!(text.contains("李明"), "{text}");

    browser.close().await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_finds_a_trainees_certificate_in_the_people_lookup() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let (_, certificate, _) = certified(&app).await?;
    let browser = Browser::launch_phone(360, 740).await?;
    browser.sign_in(&app.base_url, SICHUAN).await?;
    browser
        .goto(&format!("{}/coord/people", app.base_url))
        .await?;
    browser.fill("#people-q", TRAINEE).await?;
    browser
        .wait_css("form.search button[type='submit']")
        .await?
        .click()
        .await?;
    // The page may draw its list more than once (the search's answer, the
    // signed-in user arriving): an element can go stale between finding and
    // clicking it, so the click is retried until the list is opened.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the person's certificates never opened"
        );
        let shown = browser
            .texts("[data-test='person-certificate-number']")
            .await
            .unwrap_or_default();
        if shown.iter().any(|n| n == &certificate.number) {
            break;
        }
        let one = browser
            .texts("[data-test='person']")
            .await
            .is_ok_and(|people| people.len() == 1);
        if one
            && let Ok(button) = browser
                .client
                .find(fantoccini::Locator::Css(
                    "[data-test='person'] [data-test='show-certificates']",
                ))
                .await
        {
            let _ = button.click().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    browser
        .wait_element_text(
            "[data-test='person-certificate-number']",
            &certificate.number,
        )
        .await?;
    browser
        .wait_element_text("[data-test='person-certificate-status']", "有效")
        .await?;
    let (over, culprits) = browser.overflow().await?;
    assert_eq!(over, 0, "{culprits:?}");
    browser.close().await?;
    app.stop().await
}

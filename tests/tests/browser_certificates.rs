//! Certificates in a real browser on a 360 px phone screen: a trainee finds
//! their certificate in their list and downloads its PDF; signed out, the
//! QR code's link shows the online status and the signature checked in the
//! browser (against the keys the page carries, with no request); a link
//! whose signed fields were altered shows the signature invalid.

use cultivator_server::domain::certificates::credential;
use cultivator_shared::EnrollmentMode;
use cultivator_shared::api::certificates::CertificateView;
use cultivator_shared::api::checkin::{
    AttendanceCorrection, AttendanceState, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::MyEnrollment;
use cultivator_tests::browser::Browser;
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::expect_json;
use cultivator_tests::{Backend, TestApp};
use reqwest::{Method, StatusCode};

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";

/// A one-session class the trainee attended: their certificate for it.
async fn certified(
    app: &TestApp,
) -> anyhow::Result<(cultivator_tests::client::ApiClient, CertificateView)> {
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
    Ok((trainee, certificate))
}

fn pdf_text(bytes: &[u8]) -> anyhow::Result<String> {
    let dir = std::env::temp_dir().join(format!("cultivator-browser-cert-{}", std::process::id()));
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
    let (trainee, certificate) = certified(&app).await?;
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

//! Lessons with no network, in a real browser at phone width: the trainee
//! saves courses on the phone (one with its videos, offered with their
//! size), the phone shows what it holds, and with the server gone an article
//! lesson opens with its text and a video lesson's audio rendition plays
//! from the phone; what was played then waits on the phone and is counted
//! once the server is back; clearing empties the phone again.

use cultivator_shared::api::authoring::LessonKind;
use cultivator_shared::api::learning::LessonProgressView;
use cultivator_tests::browser::{Browser, demo_app_with_media};
use cultivator_tests::classes::DEMO_TRAINEE;
use cultivator_tests::client::expect_json;
use cultivator_tests::learning::demo_lesson;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

/// The audio element's position, once it plays the saved rendition.
const AUDIO_PLAYED: &str = "const v = document.querySelector(\"[data-test='lesson-video']\");
     return v && v.currentSrc.endsWith('/media/audio') ? v.currentTime : 0;";

/// 1 once no progress report waits in the phone's outbox.
const OUTBOX_EMPTY: &str =
    "const kept = JSON.parse(localStorage.getItem('cultivator.outbox') || '[]');
     return kept.length === 0 ? 1 : 0;";

/// Entries in the service worker's saved cache.
const SAVED_ENTRIES: &str = "const done = arguments[arguments.length - 1];
     caches.open('cultivator-saved').then(c => c.keys()).then(k => done(k.length), () => done(-1));";

/// Saves the course on its page, and waits until it is saved.
async fn save_course(phone: &Browser) -> anyhow::Result<()> {
    phone.click("[data-test='save-course']").await?;
    phone
        .wait_css("[data-test='save-course']:not([disabled])")
        .await?;
    phone.wait_css("[data-test='course-saved']").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_course_opens_and_plays_with_the_server_gone() -> anyhow::Result<()> {
    let (mut app, _media) = demo_app_with_media("offline-lessons").await?;
    app.load_demo_activity().await?;
    let base = app.base_url.clone();
    let client = app.signed_in(DEMO_TRAINEE).await?;
    let (article_course, article, text) = demo_lesson(&client, LessonKind::Article).await?;
    let (audio_course, audio, _) = demo_lesson(&client, LessonKind::Video).await?;
    anyhow::ensure!(!text.is_empty(), "the article has no text to look for");
    // The lesson starts unplayed, so what is played offline is what counts.
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "DELETE FROM lesson_progress WHERE lesson_id = {audio} AND user_id = \
                 (SELECT id FROM users WHERE mobile = '{DEMO_TRAINEE}')"
            ),
        ))
        .await?;

    let phone = Browser::launch_phone(360, 740).await?;
    phone.sign_in(&base, DEMO_TRAINEE).await?;
    phone.wait_for_service_worker().await?;
    // Listening rather than watching, chosen on this phone before.
    phone
        .client
        .execute(
            "localStorage.setItem('cultivator.audio-only', '1'); return true;",
            vec![],
        )
        .await?;
    phone
        .goto(&format!("{base}/courses/{article_course}"))
        .await?;
    save_course(&phone).await?;
    // The videos only when asked, their size shown first.
    phone
        .goto(&format!("{base}/courses/{audio_course}"))
        .await?;
    let offer = phone
        .wait_css("label:has([data-test='save-videos'])")
        .await?
        .text()
        .await?;
    assert!(offer.contains("MB"), "{offer}");
    phone.click("[data-test='save-videos']").await?;
    save_course(&phone).await?;
    let total = phone
        .wait_css("[data-test='saved-total']")
        .await?
        .text()
        .await?;
    assert!(total.contains("MB"), "{total}");

    // The network goes away.
    app.go_offline().await?;
    phone
        .goto(&format!(
            "{base}/courses/{article_course}/lessons/{article}"
        ))
        .await?;
    phone
        .wait_element_text("[data-test='article']", &text)
        .await?;
    phone
        .goto(&format!("{base}/courses/{audio_course}/lessons/{audio}"))
        .await?;
    phone.wait_css("[data-test='lesson-video']").await?;
    phone.play_muted("[data-test='lesson-video']").await?;
    let played = phone.wait_number(AUDIO_PLAYED, 4.0).await?;
    // Pausing reports what was played: with no network the phone keeps it.
    phone
        .client
        .execute(
            "document.querySelector(\"[data-test='lesson-video']\").pause(); return true;",
            vec![],
        )
        .await?;
    phone
        .wait_css("[data-test='progress-kept']:not(.hidden)")
        .await?;
    let video_kept = phone
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             caches.match(arguments[0], { cacheName: 'cultivator-saved' }).then(r => done(r ? 1 : 0), () => done(-1));",
            vec![serde_json::Value::from(format!("{base}/api/v1/lessons/{audio}/media"))],
        )
        .await?;
    let keys = phone
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             caches.open('cultivator-saved').then(c => c.keys()).then(k => done(k.map(r => r.url)), () => done([]));",
            vec![],
        )
        .await?;
    assert_eq!(
        video_kept.as_i64(),
        Some(1),
        "the video was not kept: {keys}"
    );

    // The network returns: the kept reports are sent and counted.
    app.come_back().await?;
    phone.wait_number(OUTBOX_EMPTY, 1.0).await?;
    phone.wait_css("[data-test='progress-kept'].hidden").await?;
    let progress: LessonProgressView = expect_json(
        client
            .get(&format!("/api/v1/lessons/{audio}/progress"))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(
        progress.played_ms >= 3_000,
        "played {played} s offline, counted {} ms",
        progress.played_ms
    );

    // Clearing empties the phone's saved courses.
    phone
        .goto(&format!("{base}/courses/{audio_course}"))
        .await?;
    phone.click("[data-test='clear-saved']").await?;
    phone.wait_count("[data-test='saved-total']", 0).await?;
    let entries = phone.client.execute_async(SAVED_ENTRIES, vec![]).await?;
    assert_eq!(entries.as_i64(), Some(0), "saved cache after clearing");
    phone.close().await
}

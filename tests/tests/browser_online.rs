//! The online track in real browsers, in Chinese: an instructor builds a
//! course in the authoring pages (a module, a 4-second video uploaded from
//! `tests/fixtures/tiny.webm`, a question bank and a quiz) and publishes it;
//! a trainee on a 360 px phone finds it in the catalogue, enrols, plays the
//! whole video at normal speed (the server checks that against the wall
//! clock), passes the quiz, and sees the course completed and its credit
//! hours on the home page and in the ledger.

use std::time::Duration;

use cultivator_tests::browser::{Browser, PATIENCE, demo_app_with_media};
use fantoccini::Locator;

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";
const COURSE: &str = "水稻病虫害绿色防控";

/// The instructor's part; returns the course page path.
async fn author_the_course(browser: &Browser, base: &str) -> anyhow::Result<String> {
    let video = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tiny.webm");
    browser.sign_in(base, INSTRUCTOR).await?;
    browser.click("[data-test='teach-courses-link']").await?;
    browser.wait_path("/teach/courses").await?;
    browser.fill("#field-title", COURSE).await?;
    browser
        .fill(
            "#field-summary",
            "识别稻瘟病、纹枯病和稻飞虱，掌握绿色防控方法。",
        )
        .await?;
    browser.fill("#field-category", "种植技术").await?;
    browser.fill("#field-credit_hours", "2").await?;
    browser.click("[data-test='create-course']").await?;
    browser.wait_text("章节与课时").await?;
    let editor = browser.client.current_url().await?.path().to_owned();
    assert!(editor.starts_with("/teach/courses/"), "at {editor}");
    let course_path = editor.trim_start_matches("/teach");

    browser.fill("#module-title", "第一章 识别病虫害").await?;
    browser.click("[data-test='add-module']").await?;
    let form = "form[data-test='lesson-form']";
    browser
        .fill(&format!("{form} input[name='title']"), "稻瘟病的识别")
        .await?;
    browser
        .wait_css(&format!("{form} input[type='file']"))
        .await?
        .send_keys(&video.display().to_string())
        .await?;
    // The length is read from the file itself.
    let duration = browser
        .wait_css(&format!("{form} input[name='duration_secs']"))
        .await?;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while duration.prop("value").await?.as_deref() != Some("4") {
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the video's length was not read from the file"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser
        .click(&format!("{form} [data-test='add-lesson']"))
        .await?;
    browser
        .wait_element_text("[data-test='authored-lesson']", "稻瘟病的识别")
        .await?;

    // The bank: a single-choice and a true/false question.
    browser
        .fill("textarea[name='prompt']", "防治稻瘟病首选哪种做法？")
        .await?;
    browser
        .fill(
            "textarea[name='options']",
            "选用抗病品种\n大量施用氮肥\n长期深水淹灌",
        )
        .await?;
    browser.click("[data-test='correct-0']").await?;
    browser
        .fill(
            "textarea[name='explanation']",
            "抗病品种是最经济有效的措施。",
        )
        .await?;
    browser.click("[data-test='add-question']").await?;
    browser.wait_count("[data-test='bank-question']", 1).await?;
    browser.choose("#question-kind", "true_false").await?;
    browser
        .fill("textarea[name='prompt']", "稻飞虱可以用频振式杀虫灯诱杀。")
        .await?;
    browser.click("[data-test='correct-0']").await?;
    browser.click("[data-test='add-question']").await?;
    browser.wait_count("[data-test='bank-question']", 2).await?;

    browser.fill("#quiz-title", "结业测验").await?;
    browser.fill("#field-question_count", "2").await?;
    browser.fill("#field-pass_pct", "60").await?;
    browser.fill("#field-max_attempts", "3").await?;
    browser.fill("#field-time_limit_secs", "10").await?;
    // The trainee's result below shows the explanation.
    browser
        .choose("#quiz-show-answers", "after_each_attempt")
        .await?;
    browser.click("[data-test='create-quiz']").await?;
    browser
        .wait_element_text("[data-test='authored-quiz']", "结业测验")
        .await?;

    browser.click("[data-test='publish']").await?;
    browser.wait_css("[data-test='published']").await?;
    Ok(course_path.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainee_watches_a_video_passes_the_quiz_and_earns_the_credit_hours() -> anyhow::Result<()>
{
    let (app, _media) = demo_app_with_media("online").await?;
    let base = &app.base_url;

    let instructor = Browser::launch(1024, 900).await?;
    let course_path = author_the_course(&instructor, base).await?;
    instructor.close().await?;

    let trainee = Browser::launch_phone(360, 740).await?;
    trainee.sign_in(base, TRAINEE).await?;
    trainee.goto(&format!("{base}/courses")).await?;
    trainee.fill("#field-q", "稻瘟").await?;
    trainee.click("[data-test='search']").await?;
    // The demo's three published courses give way to the one that matches.
    trainee.wait_count("[data-test='course']", 1).await?;
    trainee
        .client
        .find(Locator::LinkText(COURSE))
        .await?
        .click()
        .await?;
    trainee.wait_path(&course_path).await?;
    trainee.wait_text("学时 2").await?;
    trainee.click("[data-test='enroll']").await?;
    trainee
        .wait_element_text("[data-test='course-progress']", "已完成 0%")
        .await?;

    // The video, played to its end at normal speed.
    trainee
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::LinkText("稻瘟病的识别"))
        .await?
        .click()
        .await?;
    trainee.wait_css("[data-test='watched']").await?;
    let ready = "return document.querySelector(\"[data-test='lesson-video']\").readyState";
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while trainee
        .client
        .execute(ready, vec![])
        .await?
        .as_u64()
        .unwrap_or(0)
        < 1
    {
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the video never loaded"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    trainee.play_muted("[data-test='lesson-video']").await?;
    trainee
        .wait_element_text("[data-test='lesson-status']", "本课已完成")
        .await?;
    // The last frame starts at 3.8 s: what was played is 3.8 to 4 s of 4 s,
    // over 90%; whole seconds are shown, so either figure is right.
    trainee
        .wait_element_text_any("[data-test='watched']", &["0:03 / 0:04", "0:04 / 0:04"])
        .await?;

    // The quiz: the right answers, whichever order they were drawn in.
    trainee.goto(&format!("{base}{course_path}")).await?;
    trainee
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::LinkText("结业测验"))
        .await?
        .click()
        .await?;
    trainee
        .wait_element_text("[data-test='attempts-left']", "3")
        .await?;
    trainee.click("[data-test='start-attempt']").await?;
    trainee.wait_count("[data-test='question']", 2).await?;
    for answer in ["选用抗病品种", "对"] {
        trainee
            .client
            .find(Locator::XPath(&format!(
                "//label[contains(@class,'option')][normalize-space()='{answer}']/input"
            )))
            .await?
            .click()
            .await?;
    }
    trainee.click("[data-test='submit-answers']").await?;
    let result = trainee
        .wait_element_text("[data-test='quiz-score']", "100 分")
        .await?;
    assert!(result.contains("通过"), "result: {result}");
    trainee.wait_text("抗病品种是最经济有效的措施。").await?;
    trainee
        .wait_element_text("[data-test='course-completed']", "完成本课程")
        .await?;

    // Completed, with its credit hours, on the home page and in the ledger.
    trainee.goto(&format!("{base}/")).await?;
    trainee
        .wait_element_text("[data-test='credit-total']", "学时 2")
        .await?;
    trainee
        .wait_element_text("[data-test='my-course-progress']", "已结业")
        .await?;
    trainee.goto(&format!("{base}/credits")).await?;
    let line = trainee
        .wait_element_text("[data-test='ledger-line']", COURSE)
        .await?;
    assert!(line.contains("学时 2"), "ledger line: {line}");
    // Nothing sticks out sideways on the phone (no horizontal scrolling).
    let widths = trainee
        .client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await?;
    let (scroll, viewport) = (widths[0].as_i64(), widths[1].as_i64());
    assert_eq!(viewport, Some(360), "a 360 px phone");
    assert!(
        scroll.is_some() && scroll <= viewport,
        "the ledger fits the phone's screen: scroll width {scroll:?}, viewport {viewport:?}"
    );
    trainee.close().await?;
    app.stop().await
}

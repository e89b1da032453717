//! A national coordinator sets a programme up in a real browser on a
//! phone-sized screen, in Chinese: the form starts with the five usual
//! stages, the programme is created with them, a target is set on it from
//! its page, and the audit trail shows both.

use cultivator_server::db::programmes;
use cultivator_tests::browser::Browser;
use cultivator_tests::{Backend, TestApp};
use sea_orm::{ConnectionTrait, Statement};

const NATIONAL: &str = "13800000002";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_creates_a_programme_with_five_stages_and_sets_a_target() -> anyhow::Result<()>
{
    let app = TestApp::spawn(Backend::Sqlite).await?.with_demo().await?;
    let base = &app.base_url;
    let browser = Browser::launch(360, 740).await?;
    browser.sign_in(base, NATIONAL).await?;
    browser
        .wait_css("[data-test='open-programmes']")
        .await?
        .click()
        .await?;
    browser.wait_path("/coord/programmes").await?;
    browser.wait_text("新建培训计划").await?;
    browser
        .fill("#programme-title", "乡村振兴带头人培训（2027）")
        .await?;
    browser
        .fill("#programme-code", "rural-leaders-2027")
        .await?;
    let stages = browser
        .texts("[data-test='stage-row'] [data-test='stage-title']")
        .await?;
    assert_eq!(stages.len(), 5, "the usual five stages: {stages:?}");
    browser
        .wait_css("[data-test='create-programme']")
        .await?
        .click()
        .await?;
    browser.wait_css("[data-test='set-targets']").await?;
    browser.wait_text("乡村振兴带头人培训（2027）").await?;
    let created = programmes::find_by_code(&app.db, "rural-leaders-2027")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the programme was not created"))?;
    let stored = programmes::stages_of(&app.db, cultivator_shared::ProgrammeId(created.id)).await?;
    let titles: Vec<&str> = stored.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "线上学习",
            "首次线下集中培训",
            "考察学习",
            "进阶培训",
            "成果交流"
        ]
    );
    browser
        .wait_path(&format!("/coord/programmes/{}", created.id))
        .await?;
    let listed = browser.texts("[data-test='stage']").await?;
    assert_eq!(listed.len(), 5);

    // A target for the first province, from the programme's page.
    browser
        .wait_css("[data-test='set-targets']")
        .await?
        .click()
        .await?;
    browser.wait_path("/coord/targets").await?;
    browser.fill("input[name='online']", "5000").await?;
    browser
        .wait_css("form button[type='submit']")
        .await?
        .click()
        .await?;
    // Saved: the children's sum above the table counts it.
    browser.wait_text("下级合计: 5,000").await?;
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT COUNT(*) AS n FROM targets WHERE programme_id = {} AND people = 5000",
                created.id
            ),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no count"))?;
    assert_eq!(row.try_get::<i64>("", "n")?, 1);

    // Both are in the audit trail.
    browser.goto(&format!("{base}/coord/audit")).await?;
    browser.wait_text("创建培训计划").await?;
    browser.wait_text("设定目标").await?;
    browser.close().await?;
    app.stop().await
}

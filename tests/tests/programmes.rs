//! Programmes set up by staff: created with their stages by national
//! coordinators and admins only, codes unique, stages in use retired rather
//! than deleted, the level that selects candidates taken from the stage,
//! set-up files applied idempotently, and an audit record for each change.

use chrono::NaiveDate;
use cultivator_server::db::{audit_records, users};
use cultivator_server::domain::audit::{self, Actor};
use cultivator_server::domain::programmes;
use cultivator_shared::api::Page;
use cultivator_shared::api::audit::{AuditAction, AuditObject, AuditRecordView};
use cultivator_shared::api::pathway::{ProgrammeView, StageCandidates};
use cultivator_shared::api::programmes::{
    NewProgramme, ProgrammeDetail, ProgrammeFields, StageFields, StageUpdate,
};
use cultivator_shared::{EnrollmentMode, ErrorCode, RegionLevel, Track};
use cultivator_tests::classes::{create_class, offline_class};
use cultivator_tests::client::{ApiClient, expect_error, expect_json};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};

on_both_databases!(
    national_staff_create_a_programme_with_its_stages,
    stages_in_use_are_retired_not_deleted,
    the_stage_names_the_level_that_selects,
    a_setup_file_applied_twice_changes_nothing_the_second_time,
    the_audit_trail_is_scoped_to_the_readers_region,
);

const ADMIN: &str = "13800000001";
const NATIONAL: &str = "13800000002";
const SICHUAN: &str = "13800000003";
const JINTANG: &str = "13800000004";
const INSTRUCTOR: &str = "13800000005";
const XIUYING: &str = "13800000010";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn stage(title: &str, track: Track, previous: bool, selection: bool) -> StageFields {
    StageFields {
        title: title.to_owned(),
        track,
        requires_previous: previous,
        requires_selection: selection,
        selected_by: RegionLevel::County,
    }
}

fn five_stages(code: &str) -> NewProgramme {
    let today = chrono::Utc::now().date_naive();
    NewProgramme {
        programme: ProgrammeFields {
            code: code.to_owned(),
            title: "乡村振兴带头人培训（2027）".to_owned(),
            summary: "线上学习与线下集中培训相结合。".to_owned(),
            starts_on: today,
            ends_on: today + chrono::Duration::days(365),
            owner_region: None,
        },
        stages: vec![
            stage("线上学习", Track::Online, false, false),
            stage("首次线下集中培训", Track::Offline, true, false),
            stage("考察学习", Track::Offline, true, true),
            stage("进阶培训", Track::Offline, true, true),
            stage("成果交流", Track::Offline, true, false),
        ],
    }
}

async fn create(client: &ApiClient, request: &NewProgramme) -> anyhow::Result<ProgrammeDetail> {
    expect_json(
        client.post("/api/v1/programmes", request).await?,
        StatusCode::CREATED,
    )
    .await
}

async fn records_of(app: &TestApp, action: AuditAction) -> anyhow::Result<usize> {
    let national = app.signed_in(NATIONAL).await?;
    let page: Page<AuditRecordView> = expect_json(
        national
            .get(&format!(
                "/api/v1/audit?action={}&limit=100",
                action.as_str()
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(page.items.len())
}

async fn national_staff_create_a_programme_with_its_stages(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let request = five_stages("rural-leaders-2027");
    // Only national coordinators and admins set programmes up.
    for mobile in [SICHUAN, JINTANG, INSTRUCTOR, XIUYING] {
        let client = app.signed_in(mobile).await?;
        expect_error(
            client.post("/api/v1/programmes", &request).await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
    }
    let before = audit_records::count_all(&app.db).await?;
    let national = app.signed_in(NATIONAL).await?;
    let created = create(&national, &request).await?;
    assert_eq!(audit_records::count_all(&app.db).await?, before + 1);
    let titles: Vec<&str> = created
        .stages
        .iter()
        .map(|s| s.stage.title.as_str())
        .collect();
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
    assert!(
        created
            .stages
            .windows(2)
            .all(|w| w[0].position < w[1].position)
    );
    assert!(created.stages.iter().all(|s| !s.in_use && !s.retired));
    let trail = audit_records::of_object(&app.db, AuditObject::Programme, created.id.0).await?;
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, AuditAction::ProgrammeCreated);
    assert!(trail[0].actor_roles.contains("coordinator"));

    // The code is the programme's key.
    let admin = app.signed_in(ADMIN).await?;
    expect_error(
        admin.post("/api/v1/programmes", &request).await?,
        StatusCode::CONFLICT,
        ErrorCode::ProgrammeCodeTaken,
    )
    .await?;
    // Bad fields are named, and nothing is created.
    let mut bad = five_stages("Bad Code");
    bad.programme.title = "\u{0}".to_owned();
    bad.stages[2].title = String::new();
    let body = expect_error(
        admin.post("/api/v1/programmes", &bad).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    let fields: Vec<&str> = body.fields.iter().map(|f| f.field.as_str()).collect();
    assert!(
        fields.contains(&"code") && fields.contains(&"title"),
        "{fields:?}"
    );
    assert!(fields.contains(&"stages[2].title"), "{fields:?}");
    // It is offered for new classes, and can be edited.
    let offered: Vec<ProgrammeView> =
        expect_json(national.get("/api/v1/programmes").await?, StatusCode::OK).await?;
    assert!(
        offered
            .iter()
            .any(|p| p.id == created.id && p.stages.len() == 5)
    );
    let mut fields = created.programme.clone();
    fields.title = "乡村振兴带头人培训（2027年度）".to_owned();
    fields.ends_on = date(2020, 1, 1);
    expect_error(
        national
            .send_json(
                Method::PUT,
                &format!("/api/v1/programmes/{}", created.id),
                &fields,
            )
            .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    fields.ends_on = created.programme.ends_on;
    let edited: ProgrammeDetail = expect_json(
        national
            .send_json(
                Method::PUT,
                &format!("/api/v1/programmes/{}", created.id),
                &fields,
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(edited.programme.title, "乡村振兴带头人培训（2027年度）");
    let trail = audit_records::of_object(&app.db, AuditObject::Programme, created.id.0).await?;
    assert_eq!(trail.len(), 2);
    assert_eq!(trail[1].action, AuditAction::ProgrammeChanged);
    assert!(
        trail[1]
            .before
            .as_deref()
            .is_some_and(|b| b.contains("（2027）"))
    );
    app.stop().await
}

async fn stages_in_use_are_retired_not_deleted(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let national = app.signed_in(NATIONAL).await?;
    let created = create(&national, &five_stages("in-use")).await?;
    let first = created.stages[1].id;
    let last = created.stages[4].id;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let mut request = offline_class(created.id, 30, EnrollmentMode::Open);
    request.stage_id = Some(first);
    create_class(&instructor, &request).await?;
    let stage_path = |s| format!("/api/v1/programmes/{}/stages/{s}", created.id);

    let detail: ProgrammeDetail = expect_json(
        national
            .get(&format!("/api/v1/programmes/{}", created.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(detail.stages[1].in_use && !detail.stages[4].in_use);
    expect_error(
        national
            .request(Method::DELETE, &stage_path(first))
            .send()
            .await?,
        StatusCode::CONFLICT,
        ErrorCode::StageInUse,
    )
    .await?;
    // Retired: kept with its class, offered for no new one.
    let retire = StageUpdate {
        stage: detail.stages[1].stage.clone(),
        retired: true,
    };
    let retired: ProgrammeDetail = expect_json(
        national
            .send_json(Method::PUT, &stage_path(first), &retire)
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert!(retired.stages[1].retired);
    let offered: Vec<ProgrammeView> =
        expect_json(instructor.get("/api/v1/programmes").await?, StatusCode::OK).await?;
    let ours = offered
        .iter()
        .find(|p| p.id == created.id)
        .ok_or_else(|| anyhow::anyhow!("programme not offered"))?;
    assert!(ours.stages.iter().all(|s| s.id != first));
    expect_error(
        instructor.post("/api/v1/classes", &request).await?,
        StatusCode::CONFLICT,
        ErrorCode::StageRetired,
    )
    .await?;
    // A stage nothing refers to goes; a new one comes at the end.
    let after: ProgrammeDetail = expect_json(
        national
            .request(Method::DELETE, &stage_path(last))
            .send()
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(after.stages.len(), 4);
    let added: ProgrammeDetail = expect_json(
        national
            .post(
                &format!("/api/v1/programmes/{}/stages", created.id),
                &stage("成果交流与评优", Track::Offline, true, false),
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let newest = added
        .stages
        .last()
        .ok_or_else(|| anyhow::anyhow!("no stage"))?;
    assert_eq!(newest.stage.title, "成果交流与评优");
    assert!(newest.position > added.stages[3].position);
    // Another programme's stage is not this one's.
    let other = create(&national, &five_stages("other-one")).await?;
    let foreign = format!(
        "/api/v1/programmes/{}/stages/{}",
        created.id, other.stages[0].id
    );
    let response = national.request(Method::DELETE, &foreign).send().await?;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Province coordinators cannot change stages.
    let sichuan = app.signed_in(SICHUAN).await?;
    expect_error(
        sichuan
            .send_json(Method::PUT, &stage_path(first), &retire)
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    assert_eq!(records_of(&app, AuditAction::StageChanged).await?, 1);
    assert_eq!(records_of(&app, AuditAction::StageDeleted).await?, 1);
    assert_eq!(records_of(&app, AuditAction::StageAdded).await?, 1);
    app.stop().await
}

async fn the_stage_names_the_level_that_selects(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let national = app.signed_in(NATIONAL).await?;
    let mut request = five_stages("selection-level");
    request.stages.truncate(2);
    request.stages[1].requires_previous = false;
    request.stages[1].requires_selection = true;
    request.stages[1].selected_by = RegionLevel::Province;
    let created = create(&national, &request).await?;
    let gated = created.stages[1].id;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let mut class = offline_class(created.id, 30, EnrollmentMode::Open);
    class.stage_id = Some(gated);
    let class = create_class(&instructor, &class).await?;
    let xiuying = users::find_by_mobile(&app.db, XIUYING)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo trainee"))?
        .id;
    let select = format!("/api/v1/classes/{}/candidates/{xiuying}", class.class.id);
    let list = format!("/api/v1/classes/{}/candidates", class.class.id);

    // The province selects for this stage: Jintang's county coordinator may not.
    let jintang = app.signed_in(JINTANG).await?;
    let seen: StageCandidates = expect_json(jintang.get(&list).await?, StatusCode::OK).await?;
    assert!(!seen.may_select);
    expect_error(
        jintang.send_json(Method::PUT, &select, &()).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let sichuan = app.signed_in(SICHUAN).await?;
    let seen: StageCandidates = expect_json(sichuan.get(&list).await?, StatusCode::OK).await?;
    assert!(seen.may_select);
    let done = sichuan.send_json(Method::PUT, &select, &()).await?;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    let trail = audit_records::of_object(&app.db, AuditObject::User, xiuying).await?;
    assert!(
        trail
            .iter()
            .any(|r| r.action == AuditAction::CandidateSelected)
    );

    // Back to the county: now Jintang may undo it.
    let back = StageUpdate {
        stage: StageFields {
            selected_by: RegionLevel::County,
            ..created.stages[1].stage.clone()
        },
        retired: false,
    };
    let path = format!("/api/v1/programmes/{}/stages/{gated}", created.id);
    let response = national.send_json(Method::PUT, &path, &back).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let undo = jintang.request(Method::DELETE, &select).send().await?;
    assert_eq!(undo.status(), StatusCode::NO_CONTENT);
    app.stop().await
}

async fn a_setup_file_applied_twice_changes_nothing_the_second_time(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/programme.example.toml"
    );
    let text = std::fs::read_to_string(path)?;
    let file = programmes::parse_file(&text)?;
    let actor = Actor::system("command line");
    let now = chrono::Utc::now();
    let first = programmes::apply(&app.db, &actor, &file, now).await?;
    assert!(first.created);
    let records = audit_records::count_all(&app.db).await?;
    let again = programmes::apply(&app.db, &actor, &file, now).await?;
    assert!(!again.created);
    assert_eq!((again.programme, again.changes), (first.programme, 0));
    assert_eq!(audit_records::count_all(&app.db).await?, records);

    // A changed title and one more stage: two changes, two records.
    let mut changed = file.clone();
    changed.programme.title.push_str("（修订）");
    changed
        .stages
        .push(stage("回访", Track::Offline, true, false));
    let third = programmes::apply(&app.db, &actor, &changed, now).await?;
    assert_eq!(third.changes, 2);
    assert_eq!(audit_records::count_all(&app.db).await?, records + 2);
    // A file with fewer stages leaves the rest, and says so.
    let fewer = programmes::apply(&app.db, &actor, &file, now).await?;
    assert_eq!(fewer.stages_not_in_file, ["回访"]);
    let detail = programmes::detail(&app.db, first.programme).await?;
    assert_eq!(detail.stages.len(), 6);
    assert_eq!(detail.stages[3].stage.selected_by, RegionLevel::Prefecture);
    app.stop().await
}

async fn audit_page(client: &ApiClient, query: &str) -> anyhow::Result<Page<AuditRecordView>> {
    let response = client.get(&format!("/api/v1/audit?{query}")).await?;
    expect_json(response, StatusCode::OK).await
}

async fn the_audit_trail_is_scoped_to_the_readers_region(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let national = app.signed_in(NATIONAL).await?;
    let created = create(&national, &five_stages("scoped-trail")).await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let mut jintang_class = offline_class(created.id, 30, EnrollmentMode::Open);
    jintang_class.title = "=HYPERLINK(\"http://x\")".to_owned();
    let class = create_class(&instructor, &jintang_class).await?;

    // The county coordinator sees the class made in the county, not the
    // national programme.
    let county = audit_page(&app.signed_in(JINTANG).await?, "limit=100").await?;
    assert!(
        county
            .items
            .iter()
            .any(|r| r.action == AuditAction::ClassCreated
                && r.object_id == class.class.id.0
                && r.region.as_deref() == Some("510121"))
    );
    assert!(
        county
            .items
            .iter()
            .all(|r| r.region.as_deref().is_some_and(|c| c.starts_with("510121")))
    );
    let all = audit_page(&national, "limit=100").await?;
    assert!(
        all.items
            .iter()
            .any(|r| r.action == AuditAction::ProgrammeCreated)
    );
    assert!(all.total > county.total);
    let filtered = audit_page(&national, "action=class_created&object_kind=class").await?;
    assert!(
        filtered
            .items
            .iter()
            .all(|r| r.action == AuditAction::ClassCreated)
    );
    assert!(!filtered.items.is_empty());
    // Trainees and instructors read no trail.
    for mobile in [XIUYING, INSTRUCTOR] {
        let client = app.signed_in(mobile).await?;
        expect_error(
            client.get("/api/v1/audit").await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
    }
    // Bad filters are refused as such.
    let response = national
        .get("/api/v1/audit?action=delete_everything")
        .await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // The export neutralises cells that a spreadsheet would run.
    let formula = Actor::system("=cmd|' /C calc'!A0");
    let entry = audit::Entry::new(
        AuditAction::ClassChanged,
        AuditObject::Class,
        class.class.id.0,
    )
    .in_region(Some(&cultivator_shared::RegionCode::parse("510121")?));
    audit::record(&app.db, &formula, entry, chrono::Utc::now()).await?;
    let csv = national.get("/api/v1/audit.csv?object_kind=class").await?;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await?;
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert!(reader.headers()?.iter().any(|h| h == "actor_roles"));
    let mut rows = 0;
    for row in reader.records() {
        let row = row?;
        rows += 1;
        assert!(
            row.iter()
                .all(|cell| !cell.starts_with(['=', '+', '-', '@'])),
            "{row:?}"
        );
        if row.iter().any(|cell| cell.contains("cmd|")) {
            assert!(row.iter().any(|cell| cell.starts_with("'=cmd|")), "{row:?}");
        }
    }
    assert!(rows >= 2);
    // Nothing in the API changes a record.
    for method in [Method::PUT, Method::DELETE, Method::PATCH] {
        let response = national.request(method, "/api/v1/audit").send().await?;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
    app.stop().await
}

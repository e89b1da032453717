//! Accounts run by their owners and by staff: changing a password, accounts
//! that must set their own password, reset codes, renaming, moving home,
//! "download my data" and deleting an account; each privileged change
//! leaving exactly one audit record.

use chrono::{Duration, Utc};
use cultivator_server::db::{self, classes, password_reset_codes, users};
use cultivator_server::domain::completion;
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::Page;
use cultivator_shared::api::admin::{
    CreatedAccount, NewAccountRequest, PersonSummary, ResetCodeIssued, SetRegionRequest,
};
use cultivator_shared::api::audit::{AuditAction, AuditRecordView};
use cultivator_shared::api::auth::{
    ChangePasswordRequest, DeleteAccountRequest, RenameRequest, ResetWithCodeRequest, UserView,
};
use cultivator_shared::api::coordination::Dashboard;
use cultivator_shared::api::notifications::{NotificationKind, NotificationView};
use cultivator_shared::api::personal_data::PersonalData;
use cultivator_shared::api::rosters::{RosterProblemCode, RosterRejection};
use cultivator_shared::{EnrollmentId, EnrollmentMode, ErrorCode};
use cultivator_tests::classes::{create_class, demo_programme, offline_class};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases, rosters};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

on_both_databases!(
    changing_a_password_needs_the_current_one_and_ends_every_other_session,
    an_account_made_by_an_admin_must_set_its_own_password_first,
    accounts_made_from_a_file_get_one_time_passwords_once,
    a_reset_code_works_once_and_expires,
    only_staff_over_the_persons_region_issue_reset_codes,
    coordinators_find_people_in_their_region_with_numbers_masked,
    a_name_change_keeps_its_reason_and_staff_move_homes_in_their_region,
    deleting_an_account_erases_the_person_but_not_the_dashboard_counts,
);

const ADMIN: &str = "13800000001";
const NATIONAL: &str = "13800000002";
const COUNTY: &str = "13800000004";
const TRAINEE: &str = "13800000010";

async fn demo(backend: Backend) -> anyhow::Result<TestApp> {
    TestApp::spawn(backend).await?.with_demo().await
}

async fn user_id(app: &TestApp, mobile: &str) -> anyhow::Result<i64> {
    Ok(users::find_by_mobile(&app.db, mobile)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account {mobile}"))?
        .id)
}

/// The audit records of `action` about user `id`, as the admin lists them.
async fn audited(
    admin: &ApiClient,
    action: AuditAction,
    id: i64,
) -> anyhow::Result<Vec<AuditRecordView>> {
    let page: Page<AuditRecordView> = expect_json(
        admin
            .get(&format!(
                "/api/v1/audit?action={}&object_kind=user&object_id={id}",
                action.as_str()
            ))
            .await?,
        StatusCode::OK,
    )
    .await?;
    Ok(page.items)
}

async fn change_password(
    client: &ApiClient,
    current: &str,
    new: &str,
) -> anyhow::Result<reqwest::Response> {
    client
        .send_json(
            Method::PUT,
            "/api/v1/auth/password",
            &ChangePasswordRequest {
                current_password: current.into(),
                new_password: new.into(),
            },
        )
        .await
}

async fn reset_with(
    client: &ApiClient,
    mobile: &str,
    code: &str,
    new: &str,
) -> anyhow::Result<reqwest::Response> {
    client
        .post(
            "/api/v1/auth/password-reset",
            &ResetWithCodeRequest {
                mobile: mobile.into(),
                code: code.into(),
                new_password: new.into(),
            },
        )
        .await
}

async fn changing_a_password_needs_the_current_one_and_ends_every_other_session(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo(backend).await?;
    let admin = app.signed_in(ADMIN).await?;
    let phone = app.signed_in(TRAINEE).await?;
    let laptop = app.signed_in(TRAINEE).await?;
    let id = user_id(&app, TRAINEE).await?;

    expect_error(
        change_password(&phone, "wrong2026", "newharvest27").await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
    )
    .await?;
    expect_error(
        change_password(&phone, DEMO_PASSWORD, "short").await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    assert!(
        audited(&admin, AuditAction::PasswordChanged, id)
            .await?
            .is_empty()
    );

    let me: UserView = expect_json(
        change_password(&phone, DEMO_PASSWORD, "newharvest27").await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(me.id.0, id);
    // This session lives on; the other one ended.
    expect_json::<UserView>(phone.me().await?, StatusCode::OK).await?;
    expect_error(
        laptop.me().await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;

    let again = app.client()?;
    expect_error(
        again.login(TRAINEE, DEMO_PASSWORD).await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
    )
    .await?;
    again.login_ok(TRAINEE, "newharvest27").await?;
    assert_eq!(
        audited(&admin, AuditAction::PasswordChanged, id)
            .await?
            .len(),
        1
    );
    app.stop().await
}

async fn an_account_made_by_an_admin_must_set_its_own_password_first(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo(backend).await?;
    let admin = app.signed_in(ADMIN).await?;
    let request = NewAccountRequest {
        name: "新学员".into(),
        mobile: "139 0000 7777".into(),
        region_code: "510121100201".into(),
    };
    // Only admins create accounts.
    let county = app.signed_in(COUNTY).await?;
    expect_error(
        county.post("/api/v1/admin/users", &request).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let created: CreatedAccount = expect_json(
        admin.post("/api/v1/admin/users", &request).await?,
        StatusCode::CREATED,
    )
    .await?;
    assert!(created.user.must_change_password);
    assert_eq!(created.user.mobile, "13900007777");
    expect_error(
        admin.post("/api/v1/admin/users", &request).await?,
        StatusCode::CONFLICT,
        ErrorCode::MobileTaken,
    )
    .await?;
    let id = created.user.id.0;
    assert_eq!(
        audited(&admin, AuditAction::AccountCreated, id)
            .await?
            .len(),
        1
    );

    // Signing in works and says a password must be set; nothing else answers.
    let person = app.client()?;
    let signed_in = person
        .login_ok("13900007777", &created.one_time_password)
        .await?;
    assert!(signed_in.must_change_password);
    let me: UserView = expect_json(person.me().await?, StatusCode::OK).await?;
    assert!(me.must_change_password);
    for path in [
        "/api/v1/me/credits",
        "/api/v1/me/courses",
        "/api/v1/classes/near-me",
    ] {
        expect_error(
            person.get(path).await?,
            StatusCode::FORBIDDEN,
            ErrorCode::PasswordChangeRequired,
        )
        .await?;
    }

    let me: UserView = expect_json(
        change_password(&person, &created.one_time_password, "ownharvest27").await?,
        StatusCode::OK,
    )
    .await?;
    assert!(!me.must_change_password);
    expect_json::<serde_json::Value>(person.get("/api/v1/me/credits").await?, StatusCode::OK)
        .await?;
    app.client()?
        .login_ok("13900007777", "ownharvest27")
        .await?;
    app.stop().await
}

async fn accounts_made_from_a_file_get_one_time_passwords_once(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo(backend).await?;
    let admin = app.signed_in(ADMIN).await?;
    let upload = |file: Vec<u8>| {
        admin
            .request(Method::POST, "/api/v1/admin/users/import")
            .header("content-type", "application/octet-stream")
            .body(file)
            .send()
    };
    let file = rosters::csv(&[
        ["批量甲", "13900008881", "510121100201", ""],
        ["批量乙", "13900008882", "510121100202", ""],
    ]);
    let response = upload(file.clone()).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let sheet = response.text().await?;
    let mut reader = csv::Reader::from_reader(sheet.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let (mobile, password) = (row.get(1).unwrap_or(""), row.get(2).unwrap_or(""));
        let person = app.client()?;
        assert!(
            person
                .login_ok(mobile, password)
                .await?
                .must_change_password
        );
        let id = user_id(&app, mobile).await?;
        assert_eq!(
            audited(&admin, AuditAction::AccountCreated, id)
                .await?
                .len(),
            1
        );
    }

    // The same file again: both numbers are registered, nothing is created.
    let mut again = file;
    again.extend_from_slice("批量丙,13900008883,510121100201,\n".as_bytes());
    let rejected: RosterRejection =
        expect_json(upload(again).await?, StatusCode::UNPROCESSABLE_ENTITY).await?;
    let codes: Vec<RosterProblemCode> = rejected.problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, [RosterProblemCode::MobileRegistered; 2]);
    assert!(
        users::find_by_mobile(&app.db, "13900008883")
            .await?
            .is_none()
    );

    // A roster import's new accounts must set their own password too.
    let instructor = app.signed_in("13800000005").await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;
    let import = rosters::upload(
        &instructor,
        class.class.id,
        rosters::csv(&[["名单新人", "13900008884", "510121100201", ""]]),
    )
    .await?;
    let job = expect_json(import, StatusCode::ACCEPTED).await?;
    rosters::wait_for(&instructor, &job).await?;
    let imported = users::find_by_mobile(&app.db, "13900008884")
        .await?
        .ok_or_else(|| anyhow::anyhow!("not imported"))?;
    assert!(imported.must_change_password);
    app.stop().await
}

async fn issue_code(staff: &ApiClient, id: i64) -> anyhow::Result<ResetCodeIssued> {
    expect_json(
        staff
            .post(&format!("/api/v1/users/{id}/password-reset"), &())
            .await?,
        StatusCode::CREATED,
    )
    .await
}

async fn a_reset_code_works_once_and_expires(backend: Backend) -> anyhow::Result<()> {
    let app = demo(backend).await?;
    let admin = app.signed_in(ADMIN).await?;
    let county = app.signed_in(COUNTY).await?;
    let old_session = app.signed_in(TRAINEE).await?;
    let id = user_id(&app, TRAINEE).await?;
    let anyone = app.client()?;

    let issued = issue_code(&county, id).await?;
    assert_eq!(issued.code.len(), 8);
    assert!(issued.expires_at > Utc::now() + Duration::minutes(25));
    assert_eq!(
        audited(&admin, AuditAction::PasswordReset, id).await?.len(),
        1
    );
    // The person is told a reset was issued, and never told the code.
    let notices = old_session.get("/api/v1/notifications").await?;
    let notices = expect_json::<Page<NotificationView>>(notices, StatusCode::OK).await?;
    let told: Vec<_> = notices
        .items
        .iter()
        .filter(|n| n.kind == NotificationKind::PasswordReset)
        .collect();
    assert_eq!(told.len(), 1);
    let raw = old_session
        .get("/api/v1/notifications")
        .await?
        .text()
        .await?;
    assert!(!raw.contains(&issued.code));

    let wrong = if issued.code.starts_with('A') {
        "BBBBBBBB"
    } else {
        "AAAAAAAA"
    };
    expect_error(
        reset_with(&anyone, TRAINEE, wrong, "resetharvest1").await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidResetCode,
    )
    .await?;
    // Typed as read out over the phone: lower case, with a dash.
    let typed = format!("{}-{}", &issued.code[..4], &issued.code[4..]).to_lowercase();
    let used = reset_with(&anyone, "138 0000 0010", &typed, "resetharvest1").await?;
    assert_eq!(used.status(), StatusCode::NO_CONTENT);
    expect_error(
        old_session.me().await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    app.client()?.login_ok(TRAINEE, "resetharvest1").await?;
    assert_eq!(
        audited(&admin, AuditAction::ResetCodeUsed, id).await?.len(),
        1
    );

    // Used once: the same code again is refused.
    expect_error(
        reset_with(&anyone, TRAINEE, &issued.code, "resetharvest2").await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidResetCode,
    )
    .await?;

    // A code past its time is refused, and changes nothing.
    let late = issue_code(&admin, id).await?;
    password_reset_codes::Entity::update_many()
        .col_expr(
            password_reset_codes::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .filter(password_reset_codes::Column::UserId.eq(id))
        .exec(&app.db)
        .await?;
    expect_error(
        reset_with(&anyone, TRAINEE, &late.code, "resetharvest3").await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidResetCode,
    )
    .await?;
    app.client()?.login_ok(TRAINEE, "resetharvest1").await?;

    // A new code withdraws the one before it.
    let first = issue_code(&admin, id).await?;
    let second = issue_code(&admin, id).await?;
    expect_error(
        reset_with(&anyone, TRAINEE, &first.code, "resetharvest4").await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidResetCode,
    )
    .await?;
    let used = reset_with(&anyone, TRAINEE, &second.code, "resetharvest4").await?;
    assert_eq!(used.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        audited(&admin, AuditAction::PasswordReset, id).await?.len(),
        4
    );
    assert_eq!(
        audited(&admin, AuditAction::ResetCodeUsed, id).await?.len(),
        2
    );
    app.stop().await
}

async fn only_staff_over_the_persons_region_issue_reset_codes(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo(backend).await?;
    let trainee = user_id(&app, TRAINEE).await?;
    let admin_id = user_id(&app, ADMIN).await?;
    // 13800000013 is a Jintang coordinator's neighbour: Pingwu (510623) trainee.
    let elsewhere = user_id(&app, "13800000013").await?;
    let county = app.signed_in(COUNTY).await?;
    let national = app.signed_in(NATIONAL).await?;
    let instructor = app.signed_in("13800000005").await?;
    let other_trainee = app.signed_in("13800000011").await?;

    issue_code(&county, trainee).await?;
    issue_code(&national, elsewhere).await?;
    for (who, target) in [
        (&county, elsewhere),
        (&county, admin_id),
        (&national, admin_id),
        (&instructor, trainee),
        (&other_trainee, trainee),
    ] {
        expect_error(
            who.post(&format!("/api/v1/users/{target}/password-reset"), &())
                .await?,
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
        )
        .await?;
    }
    app.stop().await
}

async fn find(client: &ApiClient, q: &str) -> anyhow::Result<Page<PersonSummary>> {
    expect_json(
        client.get(&format!("/api/v1/users?q={q}")).await?,
        StatusCode::OK,
    )
    .await
}

async fn coordinators_find_people_in_their_region_with_numbers_masked(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo(backend).await?;
    let county = app.signed_in(COUNTY).await?;
    let everyone = find(&county, "").await?;
    assert!(everyone.total > 0);
    for person in &everyone.items {
        let home = person.region_path.last().map(|r| r.code.to_string());
        assert!(home.is_some_and(|h| h.starts_with("510121")), "{person:?}");
        assert!(person.mobile.contains("****"), "{person:?}");
    }
    let trainee = find(&county, TRAINEE).await?;
    assert_eq!(trainee.total, 1);
    assert_eq!(trainee.items[0].mobile, "138****0010");
    assert!(trainee.items[0].may_reset_password);
    // A trainee of the neighbouring county is not found, even by number;
    // the coordinator themself is, but not for a reset.
    assert_eq!(find(&county, "13800000013").await?.total, 0);
    let own = find(&county, COUNTY).await?;
    assert_eq!(own.total, 1);
    assert!(!own.items[0].may_reset_password);
    // A part of a number finds nothing: it would reveal masked digits.
    assert_eq!(find(&county, "0000001").await?.total, 0);

    let admin = app.signed_in(ADMIN).await?;
    assert_eq!(find(&admin, TRAINEE).await?.items[0].mobile, TRAINEE);
    let other = app.signed_in("13800000011").await?;
    expect_error(
        other.get("/api/v1/users").await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

async fn a_name_change_keeps_its_reason_and_staff_move_homes_in_their_region(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo(backend).await?;
    let admin = app.signed_in(ADMIN).await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let id = user_id(&app, TRAINEE).await?;

    expect_error(
        trainee
            .send_json(
                Method::PUT,
                "/api/v1/auth/me/name",
                &RenameRequest {
                    name: "张秀玲".into(),
                    reason: " ".into(),
                },
            )
            .await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    let me: UserView = expect_json(
        trainee
            .send_json(
                Method::PUT,
                "/api/v1/auth/me/name",
                &RenameRequest {
                    name: "张秀玲".into(),
                    reason: "身份证姓名更正".into(),
                },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(me.name, "张秀玲");
    let records = audited(&admin, AuditAction::ProfileChanged, id).await?;
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert!(record.before.as_deref().unwrap_or("").contains("张秀英"));
    let after = record.after.as_deref().unwrap_or("");
    assert!(
        after.contains("张秀玲") && after.contains("身份证姓名更正"),
        "{after}"
    );

    // A person cannot move their own home; their county's coordinator can,
    // within the county; a neighbouring county's cannot.
    let to_village = |code: &str| SetRegionRequest {
        region_code: code.into(),
    };
    let path = format!("/api/v1/users/{id}/region");
    expect_error(
        trainee
            .send_json(Method::PUT, &path, &to_village("510121100202"))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let county = app.signed_in(COUNTY).await?;
    expect_error(
        county
            .send_json(Method::PUT, &path, &to_village("510623100201"))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let moved: UserView = expect_json(
        county
            .send_json(Method::PUT, &path, &to_village("510121100202"))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        moved.region_path.last().map(|r| r.code.to_string()),
        Some("510121100202".to_owned())
    );
    assert_eq!(
        audited(&admin, AuditAction::RegionChanged, id).await?.len(),
        1
    );
    app.stop().await
}

async fn complete_every_enrolment(app: &TestApp) -> anyhow::Result<()> {
    let txn = db::begin_write(&app.db).await?;
    for e in classes::enrollments::Entity::find().all(&txn).await? {
        completion::complete_enrollment(&txn, EnrollmentId(e.id), Utc::now()).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn dashboards(national: &ApiClient) -> anyhow::Result<Vec<Dashboard>> {
    let mut boards = Vec::new();
    for query in ["", "?region=51", "?region=510121", "?region=510121100"] {
        boards.push(
            expect_json(
                national
                    .get(&format!("/api/v1/coordination/dashboard{query}"))
                    .await?,
                StatusCode::OK,
            )
            .await?,
        );
    }
    Ok(boards)
}

async fn deleting_an_account_erases_the_person_but_not_the_dashboard_counts(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = demo(backend).await?;
    complete_every_enrolment(&app).await?;
    let admin = app.signed_in(ADMIN).await?;
    let national = app.signed_in(NATIONAL).await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let id = user_id(&app, TRAINEE).await?;
    let before = dashboards(&national).await?;
    assert!(before[0].offline.trained > 0);

    // Download my data, as JSON and as CSV.
    let data: PersonalData = expect_json(
        trainee.get("/api/v1/auth/me/data.json").await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(data.account.mobile, TRAINEE);
    assert!(!data.enrolments.is_empty());
    assert!(!data.certificates.is_empty());
    let csv = trainee.get("/api/v1/auth/me/data.csv").await?;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await?;
    for section in [
        "# account",
        "# enrolments",
        "# attendance",
        "# progress",
        "# credits",
        "# certificates",
    ] {
        assert!(csv.contains(section), "{section} missing");
    }
    assert!(csv.contains(TRAINEE));

    let delete = |password: &str| {
        let request = DeleteAccountRequest {
            password: password.into(),
        };
        let trainee = &trainee;
        async move { trainee.post("/api/v1/auth/me/delete", &request).await }
    };
    expect_error(
        delete("wrong2026").await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
    )
    .await?;
    assert_eq!(
        delete(DEMO_PASSWORD).await?.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        trainee.me().await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;
    expect_error(
        app.client()?.login(TRAINEE, DEMO_PASSWORD).await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
    )
    .await?;

    // The person is gone: no name, number or role is left.
    let row = users::find(&app.db, cultivator_shared::UserId(id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("the row stays, anonymous"))?;
    assert_ne!(row.name, "张秀英");
    assert!(!row.mobile.contains("13800000010"));
    assert!(
        users::roles_of(&app.db, cultivator_shared::UserId(id))
            .await?
            .is_empty()
    );
    let found: Page<UserView> = expect_json(
        admin.get("/api/v1/admin/users?q=张秀英").await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(found.total, 0);
    assert_eq!(
        audited(&admin, AuditAction::AccountDeleted, id)
            .await?
            .len(),
        1
    );

    // Every count stays where it was.
    assert_eq!(dashboards(&national).await?, before);
    app.stop().await
}

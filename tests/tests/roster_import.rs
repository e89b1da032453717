//! Roster import: a file with any bad row imports nothing and reports every
//! problem; a good file (10,000 rows) imports completely in the background,
//! matching existing accounts by mobile number and creating the rest with a
//! one-time password sheet that can be downloaded once; imports never
//! over-fill a class. Also the XLSX exports.
//!
//! Prints how long the 10,000-row import took on each database (see it with
//! `cargo test -p cultivator-tests --test roster_import -- --nocapture`).

use std::io::Cursor;
use std::time::Instant;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use cultivator_server::db::classes::enrollments;
use cultivator_server::db::users;
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::auth::LoginRequest;
use cultivator_shared::api::classes::{MyEnrollment, RosterEntry};
use cultivator_shared::api::rosters::{
    RosterColumn, RosterImportJob, RosterImportState, RosterProblemCode, RosterRejection,
};
use cultivator_shared::{
    CSRF_HEADER, CSRF_HEADER_VALUE, EnrollmentMode, EnrollmentStatus, ErrorCode,
};
use cultivator_tests::classes::{create_class, demo_programme, offline_class};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::rosters::{csv, upload, wait_for, xlsx};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

on_both_databases!(
    a_file_with_bad_rows_imports_nothing_and_reports_every_problem,
    a_good_ten_thousand_row_file_imports_completely,
    an_import_enrols_directly_but_never_over_fills_the_class,
    the_roster_and_attendance_sheet_download_as_xlsx,
    a_sheet_with_a_far_cell_or_a_zip_bomb_is_refused_quickly,
);

const INSTRUCTOR: &str = "13800000005";
const TRAINEE: &str = "13800000010";

async fn a_file_with_bad_rows_imports_nothing_and_reports_every_problem(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;
    let rows = [
        ["王建国", "13912340001", "510121100201", "乡村治理骨干"],
        ["", "13912340002", "510121100201", ""],
        ["李四", "12345", "510121100201", ""],
        ["赵六", "13912340001", "999999", ""],
        ["钱七", "13912340005", "51x", "farmer"],
        ["孙八", "13912340006", "510121", "agri_business"],
    ];
    let expected = [
        (3, RosterColumn::Name, RosterProblemCode::Required),
        (4, RosterColumn::Mobile, RosterProblemCode::InvalidMobile),
        (5, RosterColumn::Mobile, RosterProblemCode::DuplicateMobile),
        (
            5,
            RosterColumn::RegionCode,
            RosterProblemCode::UnknownRegion,
        ),
        (
            6,
            RosterColumn::RegionCode,
            RosterProblemCode::InvalidRegionCode,
        ),
        (
            6,
            RosterColumn::Category,
            RosterProblemCode::UnknownCategory,
        ),
    ];
    for file in [csv(&rows), xlsx(&rows)?] {
        let rejection: RosterRejection = expect_json(
            upload(&instructor, class.class.id, file).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await?;
        assert_eq!(rejection.code, ErrorCode::RosterInvalid);
        assert_eq!(rejection.rows, 6);
        let found: Vec<_> = rejection
            .problems
            .iter()
            .map(|p| (p.row, p.column, p.code))
            .collect();
        assert_eq!(found, expected);
    }
    // Nothing was imported: not the good rows either.
    let created = users::Entity::find()
        .filter(users::Column::Mobile.starts_with("1391234"))
        .count(&app.db)
        .await?;
    assert_eq!(created, 0);
    let enrolled = enrollments::Entity::find()
        .filter(enrollments::Column::ClassId.eq(class.class.id.0))
        .count(&app.db)
        .await?;
    assert_eq!(enrolled, 0);

    // A file without the required columns says which are missing.
    let rejection: RosterRejection = expect_json(
        upload(&instructor, class.class.id, b"name,phone\nx,y\n".to_vec()).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await?;
    assert!(
        rejection
            .problems
            .iter()
            .all(|p| p.code == RosterProblemCode::MissingColumn)
    );
    assert_eq!(rejection.problems.len(), 2);

    // Trainees may not import rosters.
    let trainee = app.signed_in(TRAINEE).await?;
    expect_error(
        upload(&trainee, class.class.id, csv(&rows[..1])).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

async fn a_good_ten_thousand_row_file_imports_completely(backend: Backend) -> anyhow::Result<()> {
    const ROWS: usize = 10_000;
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, ROWS as u32, EnrollmentMode::Invitation),
    )
    .await?;
    // Two rows are existing demo trainees; the rest are new people.
    let mobiles: Vec<String> = ["13800000010".to_owned(), "13800000011".to_owned()]
        .into_iter()
        .chain((2..ROWS).map(|i| format!("1371{i:07}")))
        .collect();
    // Existing accounts keep their names: the file must give them as they are.
    let names: Vec<String> = ["张秀英".to_owned(), "杨德明".to_owned()]
        .into_iter()
        .chain((2..ROWS).map(|i| format!("学员{i}")))
        .collect();
    let rows: Vec<[&str; 4]> = names
        .iter()
        .zip(&mobiles)
        .enumerate()
        .map(|(i, (name, mobile))| {
            let category = if i % 2 == 0 { "乡村治理骨干" } else { "" };
            [name.as_str(), mobile.as_str(), "510121100201", category]
        })
        .collect();

    let started = Instant::now();
    let job: RosterImportJob = expect_json(
        upload(&instructor, class.class.id, csv(&rows)).await?,
        StatusCode::ACCEPTED,
    )
    .await?;
    assert_eq!(job.total_rows, ROWS as u32);
    let done = wait_for(&instructor, &job).await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{backend:?}: {ROWS} roster rows imported in {secs:.1} s = {:.0} rows/s ({} new accounts)",
        ROWS as f64 / secs,
        done.created_accounts
    );
    assert_eq!(done.state, RosterImportState::Succeeded, "{done:?}");
    assert_eq!(
        (done.created_accounts, done.matched_accounts),
        (ROWS as u32 - 2, 2)
    );
    assert_eq!(
        (done.enrolled, done.waitlisted, done.unchanged),
        (ROWS as u32, 0, 0)
    );
    let enrolled = enrollments::Entity::find()
        .filter(enrollments::Column::ClassId.eq(class.class.id.0))
        .filter(enrollments::Column::Status.eq(EnrollmentStatus::Enrolled.as_str()))
        .count(&app.db)
        .await?;
    assert_eq!(enrolled, ROWS as u64);

    // The password sheet: a GET (which a cross-site page or a prefetcher
    // can trigger) neither reads nor erases it, nor does a POST without the
    // CSRF header; a POST hands it out once, with one line per new account.
    let sheet_path = format!("/api/v1/roster-imports/{}/passwords.csv", job.id);
    let by_get = instructor.get(&sheet_path).await?;
    assert_eq!(by_get.status(), StatusCode::METHOD_NOT_ALLOWED);
    let head = instructor.request(Method::HEAD, &sheet_path).send().await?;
    assert_eq!(head.status(), StatusCode::METHOD_NOT_ALLOWED);
    let cross_site = app.client_without_csrf()?;
    let signed_in = cross_site
        .request(Method::POST, "/api/v1/auth/login")
        .header(CSRF_HEADER, CSRF_HEADER_VALUE)
        .json(&LoginRequest {
            mobile: INSTRUCTOR.into(),
            password: DEMO_PASSWORD.into(),
        })
        .send()
        .await?;
    assert_eq!(signed_in.status(), StatusCode::OK);
    expect_error(
        cross_site.request(Method::POST, &sheet_path).send().await?,
        StatusCode::FORBIDDEN,
        ErrorCode::CsrfHeaderMissing,
    )
    .await?;
    let sheet = instructor.request(Method::POST, &sheet_path).send().await?;
    assert_eq!(sheet.status(), StatusCode::OK);
    let sheet = sheet.text().await?;
    let lines: Vec<&str> = sheet.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "name,mobile,one_time_password");
    assert_eq!(lines.len(), ROWS - 2 + 1);
    expect_error(
        instructor.request(Method::POST, &sheet_path).send().await?,
        StatusCode::GONE,
        ErrorCode::PasswordSheetGone,
    )
    .await?;
    // A new trainee signs in with the password from the sheet.
    let first: Vec<&str> = lines[1].split(',').collect();
    let newcomer = app.client()?;
    let me = newcomer.login_ok(first[1], first[2]).await?;
    // The sheet's password was seen by staff: they must choose their own
    // before anything else.
    assert!(me.must_change_password);
    expect_error(
        newcomer
            .get(&format!("/api/v1/classes/{}", class.class.id))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::PasswordChangeRequired,
    )
    .await?;
    let changed = newcomer
        .send_json(
            Method::PUT,
            "/api/v1/auth/password",
            &cultivator_shared::api::auth::ChangePasswordRequest {
                current_password: first[2].to_owned(),
                new_password: "mine2027ok".to_owned(),
            },
        )
        .await?;
    assert!(changed.status().is_success(), "{}", changed.status());
    let seen: cultivator_shared::api::classes::ClassDetail = expect_json(
        newcomer
            .get(&format!("/api/v1/classes/{}", class.class.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        seen.my_enrollment.map(|e| e.status),
        Some(EnrollmentStatus::Enrolled)
    );
    app.stop().await
}

async fn an_import_enrols_directly_but_never_over_fills_the_class(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    // Approval mode: an import is the instructor's own decision, no approval needed.
    let class = create_class(
        &instructor,
        &offline_class(programme, 2, EnrollmentMode::Approval),
    )
    .await?;
    let trainee = app.signed_in(TRAINEE).await?;
    let applied: MyEnrollment = expect_json(
        trainee
            .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(applied.status, EnrollmentStatus::Applied);
    let rows = [
        ["新学员甲", "13912350001", "510121100201", ""],
        ["张秀英", TRAINEE, "510121100201", ""],
        [
            "新学员乙",
            "13912350002",
            "510121",
            "新型农业经营主体带头人",
        ],
    ];
    let job: RosterImportJob = expect_json(
        upload(&instructor, class.class.id, xlsx(&rows)?).await?,
        StatusCode::ACCEPTED,
    )
    .await?;
    let done = wait_for(&instructor, &job).await?;
    assert_eq!(done.state, RosterImportState::Succeeded, "{done:?}");
    assert_eq!((done.created_accounts, done.matched_accounts), (2, 1));
    assert_eq!((done.enrolled, done.waitlisted), (2, 1));

    let roster: Vec<RosterEntry> =
        cultivator_tests::rosters::whole_roster(&instructor, class.class.id).await?;
    let by_mobile = |m: &str| {
        roster
            .iter()
            .find(|e| e.mobile == m)
            .map(|e| (e.status, e.waitlist_position))
    };
    assert_eq!(
        by_mobile("13912350001"),
        Some((EnrollmentStatus::Enrolled, None))
    );
    assert_eq!(by_mobile(TRAINEE), Some((EnrollmentStatus::Enrolled, None)));
    assert_eq!(
        by_mobile("13912350002"),
        Some((EnrollmentStatus::Waitlisted, Some(1)))
    );

    // The same file again changes nobody.
    let job: RosterImportJob = expect_json(
        upload(&instructor, class.class.id, xlsx(&rows)?).await?,
        StatusCode::ACCEPTED,
    )
    .await?;
    let again = wait_for(&instructor, &job).await?;
    assert_eq!(
        (
            again.created_accounts,
            again.unchanged,
            again.password_sheet_ready
        ),
        (0, 3, false)
    );
    app.stop().await
}

fn sheet_cells(bytes: Vec<u8>) -> anyhow::Result<Vec<Vec<String>>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow::anyhow!("no sheet"))??;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

async fn the_roster_and_attendance_sheet_download_as_xlsx(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 1, EnrollmentMode::Open),
    )
    .await?;
    for mobile in [TRAINEE, "13800000011"] {
        let _: MyEnrollment = expect_json(
            app.signed_in(mobile)
                .await?
                .post(&format!("/api/v1/classes/{}/apply", class.class.id), &())
                .await?,
            StatusCode::OK,
        )
        .await?;
    }
    let response = instructor
        .get(&format!("/api/v1/classes/{}/roster.xlsx", class.class.id))
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("spreadsheetml"))
    );
    let roster = sheet_cells(response.bytes().await?.to_vec())?;
    assert_eq!(
        roster[0][..4],
        ["name", "mobile", "status", "waitlist_position"]
    );
    assert_eq!(roster[1][1..3], [TRAINEE, "enrolled"]);
    assert_eq!(roster[2][1..4], ["13800000011", "waitlisted", "1"]);

    let sheet = instructor
        .get(&format!(
            "/api/v1/classes/{}/attendance.xlsx",
            class.class.id
        ))
        .await?;
    let sheet = sheet_cells(sheet.bytes().await?.to_vec())?;
    assert_eq!(sheet.len(), 2);
    assert_eq!(sheet[1][..2], ["张秀英", TRAINEE]);
    assert_eq!(sheet[1].last().map(String::as_str), Some("0"));

    let trainee = app.signed_in("13800000011").await?;
    expect_error(
        trainee
            .get(&format!(
                "/api/v1/classes/{}/attendance.xlsx",
                class.class.id
            ))
            .await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    app.stop().await
}

/// `base` with one more part: `megabytes` of zeros, which deflate to a
/// thousandth of that (a "zip bomb").
fn with_padding(base: &[u8], megabytes: usize) -> anyhow::Result<Vec<u8>> {
    use std::io::Write;
    let mut source = zip::ZipArchive::new(Cursor::new(base))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..source.len() {
        out.raw_copy_file(source.by_index_raw(i)?)?;
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    out.start_file("xl/media/padding.bin", options)?;
    let zeros = vec![0_u8; 1024 * 1024];
    for _ in 0..megabytes {
        out.write_all(&zeros)?;
    }
    Ok(out.finish()?.into_inner())
}

async fn a_sheet_with_a_far_cell_or_a_zip_bomb_is_refused_quickly(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let instructor = app.signed_in(INSTRUCTOR).await?;
    let programme = demo_programme(&app.db).await?;
    let class = create_class(
        &instructor,
        &offline_class(programme, 30, EnrollmentMode::Open),
    )
    .await?;
    let row = [["王建国", "13912340001", "510121100201", "乡村治理骨干"]];

    // A cell at XFD1048576: the sheet declares 17 billion cells.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "姓名")?;
    sheet.write_string(1_048_575, 16_383, "x")?;
    let far = book.save_to_buffer()?;
    assert!(far.len() < 10_000);

    let bomb = with_padding(&xlsx(&row)?, 100)?;
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());

    for (file, code) in [
        (far, RosterProblemCode::TooManyRows),
        (bomb, RosterProblemCode::TooLarge),
    ] {
        let started = Instant::now();
        let rejection: RosterRejection = expect_json(
            upload(&instructor, class.class.id, file).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await?;
        assert_eq!(rejection.code, ErrorCode::RosterInvalid);
        assert_eq!(
            rejection
                .problems
                .iter()
                .map(|p| p.code)
                .collect::<Vec<_>>(),
            [code]
        );
        assert!(
            started.elapsed().as_secs() < 15,
            "{code:?} took {:?}",
            started.elapsed()
        );
    }
    // The same roster without the padding is fine.
    expect_json::<RosterImportJob>(
        upload(&instructor, class.class.id, xlsx(&row)?).await?,
        StatusCode::ACCEPTED,
    )
    .await?;
    app.stop().await
}

//! Trained-people counters: maintained incrementally by every completion and
//! withdrawal, and always equal to a full recount from the raw enrollments.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use cultivator_server::db::{self, class_sessions, classes, counters::stmt, programmes, users};
use cultivator_server::domain::classes::{attendance_marks, checkin};
use cultivator_server::domain::completion;
use cultivator_server::domain::coordination::recount;
use cultivator_shared::api::checkin::AttendanceState;
use cultivator_shared::{
    ClassId, ClassSessionId, EnrollmentId, EnrollmentMode, EnrollmentStatus, ProgrammeId,
    PublishState, RegionCode, Track, UserId,
};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection};

on_both_databases!(
    a_person_completing_two_classes_counts_once_in_every_region_above_them,
    withdrawing_a_completion_uncounts_or_moves_the_person,
    incremental_counters_equal_a_full_recount_after_random_completions_and_withdrawals,
    recount_reports_and_repairs_damaged_counters,
);

const TRAINEES: [&str; 6] = [
    "13800000010",
    "13800000011",
    "13800000012",
    "13800000013",
    "13800000014",
    "13800000015",
];

struct Fixture {
    programme: ProgrammeId,
    trainees: Vec<UserId>,
    instructor: UserId,
}

async fn fixture(db: &DatabaseConnection) -> anyhow::Result<Fixture> {
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or_else(|| anyhow::anyhow!("date"))?;
    let programme = programmes::insert(db, "计数测试计划", "", start, start).await?;
    let mut trainees = Vec::new();
    for mobile in TRAINEES {
        let user = users::find_by_mobile(db, mobile).await?;
        trainees.push(UserId(user.ok_or_else(|| anyhow::anyhow!("{mobile}"))?.id));
    }
    let instructor = users::find_by_mobile(db, "13800000005")
        .await?
        .ok_or_else(|| anyhow::anyhow!("instructor"))?;
    Ok(Fixture {
        programme,
        trainees,
        instructor: UserId(instructor.id),
    })
}

async fn class(db: &DatabaseConnection, f: &Fixture, track: Track) -> anyhow::Result<ClassId> {
    let day = NaiveDate::from_ymd_opt(2025, 3, 1).ok_or_else(|| anyhow::anyhow!("date"))?;
    Ok(classes::insert(
        db,
        classes::NewClass {
            title: "计数测试班",
            track,
            programme: f.programme,
            stage: None,
            region: &RegionCode::parse("51")?,
            starts_on: day,
            ends_on: day,
            seat_limit: 100,
            mode: EnrollmentMode::Open,
            state: PublishState::Published,
            venue: None,
            attendance_threshold_pct: None,
            planned_sessions: None,
            created_by: f.instructor,
        },
    )
    .await?)
}

fn month(year: i32, month: u32) -> anyhow::Result<DateTime<Utc>> {
    Utc.with_ymd_and_hms(year, month, 10, 4, 0, 0)
        .single()
        .ok_or_else(|| anyhow::anyhow!("time"))
}

async fn complete(
    db: &DatabaseConnection,
    e: EnrollmentId,
    at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let txn = db::begin_write(db).await?;
    let done = completion::complete_enrollment(&txn, e, at).await?;
    txn.commit().await?;
    Ok(done)
}

async fn withdraw(db: &DatabaseConnection, e: EnrollmentId) -> anyhow::Result<bool> {
    let txn = db::begin_write(db).await?;
    let done = completion::withdraw_completion(&txn, e, chrono::Utc::now()).await?;
    txn.commit().await?;
    Ok(done)
}

/// The stored counter for one prefix, programme, track and month (0 if absent).
async fn counter(
    db: &DatabaseConnection,
    prefix: &str,
    programme: ProgrammeId,
    track: Track,
    month: i32,
) -> anyhow::Result<i64> {
    let row = db
        .query_one_raw(stmt(
            db.get_database_backend(),
            "SELECT people FROM trained_counts WHERE region_prefix = ? AND programme_id = ? \
             AND track = ? AND month = ?",
            vec![
                prefix.into(),
                programme.0.into(),
                track.as_str().into(),
                month.into(),
            ],
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get("", "people")?,
        None => 0,
    })
}

async fn a_person_completing_two_classes_counts_once_in_every_region_above_them(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let db = &app.db;
    let f = fixture(db).await?;
    let (first, second) = (
        class(db, &f, Track::Online).await?,
        class(db, &f, Track::Online).await?,
    );
    // 张秀英 lives in 510121100201 (Longwang Village, Jintang, Chengdu, Sichuan).
    let who = f.trainees[0];
    let e1 = classes::insert_enrollment(db, first, who, EnrollmentStatus::Enrolled).await?;
    let e2 = classes::insert_enrollment(db, second, who, EnrollmentStatus::Enrolled).await?;
    assert!(complete(db, e1, month(2025, 5)?).await?);
    assert!(complete(db, e2, month(2025, 4)?).await?);
    // A repeated completion event changes nothing.
    assert!(!complete(db, e2, month(2025, 6)?).await?);

    for prefix in ["", "51", "5101", "510121", "510121100", "510121100201"] {
        assert_eq!(
            counter(db, prefix, f.programme, Track::Online, 202504).await?,
            1,
            "{prefix}"
        );
        assert_eq!(
            counter(db, prefix, f.programme, Track::Online, 202505).await?,
            0,
            "{prefix}"
        );
    }
    assert_eq!(
        counter(db, "52", f.programme, Track::Online, 202504).await?,
        0
    );
    assert_eq!(
        counter(db, "", f.programme, Track::Offline, 202504).await?,
        0
    );
    assert!(recount::recount(db, false).await?.agrees());
    app.stop().await
}

async fn withdrawing_a_completion_uncounts_or_moves_the_person(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let db = &app.db;
    let f = fixture(db).await?;
    let (first, second) = (
        class(db, &f, Track::Offline).await?,
        class(db, &f, Track::Offline).await?,
    );
    let who = f.trainees[3];
    let e1 = classes::insert_enrollment(db, first, who, EnrollmentStatus::Enrolled).await?;
    let e2 = classes::insert_enrollment(db, second, who, EnrollmentStatus::Enrolled).await?;
    complete(db, e1, month(2025, 2)?).await?;
    complete(db, e2, month(2025, 7)?).await?;
    assert_eq!(
        counter(db, "51", f.programme, Track::Offline, 202502).await?,
        1
    );

    // The earlier completion is withdrawn: the person moves to July.
    assert!(withdraw(db, e1).await?);
    assert!(!withdraw(db, e1).await?);
    assert_eq!(
        counter(db, "51", f.programme, Track::Offline, 202502).await?,
        0
    );
    assert_eq!(
        counter(db, "51", f.programme, Track::Offline, 202507).await?,
        1
    );

    // The last one is withdrawn: the person is no longer trained anywhere.
    assert!(withdraw(db, e2).await?);
    for prefix in ["", "51", "5106", "510623", "510623100", "510623100201"] {
        assert_eq!(
            counter(db, prefix, f.programme, Track::Offline, 202507).await?,
            0
        );
    }
    assert!(recount::recount(db, false).await?.agrees());
    app.stop().await
}

/// An offline class that completes at 60% of its 3 planned sessions (2 of
/// 3), with those sessions; every trainee enrolled.
async fn class_with_attendance(
    db: &DatabaseConnection,
    f: &Fixture,
) -> anyhow::Result<Vec<ClassSessionId>> {
    let c = class(db, f, Track::Offline).await?;
    db.execute_raw(stmt(
        db.get_database_backend(),
        "UPDATE classes SET attendance_threshold_pct = 60, planned_sessions = 3 WHERE id = ?",
        vec![c.0.into()],
    ))
    .await?;
    for who in &f.trainees {
        classes::insert_enrollment(db, c, *who, EnrollmentStatus::Enrolled).await?;
    }
    let mut sessions = Vec::new();
    for day in 0..3 {
        let starts_at = month(2025, 3)? + Duration::days(day);
        let session = class_sessions::insert(
            db,
            class_sessions::NewSession {
                class: c,
                starts_at,
                ends_at: starts_at + Duration::hours(2),
                venue: "村委会",
                capacity_note: None,
                checkin_secret: "secret",
            },
        )
        .await?;
        sessions.push(ClassSessionId(session.id));
    }
    Ok(sessions)
}

async fn incremental_counters_equal_a_full_recount_after_random_completions_and_withdrawals(
    backend: Backend,
) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let db = &app.db;
    let f = fixture(db).await?;
    let mut enrollments = Vec::new();
    for track in [Track::Online, Track::Online, Track::Offline, Track::Offline] {
        let c = class(db, &f, track).await?;
        for who in &f.trainees {
            enrollments
                .push(classes::insert_enrollment(db, c, *who, EnrollmentStatus::Enrolled).await?);
        }
    }
    // Attendance marked and corrected by hand completes and withdraws
    // through the same path as the instructor's page.
    let sessions = class_with_attendance(db, &f).await?;
    let base = month(2024, 1)?;
    for seed in [1_u64, 2, 3] {
        let mut rng = StdRng::seed_from_u64(seed);
        for step in 0..120 {
            let e = enrollments[rng.gen_range(0..enrollments.len())];
            let roll = rng.gen_range(0..10);
            if roll < 4 {
                let at = base + Duration::days(rng.gen_range(0..36 * 30));
                complete(db, e, at).await?;
            } else if roll < 7 {
                withdraw(db, e).await?;
            } else {
                let session = sessions[rng.gen_range(0..sessions.len())];
                let who = f.trainees[rng.gen_range(0..f.trainees.len())];
                let state = if rng.gen_bool(0.6) {
                    AttendanceState::Present
                } else {
                    AttendanceState::Absent
                };
                let actor = cultivator_server::domain::audit::Actor::system("test");
                let policy = checkin::Policy {
                    period_secs: 15,
                    margin: Duration::minutes(30),
                    sync_window: Duration::hours(72),
                };
                let hand = attendance_marks::HandMark {
                    trainee: who,
                    state,
                    by: f.instructor,
                    at: None,
                };
                attendance_marks::mark(db, &actor, "510121", session, hand, policy, Utc::now())
                    .await?;
            }
            if step % 40 == 39 {
                let report = recount::recount(db, false).await?;
                assert!(report.agrees(), "seed {seed} step {step}: {report:?}");
            }
        }
    }
    let report = recount::recount(db, false).await?;
    assert!(report.agrees(), "{report:?}");
    app.stop().await
}

async fn recount_reports_and_repairs_damaged_counters(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let db = &app.db;
    let f = fixture(db).await?;
    let c = class(db, &f, Track::Online).await?;
    let e = classes::insert_enrollment(db, c, f.trainees[1], EnrollmentStatus::Enrolled).await?;
    complete(db, e, month(2025, 9)?).await?;
    db.execute_unprepared(
        "UPDATE trained_counts SET people = people + 5 WHERE region_prefix = '51'",
    )
    .await?;
    db.execute_unprepared("DELETE FROM trained_people").await?;

    let report = recount::recount(db, false).await?;
    assert_eq!(report.people_differences, 1);
    assert!(report.counter_differences >= 1);
    assert!(recount::recount(db, true).await?.repaired);
    assert!(recount::recount(db, false).await?.agrees());
    assert_eq!(
        counter(db, "51", f.programme, Track::Online, 202509).await?,
        1
    );
    app.stop().await
}

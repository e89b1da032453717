//! `cultivator demo --trainees N`: a data set at national scale for the
//! dashboard and its benchmark. On top of the small demo it adds, in 30
//! provinces, prefectures, counties, townships and about 10,000 villages;
//! N trainees living in them; three programmes with an online cohort per
//! province and about 500 offline classes; about 1.2 enrollments per trainee,
//! 60 % of them completed over 36 months. Rows go in as multi-row inserts
//! ([`bulk`]); the counters are rebuilt by one recount at the end.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use cultivator_shared::EnrollmentStatus;
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, Value};

use crate::db;
use crate::domain::coordination::recount;
use crate::domain::seed::bulk::{self, NewEnrollment, NewTrainee, insert_all};
use crate::domain::seed::demo::{self, DemoError};

const PREFECTURES: u32 = 3;
const COUNTIES: u32 = 3;
const TOWNSHIPS: u32 = 4;
const VILLAGES: u32 = 9;
const PROGRAMMES: usize = 3;
const OFFLINE_CLASSES: usize = 500;
#[derive(Debug, Clone)]
pub struct ScaleReport {
    pub regions: usize,
    pub trainees: usize,
    pub classes: usize,
    pub enrollments: usize,
    pub completed: usize,
    pub trained_people: usize,
    pub counter_rows: usize,
}

fn code2(n: u32) -> String {
    format!("{:02}", 80 + n)
}

/// Generates the data set. `trainees` people; returns what was created.
pub async fn load(db: &DatabaseConnection, trainees: usize) -> Result<ScaleReport, DemoError> {
    demo::load(db).await?;
    let mut rng = StdRng::seed_from_u64(2026);
    let now = Utc::now();

    // Regions below 30 provinces, with codes 81.. that the real ones and the
    // small demo do not use.
    let mut region_rows: Vec<Vec<Value>> = Vec::new();
    let mut villages: Vec<String> = Vec::new();
    let mut counties: Vec<String> = Vec::new();
    for (p, zh, en) in cultivator_migrations::PROVINCES.iter().take(30) {
        for a in 1..=PREFECTURES {
            let pref = format!("{p}{}", code2(a));
            region_rows.push(region(
                &pref,
                p,
                "prefecture",
                &format!("{zh}示范市{a}"),
                &format!("{en} Demo City {a}"),
            ));
            for b in 1..=COUNTIES {
                let county = format!("{pref}{}", code2(b));
                region_rows.push(region(
                    &county,
                    &pref,
                    "county",
                    &format!("示范县{a}{b}"),
                    &format!("Demo County {a}{b}"),
                ));
                counties.push(county.clone());
                for c in 1..=TOWNSHIPS {
                    let town = format!("{county}{:03}", 100 + c);
                    region_rows.push(region(
                        &town,
                        &county,
                        "township",
                        &format!("示范镇{c}"),
                        &format!("Demo Town {c}"),
                    ));
                    for d in 1..=VILLAGES {
                        let village = format!("{town}{:03}", 200 + d);
                        region_rows.push(region(
                            &village,
                            &town,
                            "village",
                            &format!("示范村{d}"),
                            &format!("Demo Village {d}"),
                        ));
                        villages.push(village);
                    }
                }
            }
        }
    }
    let region_count = region_rows.len();
    let enrollments_estimate = trainees + trainees / 5;
    let bar = ProgressBar::new((region_count + 2 * trainees + enrollments_estimate) as u64);
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {pos}/{len} rows {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("regions");
    insert_all(
        db,
        "regions (code, parent_code, level, name_zh, name_en)",
        region_rows,
        |n| bar.inc(n),
    )
    .await?;

    // Programmes over the last 36 months, ending a year from now.
    let start = (now - Duration::days(36 * 30)).date_naive();
    let end = (now + Duration::days(365)).date_naive();
    let first_programme = db::next_id(db, "programmes").await?;
    let programmes: Vec<i64> = (0..PROGRAMMES as i64)
        .map(|i| first_programme + i)
        .collect();
    let titles = [
        "高素质农民培育计划",
        "乡村治理骨干培训计划",
        "农村电商带头人培训计划",
    ];
    let rows = programmes
        .iter()
        .zip(titles)
        .map(|(id, title)| {
            vec![
                (*id).into(),
                title.into(),
                "".into(),
                start.into(),
                end.into(),
                now.into(),
            ]
        })
        .collect();
    let b = db.get_database_backend();
    recount::insert_rows(
        db,
        b,
        "programmes (id, title, summary, starts_on, ends_on, created_at)",
        rows,
    )
    .await?;
    db::bump_sequence(db, "programmes").await?;

    // Classes: an online cohort per programme and province; offline classes
    // spread over the counties.
    let creator = demo::account_id(db, demo::INSTRUCTOR_MOBILE).await?.0;
    let first_class = db::next_id(db, "classes").await?;
    let mut class_rows: Vec<Vec<Value>> = Vec::new();
    let mut online: Vec<Vec<i64>> = vec![Vec::new(); PROGRAMMES];
    let provinces: Vec<&str> = cultivator_migrations::PROVINCES
        .iter()
        .take(30)
        .map(|p| p.0)
        .collect();
    let mut offline_by_county: std::collections::HashMap<String, Vec<(i64, usize)>> =
        std::collections::HashMap::new();
    let mut id = first_class;
    for (pi, programme) in programmes.iter().enumerate() {
        for province in &provinces {
            class_rows.push(class(
                id, *programme, "online", province, 100_000, start, end, creator, now,
            ));
            online[pi].push(id);
            id += 1;
        }
    }
    for k in 0..OFFLINE_CLASSES {
        let county = &counties[k % counties.len()];
        let pi = k % PROGRAMMES;
        let day = start + Duration::days(rng.gen_range(0..36 * 30));
        class_rows.push(class(
            id,
            programmes[pi],
            "offline",
            county,
            2_000,
            day,
            day + Duration::days(5),
            creator,
            now,
        ));
        offline_by_county
            .entry(county.clone())
            .or_default()
            .push((id, pi));
        id += 1;
    }
    let class_count = class_rows.len();
    insert_all(
        db,
        "classes (id, title, track, programme_id, stage_id, region_code, starts_on, ends_on, seat_limit, \
         enrollment_mode, state, venue, attendance_threshold_pct, created_by, created_at)",
        class_rows,
        |n| bar.inc(n),
    )
    .await?;
    db::bump_sequence(db, "classes").await?;
    // A class's creator runs it only as a listed instructor.
    db.execute_unprepared(
        "INSERT INTO class_instructors (class_id, user_id) \
         SELECT id, created_by FROM classes WHERE NOT EXISTS \
         (SELECT 1 FROM class_instructors ci WHERE ci.class_id = classes.id)",
    )
    .await?;

    // Trainees: one password hash for all (see `bulk::shared_password_hash`).
    bar.set_message("trainees");
    let hash = bulk::shared_password_hash().await?;
    let homes: Vec<usize> = (0..trainees)
        .map(|_| rng.gen_range(0..villages.len()))
        .collect();
    let people = homes
        .iter()
        .enumerate()
        .map(|(i, home)| NewTrainee {
            name: format!("学员{i}"),
            mobile: format!("19{i:09}"),
            region: villages[*home].clone(),
        })
        .collect();
    let first_user = bulk::insert_trainees(db, people, &hash, now, |n| bar.inc(n)).await?;

    // Enrollments: everyone online in one programme's provincial cohort; one
    // in five also in an offline class of their county.
    bar.set_message("enrollments");
    let mut enrollments = Vec::with_capacity(enrollments_estimate);
    let mut completed = 0;
    let span = (now - Duration::days(36 * 30), 36 * 30 * 24 * 3600_i64);
    let mut push = |class: i64, user: i64, rng: &mut StdRng| {
        let done = rng.gen_bool(0.6);
        let at: Option<DateTime<Utc>> =
            done.then(|| span.0 + Duration::seconds(rng.gen_range(0..span.1)));
        completed += usize::from(done);
        let status = if done {
            EnrollmentStatus::Completed
        } else {
            EnrollmentStatus::Enrolled
        };
        enrollments.push(NewEnrollment {
            class,
            user,
            status,
            waitlist_position: None,
            applied_at: span.0,
            decided_at: Some(span.0),
            completed_at: at,
        });
    };
    for (i, home) in homes.iter().enumerate() {
        let uid = first_user + i as i64;
        let village = &villages[*home];
        let pi = i % PROGRAMMES;
        let province = provinces
            .iter()
            .position(|p| village.starts_with(p))
            .unwrap_or(0);
        push(online[pi][province], uid, &mut rng);
        if i % 5 == 0
            && let Some(classes) = offline_by_county.get(&village[..6])
            && !classes.is_empty()
        {
            let (class, _) = classes[i / 5 % classes.len()];
            push(class, uid, &mut rng);
        }
    }
    let enrollment_count = enrollments.len();
    bulk::insert_enrollments(db, enrollments, |n| bar.inc(n)).await?;
    bar.finish_with_message("counting");

    let report = recount::recount(db, true).await?;
    Ok(ScaleReport {
        regions: region_count,
        trainees,
        classes: class_count,
        enrollments: enrollment_count,
        completed,
        trained_people: report.trained_people,
        counter_rows: report.counter_rows,
    })
}

fn region(code: &str, parent: &str, level: &str, zh: &str, en: &str) -> Vec<Value> {
    vec![
        code.into(),
        parent.into(),
        level.into(),
        zh.into(),
        en.into(),
    ]
}

#[expect(clippy::too_many_arguments, reason = "one row of the classes table")]
fn class(
    id: i64,
    programme: i64,
    track: &str,
    region: &str,
    seats: i32,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    creator: i64,
    now: DateTime<Utc>,
) -> Vec<Value> {
    let title = if track == "online" {
        "线上研修班"
    } else {
        "线下集中培训班"
    };
    vec![
        id.into(),
        format!("{title}（{region}）").into(),
        track.into(),
        programme.into(),
        Option::<i64>::None.into(),
        region.into(),
        starts_on.into(),
        ends_on.into(),
        seats.into(),
        "open".into(),
        "published".into(),
        Option::<String>::None.into(),
        Option::<i32>::None.into(),
        creator.into(),
        now.into(),
    ]
}

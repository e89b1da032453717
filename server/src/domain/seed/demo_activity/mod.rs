//! The demo programme in motion, loaded on top of [`demo::load`] by
//! `serve --demo` and `cultivator demo`: targets for every province and for
//! the demo prefectures, counties and townships; 3,000 trainees in the demo
//! villages; online and offline classes that finished, run now or recruit,
//! with sessions, attendance and completions spread over the past months;
//! waitlisted, pending and approved enrolments; selections for the next
//! stage; the notifications and audit records of all that; and a playable
//! clip on every demo video lesson ([`demo_media`]).
//!
//! It is kept apart from [`demo::load`] because many tests start from the
//! small demo and count its classes, notices and audit records.
//!
//! What a person would do once (set targets, create a class or a session,
//! approve an application, select a candidate) goes through the functions
//! the pages use, so it leaves the same audit records. What happens thousands
//! of times (people, enrolments, check-ins) is bulk-inserted ([`bulk`]) and
//! the dashboard counters are then rebuilt by one recount, which is what the
//! incremental counting would have produced.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::{
    ClassId, EnrollmentMode, EnrollmentStatus, ProgrammeId, PublishState, RegionCode, Role,
    StageId, Track, UserId,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::DatabaseConnection;

use crate::db::{
    self, class_courses, class_sessions, classes, course_enrollments, courses, programmes, users,
};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::classes::setup::new_checkin_secret;
use crate::domain::coordination::recount;
use crate::domain::learning::media::MediaStore;
use crate::domain::seed::bulk::{self, NewTrainee};
use crate::domain::seed::demo::{self, DemoError};
use crate::domain::seed::demo_media;

mod enrolments;
mod events;
mod targets;

use enrolments::Plan;

/// The demo accounts that act in the activity.
const INSTRUCTOR: &str = demo::INSTRUCTOR_MOBILE;
const COUNTY_COORDINATOR: &str = "13800000004";
/// The county whose coordinator selects candidates for the gated stage.
const SELECTING_COUNTY: &str = "510121";
/// The stage (by position, from 0) entered by selection: the study tour.
const GATED_STAGE: usize = 2;
/// The demo trainee whose own pages show the activity (notices, a finished
/// class, a selection).
pub const SHOWCASE_TRAINEE: &str = "13800000010";

/// Where the generated trainees live, and how many in each village.
const VILLAGES: &[(&str, usize)] = &[
    ("510121100201", 700),
    ("510121100202", 500),
    ("510121101201", 500),
    ("510623100201", 500),
    ("522601100201", 400),
    ("411721100201", 400),
];

/// The generated trainees' mobile numbers: 139 0000 0000 onwards.
fn mobile(i: usize) -> String {
    format!("1390000{i:04}")
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN_NAMES: &[&str] = &[
    "建华", "秀兰", "志明", "丽萍", "国强", "春梅", "德福", "桂英", "永刚", "海燕", "金山", "玉兰",
    "文斌", "红霞", "跃进", "小芳", "庆丰", "凤英", "新民", "晓燕", "长青", "翠花", "振华", "淑珍",
];

/// A class the activity adds: days are counted from today.
struct ClassSpec {
    title: &'static str,
    track: Track,
    stage: usize,
    region: &'static str,
    starts_in: i64,
    days: i64,
    seats: u32,
    mode: EnrollmentMode,
    venue: Option<&'static str>,
}

const fn online(title: &'static str, region: &'static str, starts_in: i64, days: i64) -> ClassSpec {
    ClassSpec {
        title,
        track: Track::Online,
        stage: 0,
        region,
        starts_in,
        days,
        seats: 3_000,
        mode: EnrollmentMode::Open,
        venue: None,
    }
}

const fn offline(
    title: &'static str,
    region: &'static str,
    starts_in: i64,
    days: i64,
    seats: u32,
    venue: &'static str,
) -> ClassSpec {
    ClassSpec {
        title,
        track: Track::Offline,
        stage: 1,
        region,
        starts_in,
        days,
        seats,
        mode: EnrollmentMode::Open,
        venue: Some(venue),
    }
}

const CLASSES: &[ClassSpec] = &[
    online("乡村治理骨干线上研修班（春季）", "51", -270, 120),
    online("家庭农场经营线上研修班（夏季）", "51", -160, 120),
    online("农产品电商线上研修班（秋冬季）", "51", -60, 90),
    online("黔东南州乡村治理线上研修班", "5226", -200, 230),
    online("驻马店市家庭农场线上研修班", "4117", -220, 200),
    offline(
        "金堂县乡村治理骨干培训班（第一期）",
        "510121",
        -240,
        2,
        80,
        "金堂县淮口镇党群服务中心",
    ),
    offline(
        "中江县新型农业经营主体带头人培训班",
        "510623",
        -180,
        2,
        60,
        "中江县南华镇文化中心",
    ),
    offline(
        "金堂县家庭农场主培训班",
        "510121",
        -150,
        2,
        80,
        "金堂县白果镇农业服务中心",
    ),
    offline(
        "凯里市农村电商带头人培训班",
        "522601",
        -120,
        2,
        60,
        "凯里市三棵树镇便民服务中心",
    ),
    offline(
        "西平县乡村治理骨干培训班",
        "411721",
        -90,
        2,
        60,
        "西平县出山镇党群服务中心",
    ),
    offline(
        "金堂县乡村治理骨干培训班（第二期）",
        "510121",
        -45,
        2,
        80,
        "金堂县淮口镇党群服务中心",
    ),
    // Running now: yesterday, today and tomorrow.
    offline(
        "中江县合作社带头人培训班",
        "510623",
        -1,
        3,
        50,
        "中江县南华镇文化中心",
    ),
    ClassSpec {
        title: "四川省乡村治理骨干考察学习班（浙江安吉）",
        track: Track::Offline,
        stage: 2,
        region: "51",
        starts_in: 25,
        days: 4,
        seats: 30,
        mode: EnrollmentMode::Approval,
        venue: Some("浙江省湖州市安吉县余村"),
    },
];

/// What the activity added.
#[derive(Debug, Clone, Default)]
pub struct ActivityReport {
    pub trainees: usize,
    pub classes: usize,
    pub sessions: usize,
    pub enrollments: usize,
    pub completed: usize,
    pub attendance: usize,
    pub trained_people: usize,
    pub notices: usize,
}

/// A class of the demo programme, as the activity fills it.
struct Held {
    id: ClassId,
    track: Track,
    stage: Option<i64>,
    region: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    seats: u32,
    mode: EnrollmentMode,
    venue: Option<String>,
    sessions: Vec<class_sessions::Model>,
}

struct Person {
    id: i64,
    home: String,
}

/// 09:00 (or `hour`) China time on `day`, in UTC.
fn china(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let local = day.and_hms_opt(hour, 0, 0).unwrap_or_default();
    Utc.from_utc_datetime(&local) - Duration::hours(8)
}

/// Adds the activity unless it is there (its first trainee is the marker),
/// and the demo media wherever they are missing. `None` if nothing new.
pub async fn load_activity(
    db: &DatabaseConnection,
    store: &dyn MediaStore,
) -> Result<Option<ActivityReport>, DemoError> {
    let (instructor, teacher) = demo::staff_actor(db, INSTRUCTOR).await?;
    demo_media::attach(db, store, instructor).await?;
    if users::find_by_mobile(db, &mobile(0)).await?.is_some() {
        return Ok(None);
    }
    let now = Utc::now();
    let today = now.date_naive();
    let programme = programmes::all(db)
        .await?
        .into_iter()
        .find(|p| p.title == demo::PROGRAMME_TITLE)
        .map(|p| ProgrammeId(p.id))
        .ok_or(DemoError::Malformed("no demo programme"))?;
    let stages: Vec<StageId> = programmes::stages_of(db, programme)
        .await?
        .iter()
        .map(|s| StageId(s.id))
        .collect();
    targets::set_all(db, programme, today).await?;

    let mut report = ActivityReport::default();
    let existing = classes::of_programme(db, programme).await?;
    let mut held: Vec<Held> = existing.into_iter().map(held_from).collect();
    for spec in CLASSES {
        let stage = stages
            .get(spec.stage)
            .copied()
            .ok_or(DemoError::Malformed("stage"))?;
        held.push(create_class(db, &teacher, instructor, programme, stage, spec, today).await?);
        report.classes += 1;
    }
    let published = courses::published_by(db, instructor).await?;
    for class in &mut held {
        if class.track == Track::Online {
            class_courses::replace(db, class.id, &published).await?;
        } else {
            class.sessions = add_sessions(db, &teacher, class).await?;
            report.sessions += class.sessions.len();
        }
    }

    let mut rng = StdRng::seed_from_u64(2026);
    let mut generated = Vec::new();
    for (village, n) in VILLAGES {
        for _ in 0..*n {
            let name = format!(
                "{}{}",
                SURNAMES[rng.gen_range(0..SURNAMES.len())],
                GIVEN_NAMES[rng.gen_range(0..GIVEN_NAMES.len())]
            );
            generated.push(NewTrainee {
                name,
                mobile: mobile(generated.len()),
                region: (*village).to_owned(),
            });
        }
    }
    report.trainees = generated.len();
    let homes: Vec<String> = generated.iter().map(|t| t.region.clone()).collect();
    let hash = bulk::shared_password_hash().await?;
    let first = bulk::insert_trainees(db, generated, &hash, now, |_| {}).await?;
    let showcase = demo::account_id(db, SHOWCASE_TRAINEE).await?;
    let mut people = Vec::new();
    for account in demo::accounts() {
        if account.role == Role::Trainee
            && let Some(user) = users::find_by_mobile(db, account.mobile).await?
        {
            people.push(Person {
                id: user.id,
                home: user.region_code,
            });
        }
    }
    let demo_people = people.len();
    people.extend((first..).zip(homes).map(|(id, home)| Person { id, home }));

    let mut already = HashSet::new();
    for class in &held {
        for user in classes::people_in(db, class.id, EnrollmentStatus::ALL).await? {
            already.insert((class.id.0, user.0));
        }
    }
    let mut plan = Plan::new(now, instructor.0, showcase.0, SELECTING_COUNTY, already);
    plan.online(&held, &people);
    plan.offline(&held, &people);
    let gated = stages
        .get(GATED_STAGE)
        .copied()
        .ok_or(DemoError::Malformed("stage"))?;
    let recruits = plan.recruiting(&held, &people[demo_people..], gated.0);
    report.attendance = plan.attendance.len();
    insert_planned(db, &mut plan, &mut report).await?;
    bulk::insert_all(
        db,
        "attendance (session_id, user_id, state, method, recorded_at, recorded_by)",
        std::mem::take(&mut plan.attendance),
        |_| {},
    )
    .await?;
    bulk::insert_all(
        db,
        "credit_entries (user_id, source, source_id, credit_tenths, earned_at)",
        std::mem::take(&mut plan.credits),
        |_| {},
    )
    .await?;
    // An online class is completed by completing its courses: those who
    // completed it completed the courses (and earned their hours); those
    // still in it follow the courses.
    for class in held.iter().filter(|c| c.track == Track::Online) {
        course_enrollments::complete_for_completed_members(db, class.id).await?;
        course_enrollments::enroll_in_class_courses(db, class.id, None, china(class.starts_on, 9))
            .await?;
    }

    report.notices += events::decisions(db, &teacher, &held, &recruits).await?;
    let selected = events::selections(db, gated, &plan.candidates, today).await?;
    report.notices += selected.len();
    if let Some(class) = held.iter().find(|c| c.stage == Some(gated.0)) {
        plan.apply_selected(class.id, &selected, china(today - Duration::days(15), 10));
        insert_planned(db, &mut plan, &mut report).await?;
    }
    report.notices += events::showcase_notices(db, &teacher, &held, showcase).await?;
    events::completions_decided(db, &teacher, &held, today).await?;
    // The counters, as counting each completion when it happened would have
    // left them.
    report.trained_people = recount::recount(db, true).await?.trained_people;
    Ok(Some(report))
}

async fn insert_planned(
    db: &DatabaseConnection,
    plan: &mut Plan,
    report: &mut ActivityReport,
) -> Result<(), DemoError> {
    let enrollments = std::mem::take(&mut plan.enrollments);
    report.enrollments += enrollments.len();
    report.completed += enrollments
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Completed)
        .count();
    bulk::insert_enrollments(db, enrollments, |_| {}).await?;
    Ok(())
}

fn held_from(class: classes::Model) -> Held {
    Held {
        id: ClassId(class.id),
        track: Track::parse(&class.track).unwrap_or(Track::Offline),
        stage: class.stage_id,
        region: class.region_code,
        starts_on: class.starts_on,
        ends_on: class.ends_on,
        seats: u32::try_from(class.seat_limit).unwrap_or(0),
        mode: EnrollmentMode::parse(&class.enrollment_mode).unwrap_or(EnrollmentMode::Open),
        venue: class.venue,
        sessions: Vec::new(),
    }
}

/// Creates a class as the class set-up page does (class, instructor, audit
/// record), dated a month before it starts.
async fn create_class(
    db: &DatabaseConnection,
    teacher: &Actor,
    instructor: UserId,
    programme: ProgrammeId,
    stage: StageId,
    spec: &ClassSpec,
    today: NaiveDate,
) -> Result<Held, DemoError> {
    let region =
        RegionCode::parse(spec.region).map_err(|_| DemoError::Malformed("class region"))?;
    let starts_on = today + Duration::days(spec.starts_in);
    let ends_on = starts_on + Duration::days(spec.days - 1);
    let offline = spec.track == Track::Offline;
    let txn = db::begin_write(db).await?;
    let id = classes::insert(
        &txn,
        classes::NewClass {
            title: spec.title,
            track: spec.track,
            programme,
            stage: Some(stage),
            region: &region,
            starts_on,
            ends_on,
            seat_limit: spec.seats,
            mode: spec.mode,
            state: PublishState::Published,
            venue: spec.venue,
            attendance_threshold_pct: offline.then_some(80),
            planned_sessions: None,
            created_by: instructor,
        },
    )
    .await?;
    class_sessions::add_instructor(&txn, id, instructor).await?;
    let entry = Entry::new(AuditAction::ClassCreated, AuditObject::Class, id.0)
        .in_region(Some(&region))
        .after(&serde_json::json!({
            "title": spec.title,
            "track": spec.track,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "seat_limit": spec.seats,
        }));
    audit::record(
        &txn,
        teacher,
        entry,
        china(starts_on - Duration::days(30), 10),
    )
    .await?;
    txn.commit().await?;
    Ok(Held {
        id,
        track: spec.track,
        stage: Some(stage.0),
        region: spec.region.to_owned(),
        starts_on,
        ends_on,
        seats: spec.seats,
        mode: spec.mode,
        venue: spec.venue.map(str::to_owned),
        sessions: Vec::new(),
    })
}

/// A morning and an afternoon session on each of the class's first three
/// days, each with its audit record, as the instructor adds them.
async fn add_sessions(
    db: &DatabaseConnection,
    teacher: &Actor,
    class: &Held,
) -> Result<Vec<class_sessions::Model>, DemoError> {
    let days = ((class.ends_on - class.starts_on).num_days() + 1).clamp(1, 3);
    let venue = class.venue.clone().unwrap_or_default();
    let region = RegionCode::parse(&class.region).ok();
    let txn = db::begin_write(db).await?;
    let mut sessions = Vec::new();
    for day in 0..days {
        let date = class.starts_on + Duration::days(day);
        for (from, to) in [(9, 12), (14, 17)] {
            let session = class_sessions::insert(
                &txn,
                class_sessions::NewSession {
                    class: class.id,
                    starts_at: china(date, from),
                    ends_at: china(date, to),
                    venue: &venue,
                    capacity_note: None,
                    checkin_secret: &new_checkin_secret(),
                },
            )
            .await?;
            let view = session.view();
            let entry = Entry::new(AuditAction::SessionCreated, AuditObject::Session, view.id.0)
                .in_region(region.as_ref())
                .after(&view);
            let at = china(class.starts_on - Duration::days(28), 10);
            audit::record(&txn, teacher, entry, at).await?;
            sessions.push(session);
        }
    }
    txn.commit().await?;
    Ok(sessions)
}

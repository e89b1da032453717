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
use cultivator_shared::{
    ClassId, EnrollmentMode, EnrollmentStatus, ProgrammeId, Role, StageId, Track,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::DatabaseConnection;

use crate::db::{
    class_courses, class_sessions, classes, course_enrollments, courses, programmes, users,
};
use crate::domain::coordination::recount;
use crate::domain::learning::media::MediaStore;
use crate::domain::seed::bulk::{self, NewTrainee};
use crate::domain::seed::demo::{self, DemoError};
use crate::domain::seed::demo_media;

mod enrolments;
mod events;
mod schedule;
mod targets;

use enrolments::Plan;
use schedule::{CLASSES, add_sessions, create_class, held_from};

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

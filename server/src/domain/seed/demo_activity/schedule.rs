//! The demo programme's classes: those the activity adds (online cohorts
//! and offline classes of the first stage that finished or run now, and the
//! study tour that recruits), created as the class set-up page creates them,
//! and a morning and an afternoon session on each offline class's first days.

use chrono::{Duration, NaiveDate};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::{
    ClassId, EnrollmentMode, ProgrammeId, PublishState, RegionCode, StageId, Track, UserId,
};
use sea_orm::DatabaseConnection;

use super::{Held, china};
use crate::db::{self, class_sessions, classes};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::classes::setup::new_checkin_secret;
use crate::domain::seed::demo::DemoError;

/// A class the activity adds: days are counted from today.
pub struct ClassSpec {
    title: &'static str,
    track: Track,
    pub stage: usize,
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

pub const CLASSES: &[ClassSpec] = &[
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

pub fn held_from(class: classes::Model) -> Held {
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
pub async fn create_class(
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
pub async fn add_sessions(
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

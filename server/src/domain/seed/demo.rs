//! A small, realistic demo data set: regions in three provinces down to
//! villages, one account of every role, a programme with its five stages,
//! courses and classes. Loading it twice changes nothing. The programme in
//! motion (thousands of trainees, completions, targets) is added on top by
//! [`super::demo_activity`].

use chrono::{Datelike, Duration, NaiveDate, Utc};
use cultivator_shared::api::auth::NewAccount;
use cultivator_shared::validation::{Mobile, Password, PersonName};
use cultivator_shared::{
    ClassId, CreditHours, EnrollmentMode, EnrollmentStatus, PublishState, RegionCode, Role,
    RoleGrant, Track, UserId,
};
use sea_orm::{DatabaseConnection, Set};

use crate::db::{self, class_sessions, classes, courses, programmes, users};
use crate::domain::accounts::{self, AccountError};
use crate::domain::audit::Actor;
use crate::domain::learning::reading;
use crate::domain::seed::demo_platforms;
use crate::domain::seed::region_tree::{self, ImportError, RegionRow};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "demo2026";

/// The text of every demo article.
const DEMO_ARTICLE: &str = "本讲内容正在编写。";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Regions(#[from] ImportError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Targets(#[from] crate::domain::coordination::targets::CoordinationError),
    #[error("cannot store the demo media: {0}")]
    Media(#[from] crate::domain::learning::media::UploadError),
    #[error("demo data is malformed: {0}")]
    Malformed(&'static str),
}

/// A demo account to print at start-up.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub role: Role,
    pub name: &'static str,
    pub mobile: &'static str,
}

const REGIONS: &[(&str, &str, &str)] = &[
    ("5101", "成都市", "Chengdu"),
    ("510121", "金堂县", "Jintang County"),
    ("510121100", "淮口镇", "Huaikou Town"),
    ("510121100201", "龙王村", "Longwang Village"),
    ("510121100202", "红旗村", "Hongqi Village"),
    ("510121101", "白果镇", "Baiguo Town"),
    ("510121101201", "松林村", "Songlin Village"),
    ("5106", "德阳市", "Deyang"),
    ("510623", "中江县", "Zhongjiang County"),
    ("510623100", "南华镇", "Nanhua Town"),
    ("510623100201", "石泉村", "Shiquan Village"),
    ("5226", "黔东南苗族侗族自治州", "Qiandongnan Prefecture"),
    ("522601", "凯里市", "Kaili"),
    ("522601100", "三棵树镇", "Sankeshu Town"),
    ("522601100201", "南花村", "Nanhua Village"),
    ("4117", "驻马店市", "Zhumadian"),
    ("411721", "西平县", "Xiping County"),
    ("411721100", "出山镇", "Chushan Town"),
    ("411721100201", "棠溪村", "Tangxi Village"),
];

const ACCOUNTS: &[(Role, Option<&str>, &str, &str, &str)] = &[
    (Role::Admin, None, "王建国", "13800000001", "5101"),
    (Role::Coordinator, None, "陈立新", "13800000002", "5101"),
    (
        Role::Coordinator,
        Some("51"),
        "刘晓梅",
        "13800000003",
        "5101",
    ),
    (
        Role::Coordinator,
        Some("510121"),
        "赵志强",
        "13800000004",
        "510121",
    ),
    // Instructors, like coordinators, work in a region: Sichuan, where the
    // demo instructor lives and runs most of the demo classes.
    (
        Role::Instructor,
        Some("51"),
        "李春华",
        "13800000005",
        "5101",
    ),
    (Role::Trainee, None, "张秀英", "13800000010", "510121100201"),
    (Role::Trainee, None, "杨德明", "13800000011", "510121100202"),
    (Role::Trainee, None, "黄丽娟", "13800000012", "510121101201"),
    (Role::Trainee, None, "周大勇", "13800000013", "510623100201"),
    (Role::Trainee, None, "吴金花", "13800000014", "522601100201"),
    (Role::Trainee, None, "孙永福", "13800000015", "411721100201"),
];

/// The demo instructor, who authors the demo courses and runs the classes.
pub const INSTRUCTOR_MOBILE: &str = "13800000005";

/// The demo programme's title (the activity finds the programme by it).
pub const PROGRAMME_TITLE: &str = "乡村振兴人才培训计划（2025—2027）";

/// A demo staff account's id and its audit actor, as its own pages would
/// record it (its grants, no address).
pub(crate) async fn staff_actor(
    db: &DatabaseConnection,
    mobile: &str,
) -> Result<(UserId, Actor), DemoError> {
    let (role, scope) = ACCOUNTS
        .iter()
        .find(|a| a.3 == mobile)
        .map(|a| (a.0, a.1))
        .ok_or(DemoError::Malformed("no such demo account"))?;
    let user = users::find_by_mobile(db, mobile)
        .await?
        .ok_or(DemoError::Malformed("demo account missing"))?;
    let scope = scope
        .map(RegionCode::parse)
        .transpose()
        .map_err(|_| DemoError::Malformed("scope"))?;
    let grants = [RoleGrant::global(Role::Trainee), RoleGrant { role, scope }];
    let id = UserId(user.id);
    Ok((id, Actor::user(id, &grants, None)))
}

/// The id of the demo account with this mobile number.
pub(crate) async fn account_id(db: &DatabaseConnection, mobile: &str) -> Result<UserId, DemoError> {
    users::find_by_mobile(db, mobile)
        .await?
        .map(|u| UserId(u.id))
        .ok_or(DemoError::Malformed("demo account missing"))
}

pub fn accounts() -> Vec<DemoAccount> {
    ACCOUNTS
        .iter()
        .map(|(role, _, name, mobile, _)| DemoAccount {
            role: *role,
            name,
            mobile,
        })
        .collect()
}

/// Loads the demo data unless it is already there. Returns whether it loaded.
pub async fn load(db: &DatabaseConnection) -> Result<bool, DemoError> {
    demo_platforms::load(db).await?;
    let marker = ACCOUNTS
        .first()
        .map(|a| a.3)
        .ok_or(DemoError::Malformed("no accounts"))?;
    if users::find_by_mobile(db, marker).await?.is_some() {
        return Ok(false);
    }
    let rows = REGIONS
        .iter()
        .map(|(code, zh, en)| {
            let code = RegionCode::parse(code).map_err(|_| DemoError::Malformed("region code"))?;
            Ok(RegionRow {
                code,
                name_zh: (*zh).into(),
                name_en: (*en).into(),
            })
        })
        .collect::<Result<Vec<_>, DemoError>>()?;
    region_tree::import(db, rows).await?;

    let mut ids = Vec::new();
    for (role, scope, name, mobile, region) in ACCOUNTS {
        let account = NewAccount {
            name: PersonName::parse(name).map_err(|_| DemoError::Malformed("name"))?,
            mobile: Mobile::parse(mobile).map_err(|_| DemoError::Malformed("mobile"))?,
            password: Password::parse(DEMO_PASSWORD)
                .map_err(|_| DemoError::Malformed("password"))?,
            region: RegionCode::parse(region).map_err(|_| DemoError::Malformed("region"))?,
        };
        let user = accounts::register(db, account).await?;
        if *role != Role::Trainee {
            let scope = scope
                .map(RegionCode::parse)
                .transpose()
                .map_err(|_| DemoError::Malformed("scope"))?;
            let grant = RoleGrant { role: *role, scope };
            accounts::set_roles(
                db,
                &Actor::system("demo data"),
                user.id,
                vec![RoleGrant::global(Role::Trainee), grant],
            )
            .await?;
        }
        ids.push((*role, user.id));
    }
    let instructor = ids
        .iter()
        .find(|(r, _)| *r == Role::Instructor)
        .map(|(_, id)| *id);
    let instructor = instructor.ok_or(DemoError::Malformed("no instructor"))?;
    let trainees: Vec<UserId> = ids
        .iter()
        .filter(|(r, _)| *r == Role::Trainee)
        .map(|(_, id)| *id)
        .collect();
    load_training(db, instructor, &trainees).await?;
    Ok(true)
}

async fn load_training(
    db: &DatabaseConnection,
    instructor: UserId,
    trainees: &[UserId],
) -> Result<(), DemoError> {
    let today = Utc::now().date_naive();
    let year_start =
        NaiveDate::from_ymd_opt(today.year(), 1, 1).ok_or(DemoError::Malformed("date"))?;
    let txn = db::begin_write(db).await?;
    let programme = programmes::insert(
        &txn,
        PROGRAMME_TITLE,
        "面向乡村治理骨干和新型农业经营主体带头人的三年培训计划，线上学习与线下集中培训相结合。",
        year_start,
        year_start + Duration::days(3 * 365),
    )
    .await?;
    let stage_specs = [
        ("线上学习", Track::Online, false, false),
        ("首次线下集中培训", Track::Offline, true, false),
        ("考察学习", Track::Offline, true, true),
        ("进阶培训", Track::Offline, true, true),
        ("成果交流", Track::Offline, true, false),
    ];
    let mut stages = Vec::new();
    for (position, (title, track, requires_previous, requires_selection)) in (1..).zip(stage_specs)
    {
        let stage = programmes::NewStage {
            position,
            title,
            track,
            requires_previous,
            requires_selection,
            selected_by: cultivator_shared::RegionLevel::County,
        };
        stages.push(programmes::insert_stage(&txn, programme, stage).await?);
    }

    let course_specs = [
        (
            "乡村治理实务",
            "村规民约、议事协商与村务公开的实用方法，配合真实案例讲解。",
            "乡村治理",
            40,
            PublishState::Published,
        ),
        (
            "家庭农场经营管理",
            "从种养计划、成本核算到品牌打造，帮助家庭农场主算好账、管好场。",
            "经营管理",
            30,
            PublishState::Published,
        ),
        (
            "农产品电商入门",
            "开网店、拍短视频、做直播：把家乡的好产品卖出去。",
            "电子商务",
            25,
            PublishState::Published,
        ),
        (
            "合作社财务规范（编写中）",
            "尚未发布的课程。",
            "经营管理",
            20,
            PublishState::Draft,
        ),
    ];
    for (title, summary, category, tenths, state) in course_specs {
        let course = courses::insert(
            &txn,
            courses::NewCourse {
                title,
                summary,
                category,
                credit: CreditHours(tenths),
                state,
                author: instructor,
            },
        )
        .await?;
        for (module_pos, module_title) in (1..).zip(["基础知识", "案例与实践"]) {
            let module = courses::insert_module(&txn, course, module_pos, module_title).await?;
            for (lesson_pos, kind) in (1..).zip(["video", "article"]) {
                courses::insert_lesson(
                    &txn,
                    courses::lessons::ActiveModel {
                        module_id: Set(module.0),
                        position: Set(lesson_pos),
                        title: Set(format!("{module_title} · 第{lesson_pos}讲")),
                        kind: Set(kind.to_owned()),
                        required: Set(true),
                        credit_tenths: Set(5),
                        duration_secs: Set(Some(if kind == "video" {
                            600
                        } else {
                            i32::try_from(reading::required_reading_secs(DEMO_ARTICLE))
                                .unwrap_or(60)
                        })),
                        body: Set((kind == "article").then(|| DEMO_ARTICLE.to_owned())),
                        media_path: Set(None),
                        ..Default::default()
                    },
                )
                .await?;
            }
        }
    }

    let region =
        |code: &str| RegionCode::parse(code).map_err(|_| DemoError::Malformed("class region"));
    let class_specs = [
        (
            "四川省新型农业经营主体带头人培训班（第一期）",
            Track::Offline,
            1,
            "51",
            30,
            40,
            EnrollmentMode::Open,
            Some("成都市温江区四川农业大学继续教育学院"),
        ),
        (
            "金堂县乡村治理骨干培训班",
            Track::Offline,
            1,
            "510121",
            45,
            30,
            EnrollmentMode::Approval,
            Some("金堂县淮口镇党群服务中心"),
        ),
        (
            "乡村治理骨干线上研修班（2026秋季）",
            Track::Online,
            0,
            "51",
            10,
            500,
            EnrollmentMode::Open,
            None,
        ),
        (
            "黔东南州农村电商带头人培训班",
            Track::Offline,
            1,
            "5226",
            60,
            35,
            EnrollmentMode::Open,
            Some("凯里市农业农村局培训中心"),
        ),
    ];
    let mut class_ids: Vec<ClassId> = Vec::new();
    for (title, track, stage_index, code, start_in_days, seats, mode, venue) in class_specs {
        let starts_on = today + Duration::days(start_in_days);
        let class = classes::NewClass {
            title,
            track,
            programme,
            stage: stages.get(stage_index).copied(),
            region: &region(code)?,
            starts_on,
            ends_on: starts_on + Duration::days(if track == Track::Online { 60 } else { 5 }),
            seat_limit: seats,
            mode,
            state: PublishState::Published,
            venue,
            attendance_threshold_pct: (track == Track::Offline).then_some(80),
            planned_sessions: None,
            created_by: instructor,
        };
        let id = classes::insert(&txn, class).await?;
        // Creating a class grants nothing by itself: its instructor is listed.
        class_sessions::add_instructor(&txn, id, instructor).await?;
        class_ids.push(id);
    }
    if let Some(first) = class_ids.first() {
        for trainee in trainees.iter().take(4) {
            classes::insert_enrollment(&txn, *first, *trainee, EnrollmentStatus::Enrolled).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

//! Classes (online cohorts and offline courses at a venue) and the trainees
//! enrolled in them.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use cultivator_shared::api::catalog::ClassSummary;
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{
    ClassId, EnrollmentId, EnrollmentMode, EnrollmentStatus, ProgrammeId, PublishState, RegionCode,
    StageId, Track, UserId,
};
use sea_orm::entity::prelude::*;
use sea_orm::{FromQueryResult, QueryOrder, QuerySelect, Set};

use super::platforms::shown_on;
use super::{corrupt, programmes, regions};

pub mod enrollments {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "enrollments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub class_id: i64,
        pub user_id: i64,
        pub status: String,
        pub waitlist_position: Option<i32>,
        pub applied_at: DateTimeUtc,
        pub decided_at: Option<DateTimeUtc>,
        pub completed_at: Option<DateTimeUtc>,
        /// The manager who removed the trainee, while they stay removed.
        pub removed_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "classes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub track: String,
    pub programme_id: i64,
    pub stage_id: Option<i64>,
    pub region_code: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub seat_limit: i32,
    pub enrollment_mode: String,
    pub state: String,
    pub venue: Option<String>,
    pub attendance_threshold_pct: Option<i32>,
    pub planned_sessions: Option<i32>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancel_reason: Option<String>,
    /// The platform that owns the class and alone lists it; `None`:
    /// shared nationally.
    pub platform_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }

    pub fn cancellation(&self) -> Option<cultivator_shared::api::classes::Cancellation> {
        self.cancelled_at
            .map(|at| cultivator_shared::api::classes::Cancellation {
                at,
                reason: self.cancel_reason.clone().unwrap_or_default(),
            })
    }
}

/// A class's editable settings, already checked.
pub struct Settings<'a> {
    pub title: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seat_limit: u32,
    pub mode: EnrollmentMode,
    pub venue: Option<&'a str>,
}

pub async fn update_settings(
    db: &impl ConnectionTrait,
    class: ClassId,
    settings: Settings<'_>,
) -> Result<(), DbErr> {
    ActiveModel {
        id: sea_orm::Unchanged(class.0),
        title: Set(settings.title.to_owned()),
        starts_on: Set(settings.starts_on),
        ends_on: Set(settings.ends_on),
        seat_limit: Set(i32::try_from(settings.seat_limit).unwrap_or(i32::MAX)),
        enrollment_mode: Set(settings.mode.as_str().to_owned()),
        venue: Set(settings.venue.map(str::to_owned)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Marks the class cancelled (rows stay: enrollments, attendance and counts
/// keep their history).
pub async fn cancel(
    db: &impl ConnectionTrait,
    class: ClassId,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    ActiveModel {
        id: sea_orm::Unchanged(class.0),
        cancelled_at: Set(Some(at)),
        cancel_reason: Set(Some(reason.to_owned())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// The titles of these classes, by id (one query).
pub async fn titles_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String)> = Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::Title)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Everyone in the class in one of `statuses`.
pub async fn people_in(
    db: &impl ConnectionTrait,
    class: ClassId,
    statuses: &[EnrollmentStatus],
) -> Result<Vec<UserId>, DbErr> {
    let ids: Vec<i64> = enrollments::Entity::find()
        .select_only()
        .column(enrollments::Column::UserId)
        .filter(enrollments::Column::ClassId.eq(class.0))
        .filter(enrollments::Column::Status.is_in(statuses.iter().map(|s| s.as_str())))
        .order_by_asc(enrollments::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

pub struct NewClass<'a> {
    pub title: &'a str,
    pub track: Track,
    pub programme: ProgrammeId,
    pub stage: Option<StageId>,
    pub region: &'a RegionCode,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub seat_limit: u32,
    pub mode: EnrollmentMode,
    pub state: PublishState,
    pub venue: Option<&'a str>,
    pub attendance_threshold_pct: Option<u8>,
    pub planned_sessions: Option<u32>,
    pub created_by: UserId,
}

pub async fn insert(db: &impl ConnectionTrait, class: NewClass<'_>) -> Result<ClassId, DbErr> {
    let model = ActiveModel {
        title: Set(class.title.to_owned()),
        track: Set(class.track.as_str().to_owned()),
        programme_id: Set(class.programme.0),
        stage_id: Set(class.stage.map(|s| s.0)),
        region_code: Set(class.region.to_string()),
        starts_on: Set(class.starts_on),
        ends_on: Set(class.ends_on),
        seat_limit: Set(i32::try_from(class.seat_limit).unwrap_or(i32::MAX)),
        enrollment_mode: Set(class.mode.as_str().to_owned()),
        state: Set(class.state.as_str().to_owned()),
        venue: Set(class.venue.map(str::to_owned)),
        attendance_threshold_pct: Set(class.attendance_threshold_pct.map(i32::from)),
        planned_sessions: Set(class
            .planned_sessions
            .map(|n| i32::try_from(n).unwrap_or(i32::MAX))),
        created_by: Set(class.created_by.0),
        created_at: Set(Utc::now()),
        cancelled_at: Set(None),
        cancel_reason: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(ClassId(model.id))
}

pub async fn insert_enrollment(
    db: &impl ConnectionTrait,
    class: ClassId,
    user: UserId,
    status: EnrollmentStatus,
) -> Result<EnrollmentId, DbErr> {
    let now = Utc::now();
    let model = enrollments::ActiveModel {
        class_id: Set(class.0),
        user_id: Set(user.0),
        status: Set(status.as_str().to_owned()),
        waitlist_position: Set(None),
        applied_at: Set(now),
        decided_at: Set(Some(now)),
        completed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(EnrollmentId(model.id))
}

#[derive(FromQueryResult)]
struct SeatCount {
    class_id: i64,
    taken: i64,
}

/// Published classes shown on `platform` that have not ended by `today`,
/// soonest first, with their programme, stage, region and how many seats
/// are taken.
pub async fn open(
    db: &impl ConnectionTrait,
    platform: i64,
    today: NaiveDate,
    limit: u64,
    offset: u64,
) -> Result<(Vec<ClassSummary>, u64), DbErr> {
    let select = Entity::find()
        .filter(Column::State.eq(PublishState::Published.as_str()))
        .filter(Column::CancelledAt.is_null())
        .filter(Column::EndsOn.gte(today))
        .filter(shown_on(Column::PlatformId, platform));
    let total = select.clone().count(db).await?;
    let classes = select
        .order_by_asc(Column::StartsOn)
        .order_by_asc(Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((summarise(db, classes).await?, total))
}

/// Class id → seats taken (by enrollments that hold one), for `ids`; a
/// class with none is left out.
pub async fn seats_taken(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, i64>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(enrollments::Entity::find()
        .select_only()
        .column(enrollments::Column::ClassId)
        .column_as(enrollments::Column::Id.count(), "taken")
        .filter(enrollments::Column::ClassId.is_in(ids.iter().copied()))
        .filter(
            enrollments::Column::Status.is_in(
                EnrollmentStatus::ALL
                    .iter()
                    .filter(|s| s.holds_seat())
                    .map(|s| s.as_str()),
            ),
        )
        .group_by(enrollments::Column::ClassId)
        .into_model::<SeatCount>()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.class_id, s.taken))
        .collect())
}

/// The catalogue view of these classes, in the same order, with programme,
/// stage, region and how many seats are taken.
pub async fn summarise(
    db: &impl ConnectionTrait,
    classes: Vec<Model>,
) -> Result<Vec<ClassSummary>, DbErr> {
    let ids: Vec<i64> = classes.iter().map(|c| c.id).collect();
    let seats = seats_taken(db, &ids).await?;
    let programme_titles: HashMap<i64, String> = programmes::Entity::find()
        .filter(programmes::Column::Id.is_in(classes.iter().map(|c| c.programme_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    let stage_titles: HashMap<i64, String> = programmes::stages::Entity::find()
        .filter(programmes::stages::Column::Id.is_in(classes.iter().filter_map(|c| c.stage_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.title))
        .collect();
    let region_views: HashMap<String, RegionView> =
        regions::many(db, classes.iter().map(|c| c.region_code.clone()).collect())
            .await?
            .into_iter()
            .map(|r| (r.code.to_string(), r))
            .collect();

    classes
        .into_iter()
        .map(|c| {
            let region = region_views
                .get(&c.region_code)
                .cloned()
                .ok_or_else(|| corrupt("classes", "region_code", &c.region_code))?;
            Ok(ClassSummary {
                id: ClassId(c.id),
                track: Track::parse(&c.track)
                    .ok_or_else(|| corrupt("classes", "track", &c.track))?,
                enrollment_mode: EnrollmentMode::parse(&c.enrollment_mode)
                    .ok_or_else(|| corrupt("classes", "enrollment_mode", &c.enrollment_mode))?,
                programme: programme_titles
                    .get(&c.programme_id)
                    .cloned()
                    .unwrap_or_default(),
                stage: c
                    .stage_id
                    .and_then(|s| stage_titles.get(&s).cloned())
                    .unwrap_or_default(),
                region,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                venue: c.venue,
                seat_limit: c.seat_limit.try_into().unwrap_or(0),
                seats_taken: seats
                    .get(&c.id)
                    .copied()
                    .unwrap_or(0)
                    .try_into()
                    .unwrap_or(0),
                title: c.title,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()
}

/// Moves an enrollment from `Enrolled` to `Completed`; false if it was not enrolled.
pub async fn mark_completed(
    db: &impl ConnectionTrait,
    id: EnrollmentId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = enrollments::Entity::update_many()
        .col_expr(
            enrollments::Column::Status,
            Expr::value(EnrollmentStatus::Completed.as_str()),
        )
        .col_expr(enrollments::Column::CompletedAt, Expr::value(at))
        .filter(enrollments::Column::Id.eq(id.0))
        .filter(enrollments::Column::Status.eq(EnrollmentStatus::Enrolled.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Like [`open`], only classes serving one of `regions`.
pub async fn open_in(
    db: &impl ConnectionTrait,
    platform: i64,
    regions: &[RegionCode],
    today: NaiveDate,
    limit: u64,
    offset: u64,
) -> Result<(Vec<ClassSummary>, u64), DbErr> {
    let select = Entity::find()
        .filter(Column::State.eq(PublishState::Published.as_str()))
        .filter(Column::CancelledAt.is_null())
        .filter(Column::EndsOn.gte(today))
        .filter(Column::RegionCode.is_in(regions.iter().map(|r| r.as_str().to_owned())))
        .filter(shown_on(Column::PlatformId, platform));
    let total = select.clone().count(db).await?;
    let classes = select
        .order_by_asc(Column::StartsOn)
        .order_by_asc(Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((summarise(db, classes).await?, total))
}

/// A programme's classes in the order they were created.
pub async fn of_programme(
    db: &impl ConnectionTrait,
    programme: ProgrammeId,
) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::ProgrammeId.eq(programme.0))
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

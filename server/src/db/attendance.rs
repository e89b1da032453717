//! Attendance at sessions, and the audit of corrections made by hand.

use chrono::{DateTime, Utc};
use cultivator_shared::api::checkin::{AttendanceCorrection, AttendanceMethod, AttendanceState};
use cultivator_shared::{ClassSessionId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

use super::corrupt;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub user_id: i64,
    pub state: String,
    pub method: String,
    pub recorded_at: DateTimeUtc,
    pub recorded_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn state(&self) -> Result<AttendanceState, DbErr> {
        AttendanceState::parse(&self.state)
            .ok_or_else(|| corrupt("attendance", "state", &self.state))
    }

    pub fn method(&self) -> Result<AttendanceMethod, DbErr> {
        AttendanceMethod::parse(&self.method)
            .ok_or_else(|| corrupt("attendance", "method", &self.method))
    }
}

pub mod corrections {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "attendance_corrections")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub session_id: i64,
        pub user_id: i64,
        pub from_state: Option<String>,
        pub to_state: String,
        pub corrected_by: i64,
        pub corrected_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub async fn find(
    db: &impl ConnectionTrait,
    session: ClassSessionId,
    user: UserId,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::SessionId.eq(session.0))
        .filter(Column::UserId.eq(user.0))
        .one(db)
        .await
}

pub async fn of_session(
    db: &impl ConnectionTrait,
    session: ClassSessionId,
) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::SessionId.eq(session.0))
        .order_by_asc(Column::RecordedAt)
        .all(db)
        .await
}

pub struct Record {
    pub session: ClassSessionId,
    pub user: UserId,
    pub state: AttendanceState,
    pub method: AttendanceMethod,
    pub at: DateTime<Utc>,
    pub by: Option<UserId>,
}

/// Records attendance, replacing an earlier record of the same trainee.
pub async fn upsert(
    db: &impl ConnectionTrait,
    existing: Option<Model>,
    record: Record,
) -> Result<Model, DbErr> {
    match existing {
        Some(row) => {
            let mut model: ActiveModel = row.into();
            model.state = Set(record.state.as_str().to_owned());
            model.method = Set(record.method.as_str().to_owned());
            model.recorded_at = Set(record.at);
            model.recorded_by = Set(record.by.map(|u| u.0));
            model.update(db).await
        }
        None => {
            ActiveModel {
                session_id: Set(record.session.0),
                user_id: Set(record.user.0),
                state: Set(record.state.as_str().to_owned()),
                method: Set(record.method.as_str().to_owned()),
                recorded_at: Set(record.at),
                recorded_by: Set(record.by.map(|u| u.0)),
                ..Default::default()
            }
            .insert(db)
            .await
        }
    }
}

pub async fn insert_correction(
    db: &impl ConnectionTrait,
    session: ClassSessionId,
    correction: &AttendanceCorrection,
) -> Result<(), DbErr> {
    corrections::ActiveModel {
        session_id: Set(session.0),
        user_id: Set(correction.user.0),
        from_state: Set(correction.from.map(|s| s.as_str().to_owned())),
        to_state: Set(correction.to.as_str().to_owned()),
        corrected_by: Set(correction.corrected_by.0),
        corrected_at: Set(correction.corrected_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn corrections_of(
    db: &impl ConnectionTrait,
    session: ClassSessionId,
) -> Result<Vec<AttendanceCorrection>, DbErr> {
    corrections::Entity::find()
        .filter(corrections::Column::SessionId.eq(session.0))
        .order_by_asc(corrections::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            let parse = |s: &str| {
                AttendanceState::parse(s)
                    .ok_or_else(|| corrupt("attendance_corrections", "state", s))
            };
            Ok(AttendanceCorrection {
                user: UserId(c.user_id),
                from: c.from_state.as_deref().map(parse).transpose()?,
                to: parse(&c.to_state)?,
                corrected_by: UserId(c.corrected_by),
                corrected_at: c.corrected_at,
            })
        })
        .collect()
}

//! Per-lesson progress of each trainee (verified watch time, resume position,
//! completion), read and written a batch at a time by the progress writer.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cultivator_shared::{CourseId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{QuerySelect, Set};

use super::courses::{self, lessons, modules};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lesson_progress")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub lesson_id: i64,
    /// JSON `[[from_ms, to_ms], ...]`, merged.
    pub played: String,
    pub played_ms: i64,
    pub position_ms: i64,
    pub last_report_ms: Option<i64>,
    pub completed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    /// An article's end was scrolled into view.
    pub reached_end: bool,
    /// Verified media ms at which the next attention check is issued.
    pub attention_next_ms: Option<i64>,
    /// The attention check waiting for an answer: its number and issue time.
    pub attention_code: Option<i32>,
    pub attention_issued_ms: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What judging a report needs to know about its lesson and course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonFacts {
    pub lesson_id: i64,
    pub course_id: i64,
    pub kind: String,
    pub duration_secs: Option<i32>,
    pub threshold_pct: i32,
    pub course_credit_tenths: i32,
    pub course_state: String,
    pub attention_every_minutes: Option<i32>,
}

/// Facts for each of `lesson_ids` that exists, keyed by lesson id.
pub async fn lesson_facts(
    db: &impl ConnectionTrait,
    lesson_ids: &[i64],
) -> Result<HashMap<i64, LessonFacts>, DbErr> {
    let lessons = lessons::Entity::find()
        .filter(lessons::Column::Id.is_in(lesson_ids.iter().copied()))
        .all(db)
        .await?;
    let module_ids: Vec<i64> = lessons.iter().map(|l| l.module_id).collect();
    let modules: HashMap<i64, i64> = modules::Entity::find()
        .filter(modules::Column::Id.is_in(module_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.course_id))
        .collect();
    let courses: HashMap<i64, courses::Model> = courses::Entity::find()
        .filter(courses::Column::Id.is_in(modules.values().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(lessons
        .into_iter()
        .filter_map(|l| {
            let course = courses.get(modules.get(&l.module_id)?)?;
            Some((
                l.id,
                LessonFacts {
                    lesson_id: l.id,
                    course_id: course.id,
                    kind: l.kind,
                    duration_secs: l.duration_secs,
                    threshold_pct: course.completion_threshold_pct,
                    course_credit_tenths: course.credit_tenths,
                    course_state: course.state.clone(),
                    attention_every_minutes: course.attention_every_minutes,
                },
            ))
        })
        .collect())
}

/// Progress rows of any of `users` in any of `lessons`, keyed by (user, lesson).
/// Locked for update on PostgreSQL (SQLite's write transaction already is).
pub async fn for_update(
    db: &impl ConnectionTrait,
    users: &[i64],
    lessons: &[i64],
) -> Result<HashMap<(i64, i64), Model>, DbErr> {
    let mut select = Entity::find()
        .filter(Column::UserId.is_in(users.iter().copied()))
        .filter(Column::LessonId.is_in(lessons.iter().copied()));
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        select = select.lock_exclusive();
    }
    Ok(select
        .all(db)
        .await?
        .into_iter()
        .map(|m| ((m.user_id, m.lesson_id), m))
        .collect())
}

pub async fn find(
    db: &impl ConnectionTrait,
    user: UserId,
    lesson: i64,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::UserId.eq(user.0))
        .filter(Column::LessonId.eq(lesson))
        .one(db)
        .await
}

/// Inserts or overwrites these rows, in multi-row statements.
pub async fn upsert_many(db: &impl ConnectionTrait, rows: Vec<Model>) -> Result<(), DbErr> {
    // 13 values a row; stay far below SQLite's bound-parameter limit.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<ActiveModel> = rows
            .by_ref()
            .take(400)
            .map(|m| ActiveModel {
                user_id: Set(m.user_id),
                lesson_id: Set(m.lesson_id),
                played: Set(m.played),
                played_ms: Set(m.played_ms),
                position_ms: Set(m.position_ms),
                last_report_ms: Set(m.last_report_ms),
                completed_at: Set(m.completed_at),
                updated_at: Set(m.updated_at),
                reached_end: Set(m.reached_end),
                attention_next_ms: Set(m.attention_next_ms),
                attention_code: Set(m.attention_code),
                attention_issued_ms: Set(m.attention_issued_ms),
                ..Default::default()
            })
            .collect();
        Entity::insert_many(chunk)
            .on_conflict(
                OnConflict::columns([Column::UserId, Column::LessonId])
                    .update_columns([
                        Column::Played,
                        Column::PlayedMs,
                        Column::PositionMs,
                        Column::LastReportMs,
                        Column::CompletedAt,
                        Column::UpdatedAt,
                        Column::ReachedEnd,
                        Column::AttentionNextMs,
                        Column::AttentionCode,
                        Column::AttentionIssuedMs,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Whether `user` has completed every required lesson of `course`.
pub async fn all_required_lessons_complete(
    db: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
) -> Result<bool, DbErr> {
    let module_ids: Vec<i64> = modules::Entity::find()
        .filter(modules::Column::CourseId.eq(course.0))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let required: Vec<i64> = lessons::Entity::find()
        .select_only()
        .column(lessons::Column::Id)
        .filter(lessons::Column::ModuleId.is_in(module_ids))
        .filter(lessons::Column::Required.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    let done = Entity::find()
        .filter(Column::UserId.eq(user.0))
        .filter(Column::LessonId.is_in(required.iter().copied()))
        .filter(Column::CompletedAt.is_not_null())
        .count(db)
        .await?;
    Ok(done == u64::try_from(required.len()).unwrap_or(u64::MAX))
}

/// A fresh row for a (user, lesson) that has no progress yet.
pub fn blank(user: i64, lesson: i64, now: DateTime<Utc>) -> Model {
    Model {
        id: 0,
        user_id: user,
        lesson_id: lesson,
        played: "[]".into(),
        played_ms: 0,
        position_ms: 0,
        last_report_ms: None,
        completed_at: None,
        updated_at: now,
        reached_end: false,
        attention_next_ms: None,
        attention_code: None,
        attention_issued_ms: None,
    }
}

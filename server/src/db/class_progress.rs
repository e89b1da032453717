//! The figures behind a class's progress list: the lessons of its courses,
//! each member's progress in them, and their best quiz scores — one query
//! each for the whole class.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cultivator_shared::CourseId;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Query;
use sea_orm::{JoinType, QuerySelect};

use super::courses::{lessons, modules};
use super::{lesson_progress, quizzes};

/// The lessons of `courses`, and whether each is required.
pub async fn lessons_of(
    db: &impl ConnectionTrait,
    courses: &[CourseId],
) -> Result<Vec<(i64, bool)>, DbErr> {
    if courses.is_empty() {
        return Ok(Vec::new());
    }
    lessons::Entity::find()
        .select_only()
        .column(lessons::Column::Id)
        .column(lessons::Column::Required)
        .join(JoinType::InnerJoin, lessons::Relation::Module.def())
        .filter(modules::Column::CourseId.is_in(courses.iter().map(|c| c.0)))
        .into_tuple()
        .all(db)
        .await
}

/// One member's progress rows over some lessons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub completed: Vec<i64>,
    pub played_ms: i64,
    pub last_activity: Option<DateTime<Utc>>,
}

/// Per member: the lessons of `lessons` they completed, their verified
/// play and reading time over them, and when they last made progress.
pub async fn totals(
    db: &impl ConnectionTrait,
    members: &[i64],
    lesson_ids: &[i64],
) -> Result<HashMap<i64, Totals>, DbErr> {
    let mut out: HashMap<i64, Totals> = HashMap::new();
    if members.is_empty() || lesson_ids.is_empty() {
        return Ok(out);
    }
    type Row = (i64, i64, Option<DateTime<Utc>>, i64, DateTime<Utc>);
    let rows: Vec<Row> = lesson_progress::Entity::find()
        .select_only()
        .column(lesson_progress::Column::UserId)
        .column(lesson_progress::Column::LessonId)
        .column(lesson_progress::Column::CompletedAt)
        .column(lesson_progress::Column::PlayedMs)
        .column(lesson_progress::Column::UpdatedAt)
        .filter(lesson_progress::Column::UserId.is_in(members.iter().copied()))
        .filter(lesson_progress::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    for (user, lesson, completed_at, played_ms, updated_at) in rows {
        let entry = out.entry(user).or_default();
        if completed_at.is_some() {
            entry.completed.push(lesson);
        }
        entry.played_ms = entry.played_ms.saturating_add(played_ms.max(0));
        entry.last_activity = entry.last_activity.max(Some(updated_at));
    }
    Ok(out)
}

/// Per member: the best submitted score over the quizzes of `courses`.
pub async fn best_quiz_scores(
    db: &impl ConnectionTrait,
    members: &[i64],
    courses: &[CourseId],
) -> Result<HashMap<i64, i32>, DbErr> {
    if members.is_empty() || courses.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, Option<i32>)> = quizzes::attempts::Entity::find()
        .select_only()
        .column(quizzes::attempts::Column::UserId)
        .column_as(quizzes::attempts::Column::ScorePct.max(), "best")
        .filter(
            quizzes::attempts::Column::QuizId.in_subquery(
                Query::select()
                    .column(quizzes::Column::Id)
                    .from(quizzes::Entity)
                    .and_where(quizzes::Column::CourseId.is_in(courses.iter().map(|c| c.0)))
                    .to_owned(),
            ),
        )
        .filter(quizzes::attempts::Column::UserId.is_in(members.iter().copied()))
        .filter(quizzes::attempts::Column::SubmittedAt.is_not_null())
        .group_by(quizzes::attempts::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(user, best)| best.map(|b| (user, b)))
        .collect())
}

//! Read-only queries behind the learning pages: the catalogue's search,
//! course summaries, a trainee's progress rows and attempts across a course,
//! and an author's own courses.

use std::collections::HashMap;

use cultivator_shared::api::catalog::CourseSummary;
use cultivator_shared::{CourseId, CreditHours, PublishState, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{ExprTrait, Func, LikeExpr};
use sea_orm::{Condition, FromQueryResult, JoinType, QueryOrder, QuerySelect};

use super::courses::{self, lessons, modules};
use super::platforms::shown_on;
use super::{lesson_progress, quizzes};

#[derive(FromQueryResult)]
struct LessonCount {
    course_id: i64,
    lessons: i64,
}

/// A LIKE pattern matching `words` anywhere, with `%`, `_` and `\` taken literally.
fn contains_pattern(words: &str) -> String {
    let mut pattern = String::from("%");
    for c in words.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Published courses shown on `platform` matching the search words (title
/// or summary) and the category, newest first, with the total that match.
pub async fn published_matching(
    db: &impl ConnectionTrait,
    platform: i64,
    words: Option<&str>,
    category: Option<&str>,
    limit: u64,
    offset: u64,
) -> Result<(Vec<CourseSummary>, u64), DbErr> {
    let mut select = courses::Entity::find()
        .filter(courses::Column::State.eq(PublishState::Published.as_str()))
        .filter(shown_on(courses::Column::PlatformId, platform));
    if let Some(words) = words {
        let like = |column| {
            Func::lower(Expr::col((courses::Entity, column)))
                .like(LikeExpr::new(contains_pattern(words)).escape('\\'))
        };
        select = select.filter(
            Condition::any()
                .add(like(courses::Column::Title))
                .add(like(courses::Column::Summary)),
        );
    }
    if let Some(category) = category {
        select = select.filter(courses::Column::Category.eq(category));
    }
    let total = select.clone().count(db).await?;
    let found = select
        .order_by_desc(courses::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((summaries(db, found).await?, total))
}

/// The categories of published courses shown on `platform`, in order.
pub async fn published_categories(
    db: &impl ConnectionTrait,
    platform: i64,
) -> Result<Vec<String>, DbErr> {
    courses::Entity::find()
        .select_only()
        .column(courses::Column::Category)
        .distinct()
        .filter(courses::Column::State.eq(PublishState::Published.as_str()))
        .filter(shown_on(courses::Column::PlatformId, platform))
        .order_by_asc(courses::Column::Category)
        .into_tuple::<String>()
        .all(db)
        .await
}

/// Summaries (with lesson counts) of these courses, in the same order.
pub async fn summaries(
    db: &impl ConnectionTrait,
    found: Vec<courses::Model>,
) -> Result<Vec<CourseSummary>, DbErr> {
    let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
    let counts: HashMap<i64, i64> = modules::Entity::find()
        .select_only()
        .column(modules::Column::CourseId)
        .column_as(lessons::Column::Id.count(), "lessons")
        .join(JoinType::InnerJoin, modules::Relation::Lessons.def())
        .filter(modules::Column::CourseId.is_in(ids))
        .group_by(modules::Column::CourseId)
        .into_model::<LessonCount>()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.course_id, c.lessons))
        .collect();
    Ok(found
        .into_iter()
        .map(|c| CourseSummary {
            id: CourseId(c.id),
            lesson_count: counts
                .get(&c.id)
                .copied()
                .unwrap_or(0)
                .try_into()
                .unwrap_or(0),
            title: c.title,
            summary: c.summary,
            category: c.category,
            credit_hours: CreditHours(c.credit_tenths.try_into().unwrap_or(0)),
        })
        .collect())
}

pub async fn courses_by_id(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<courses::Model>, DbErr> {
    courses::Entity::find()
        .filter(courses::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

/// Courses written by `author` (every course when `None`), newest first.
pub async fn authored(
    db: &impl ConnectionTrait,
    author: Option<UserId>,
) -> Result<Vec<courses::Model>, DbErr> {
    let mut select = courses::Entity::find();
    if let Some(author) = author {
        select = select.filter(courses::Column::AuthorId.eq(author.0));
    }
    select.order_by_desc(courses::Column::Id).all(db).await
}

/// The lessons of these courses as (course id, lesson), in course order:
/// module by module, lesson by lesson.
pub async fn lessons_in_order(
    db: &impl ConnectionTrait,
    course_ids: &[i64],
) -> Result<Vec<(i64, lessons::Model)>, DbErr> {
    let mods = modules::Entity::find()
        .filter(modules::Column::CourseId.is_in(course_ids.iter().copied()))
        .order_by_asc(modules::Column::Position)
        .order_by_asc(modules::Column::Id)
        .all(db)
        .await?;
    let mut all = lessons::Entity::find()
        .filter(lessons::Column::ModuleId.is_in(mods.iter().map(|m| m.id)))
        .order_by_asc(lessons::Column::Position)
        .order_by_asc(lessons::Column::Id)
        .all(db)
        .await?;
    let mut ordered = Vec::with_capacity(all.len());
    for module in &mods {
        let (mine, rest): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|l| l.module_id == module.id);
        all = rest;
        ordered.extend(mine.into_iter().map(|l| (module.course_id, l)));
    }
    Ok(ordered)
}

/// `user`'s progress rows in any of `lesson_ids`.
pub async fn progress_in(
    db: &impl ConnectionTrait,
    user: UserId,
    lesson_ids: &[i64],
) -> Result<Vec<lesson_progress::Model>, DbErr> {
    if lesson_ids.is_empty() {
        return Ok(Vec::new());
    }
    lesson_progress::Entity::find()
        .filter(lesson_progress::Column::UserId.eq(user.0))
        .filter(lesson_progress::Column::LessonId.is_in(lesson_ids.iter().copied()))
        .all(db)
        .await
}

/// The quizzes of these courses, oldest first.
pub async fn quizzes_of(
    db: &impl ConnectionTrait,
    course_ids: &[i64],
) -> Result<Vec<quizzes::Model>, DbErr> {
    quizzes::Entity::find()
        .filter(quizzes::Column::CourseId.is_in(course_ids.iter().copied()))
        .order_by_asc(quizzes::Column::Id)
        .all(db)
        .await
}

/// `user`'s attempts at any of `quiz_ids`, oldest first.
pub async fn attempts_in(
    db: &impl ConnectionTrait,
    user: UserId,
    quiz_ids: &[i64],
) -> Result<Vec<quizzes::attempts::Model>, DbErr> {
    if quiz_ids.is_empty() {
        return Ok(Vec::new());
    }
    quizzes::attempts::Entity::find()
        .filter(quizzes::attempts::Column::UserId.eq(user.0))
        .filter(quizzes::attempts::Column::QuizId.is_in(quiz_ids.iter().copied()))
        .order_by_asc(quizzes::attempts::Column::Id)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_taken_literally() {
        assert_eq!(contains_pattern("Rice"), "%rice%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}

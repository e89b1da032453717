//! Everything kept about one person, table by table, for "download my
//! data", and what of it goes when they delete their account.

use std::collections::HashMap;

use cultivator_shared::UserId;
use sea_orm::QueryOrder;
use sea_orm::entity::prelude::*;

use super::classes::{self, enrollments};
use super::{
    attendance, class_sessions, course_enrollments, courses, credit_entries, lesson_progress,
    login_throttle, roster_accounts,
};

/// The person's rows, each table in the order things happened, with the
/// titles of what they refer to.
pub struct Rows {
    pub enrolments: Vec<enrollments::Model>,
    pub course_enrolments: Vec<course_enrollments::Model>,
    pub attendance: Vec<attendance::Model>,
    pub progress: Vec<lesson_progress::Model>,
    pub credits: Vec<credit_entries::Model>,
    pub classes: HashMap<i64, classes::Model>,
    pub courses: HashMap<i64, String>,
    pub sessions: HashMap<i64, class_sessions::Model>,
    pub lessons: HashMap<i64, String>,
}

pub async fn of(db: &impl ConnectionTrait, user: UserId) -> Result<Rows, DbErr> {
    let enrolments = enrollments::Entity::find()
        .filter(enrollments::Column::UserId.eq(user.0))
        .order_by_asc(enrollments::Column::Id)
        .all(db)
        .await?;
    let course_enrolments = course_enrollments::Entity::find()
        .filter(course_enrollments::Column::UserId.eq(user.0))
        .order_by_asc(course_enrollments::Column::Id)
        .all(db)
        .await?;
    let attendance = attendance::Entity::find()
        .filter(attendance::Column::UserId.eq(user.0))
        .order_by_asc(attendance::Column::Id)
        .all(db)
        .await?;
    let progress = lesson_progress::Entity::find()
        .filter(lesson_progress::Column::UserId.eq(user.0))
        .order_by_asc(lesson_progress::Column::Id)
        .all(db)
        .await?;
    let credits = credit_entries::Entity::find()
        .filter(credit_entries::Column::UserId.eq(user.0))
        .order_by_asc(credit_entries::Column::Id)
        .all(db)
        .await?;

    let sessions: HashMap<i64, class_sessions::Model> = class_sessions::Entity::find()
        .filter(class_sessions::Column::Id.is_in(attendance.iter().map(|a| a.session_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let class_ids = enrolments
        .iter()
        .map(|e| e.class_id)
        .chain(sessions.values().map(|s| s.class_id));
    let classes: HashMap<i64, classes::Model> = classes::Entity::find()
        .filter(classes::Column::Id.is_in(class_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let courses: HashMap<i64, String> = courses::Entity::find()
        .filter(courses::Column::Id.is_in(course_enrolments.iter().map(|c| c.course_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let lessons: HashMap<i64, String> = courses::lessons::Entity::find()
        .filter(courses::lessons::Column::Id.is_in(progress.iter().map(|p| p.lesson_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l.title))
        .collect();
    Ok(Rows {
        enrolments,
        course_enrolments,
        attendance,
        progress,
        credits,
        classes,
        courses,
        sessions,
        lessons,
    })
}

/// Deletes what describes the person and counts for nothing: the trainee
/// category and sign-in counters keyed by the mobile number. (Rows that
/// name only the account's id, now anonymous, stay.)
pub async fn erase_extras(
    db: &impl ConnectionTrait,
    user: UserId,
    mobile: &str,
) -> Result<(), DbErr> {
    roster_accounts::categories::Entity::delete_many()
        .filter(roster_accounts::categories::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Key.eq(format!("account:{mobile}")))
        .exec(db)
        .await?;
    Ok(())
}

//! Trainees' enrollments in online courses, and the once-only course completion.

use chrono::{DateTime, Utc};
use cultivator_shared::api::learning::CourseEnrollmentView;
use cultivator_shared::{ClassId, CourseId, EnrollmentStatus, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{QueryOrder, QuerySelect, Set};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_enrollments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    pub user_id: i64,
    pub enrolled_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl From<Model> for CourseEnrollmentView {
    fn from(m: Model) -> Self {
        CourseEnrollmentView {
            course_id: CourseId(m.course_id),
            enrolled_at: m.enrolled_at,
            completed_at: m.completed_at,
        }
    }
}

/// Enrolls `user` unless already enrolled; either way returns the enrollment.
pub async fn enroll(
    db: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<Model, DbErr> {
    Entity::insert(ActiveModel {
        course_id: Set(course.0),
        user_id: Set(user.0),
        enrolled_at: Set(at),
        completed_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([Column::CourseId, Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    find(db, course, user)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("course enrollment".into()))
}

/// Enrolls the trainees whose enrollment in `class` is `Enrolled` (all of
/// them, or only `only`) in every course the class follows, in one
/// statement, leaving enrollments that exist as they are.
pub async fn enroll_in_class_courses(
    db: &impl ConnectionTrait,
    class: ClassId,
    only: Option<UserId>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut sql = String::from(
        "INSERT INTO course_enrollments (course_id, user_id, enrolled_at) \
         SELECT cc.course_id, e.user_id, ? FROM class_courses cc \
         JOIN enrollments e ON e.class_id = cc.class_id \
         WHERE cc.class_id = ? AND e.status = ?",
    );
    let mut values = vec![
        at.into(),
        class.0.into(),
        EnrollmentStatus::Enrolled.as_str().into(),
    ];
    if let Some(user) = only {
        sql.push_str(" AND e.user_id = ?");
        values.push(user.0.into());
    }
    sql.push_str(" ON CONFLICT (course_id, user_id) DO NOTHING");
    db.execute_raw(super::counters::stmt(
        db.get_database_backend(),
        &sql,
        values,
    ))
    .await?;
    Ok(())
}

pub async fn find(
    db: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::CourseId.eq(course.0))
        .filter(Column::UserId.eq(user.0))
        .one(db)
        .await
}

/// The enrollment, locked on PostgreSQL until the transaction ends, so that
/// one trainee's concurrent quiz attempts are counted one after the other
/// (SQLite's write transaction is already exclusive).
pub async fn find_for_update(
    db: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
) -> Result<Option<Model>, DbErr> {
    let mut select = Entity::find()
        .filter(Column::CourseId.eq(course.0))
        .filter(Column::UserId.eq(user.0));
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        select = select.lock_exclusive();
    }
    select.one(db).await
}

/// Enrollments of any of `users` in any of `courses` (callers pick the pairs).
pub async fn of_users_in(
    db: &impl ConnectionTrait,
    users: &[i64],
    courses: &[i64],
) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::UserId.is_in(users.iter().copied()))
        .filter(Column::CourseId.is_in(courses.iter().copied()))
        .all(db)
        .await
}

pub async fn of_user(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::UserId.eq(user.0))
        .order_by_desc(Column::EnrolledAt)
        .all(db)
        .await
}

/// Marks the enrollment completed if it was not yet; `true` only the first time.
pub async fn mark_completed(
    db: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::CompletedAt, Expr::value(at))
        .filter(Column::CourseId.eq(course.0))
        .filter(Column::UserId.eq(user.0))
        .filter(Column::CompletedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// For the generated demo data: the members of an online class whose class
/// enrolment is `Completed` completed every course it follows, at the same
/// moment, and earned each course's credit hours then (as completing the
/// courses one by one would have recorded it). Rows that exist stay.
pub async fn complete_for_completed_members(
    db: &impl ConnectionTrait,
    class: ClassId,
) -> Result<(), DbErr> {
    let b = db.get_database_backend();
    let completed = EnrollmentStatus::Completed.as_str();
    db.execute_raw(super::counters::stmt(
        b,
        "INSERT INTO course_enrollments (course_id, user_id, enrolled_at, completed_at) \
         SELECT cc.course_id, e.user_id, e.applied_at, e.completed_at FROM class_courses cc \
         JOIN enrollments e ON e.class_id = cc.class_id \
         WHERE cc.class_id = ? AND e.status = ? AND e.completed_at IS NOT NULL \
         ON CONFLICT (course_id, user_id) DO NOTHING",
        vec![class.0.into(), completed.into()],
    ))
    .await?;
    db.execute_raw(super::counters::stmt(
        b,
        "INSERT INTO credit_entries (user_id, source, source_id, credit_tenths, earned_at) \
         SELECT e.user_id, ?, cc.course_id, c.credit_tenths, e.completed_at FROM class_courses cc \
         JOIN courses c ON c.id = cc.course_id \
         JOIN enrollments e ON e.class_id = cc.class_id \
         WHERE cc.class_id = ? AND e.status = ? AND e.completed_at IS NOT NULL \
         ON CONFLICT DO NOTHING",
        vec![
            super::credit_entries::SOURCE_COURSE.into(),
            class.0.into(),
            completed.into(),
        ],
    ))
    .await?;
    Ok(())
}

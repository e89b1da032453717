//! The courses an online class follows, and the questions completion asks
//! of them.

use cultivator_shared::{ClassId, CourseId, EnrollmentStatus, Track, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};

use super::counters::stmt;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_courses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub class_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: i64,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The courses of a class, in order.
pub async fn of_class(db: &impl ConnectionTrait, class: ClassId) -> Result<Vec<CourseId>, DbErr> {
    let ids: Vec<i64> = Entity::find()
        .select_only()
        .column(Column::CourseId)
        .filter(Column::ClassId.eq(class.0))
        .order_by_asc(Column::Position)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().map(CourseId).collect())
}

/// Replaces the courses of a class.
pub async fn replace(
    db: &impl ConnectionTrait,
    class: ClassId,
    courses: &[CourseId],
) -> Result<(), DbErr> {
    Entity::delete_many()
        .filter(Column::ClassId.eq(class.0))
        .exec(db)
        .await?;
    if courses.is_empty() {
        return Ok(());
    }
    let rows = (1..).zip(courses).map(|(position, course)| ActiveModel {
        class_id: Set(class.0),
        course_id: Set(course.0),
        position: Set(position),
    });
    Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// The `Enrolled` enrollments of `user` in online classes that follow
/// `course`, with their class.
pub async fn enrolled_classes_following(
    db: &impl ConnectionTrait,
    user: UserId,
    course: CourseId,
) -> Result<Vec<(i64, ClassId)>, DbErr> {
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            "SELECT e.id, e.class_id FROM enrollments e \
             JOIN classes c ON c.id = e.class_id \
             JOIN class_courses cc ON cc.class_id = e.class_id \
             WHERE e.user_id = ? AND e.status = ? AND c.track = ? AND cc.course_id = ?",
            vec![
                user.0.into(),
                EnrollmentStatus::Enrolled.as_str().into(),
                Track::Online.as_str().into(),
                course.0.into(),
            ],
        ))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "id")?, ClassId(r.try_get("", "class_id")?))))
        .collect()
}

/// Whether `user` has completed every course the class follows (false for
/// a class that follows none).
pub async fn all_courses_completed(
    db: &impl ConnectionTrait,
    class: ClassId,
    user: UserId,
) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(stmt(
            db.get_database_backend(),
            "SELECT COUNT(*) AS courses, COUNT(ce.completed_at) AS done \
             FROM class_courses cc \
             LEFT JOIN course_enrollments ce ON ce.course_id = cc.course_id AND ce.user_id = ? \
             WHERE cc.class_id = ?",
            vec![user.0.into(), class.0.into()],
        ))
        .await?;
    let Some(row) = row else { return Ok(false) };
    let courses: i64 = row.try_get("", "courses")?;
    let done: i64 = row.try_get("", "done")?;
    Ok(courses > 0 && done == courses)
}

/// The `Enrolled` enrollments in `class` whose trainee has completed every
/// course the class follows (none for a class that follows no course).
pub async fn enrolled_with_all_courses_completed(
    db: &impl ConnectionTrait,
    class: ClassId,
) -> Result<Vec<i64>, DbErr> {
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            "SELECT e.id FROM enrollments e \
             WHERE e.class_id = ? AND e.status = ? \
             AND EXISTS (SELECT 1 FROM class_courses cc WHERE cc.class_id = e.class_id) \
             AND NOT EXISTS (SELECT 1 FROM class_courses cc \
               LEFT JOIN course_enrollments ce \
                 ON ce.course_id = cc.course_id AND ce.user_id = e.user_id \
               WHERE cc.class_id = e.class_id AND ce.completed_at IS NULL)",
            vec![class.0.into(), EnrollmentStatus::Enrolled.as_str().into()],
        ))
        .await?;
    rows.iter().map(|r| r.try_get("", "id")).collect()
}

//! The courses an online class follows: setting the list, and enrolling the
//! class's members in them. Joining an online class enrols the trainee in
//! every course it follows, and a course added to a class enrols the class's
//! trainees, so a cohort finds its courses under "continue learning" without
//! enrolling course by course. Whether the class is then complete is decided
//! in [`completion::online_class`].

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::{
    ClassId, CourseId, EnrollmentId, FieldError, PublishState, RegionCode, Track, UserId,
    ValidationError,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};

use crate::db::{self, class_courses, classes, course_enrollments, courses};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::completion;

#[derive(Debug, thiserror::Error)]
pub enum OnlineClassError {
    #[error("only an online class follows courses")]
    NotOnline,
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Sets the published courses an online class follows, in order. Completions
/// already recorded stay; members who have completed every course of the new
/// list complete the class now, later ones are judged by the new list.
pub async fn set_courses(
    db: &DatabaseConnection,
    actor: &Actor,
    class: &classes::Model,
    list: &[CourseId],
) -> Result<(), OnlineClassError> {
    if class.track != Track::Online.as_str() {
        return Err(OnlineClassError::NotOnline);
    }
    let unique: HashSet<CourseId> = list.iter().copied().collect();
    let mut invalid = unique.len() != list.len();
    for course in &unique {
        let published = courses::Entity::find_by_id(course.0)
            .one(db)
            .await?
            .is_some_and(|c| c.state == PublishState::Published.as_str());
        invalid |= !published;
    }
    if invalid {
        return Err(OnlineClassError::Invalid(vec![FieldError::new(
            "courses",
            // Each entry must name a published course, once.
            ValidationError::Required,
        )]));
    }
    let txn = db::begin_write(db).await?;
    class_courses::replace(&txn, ClassId(class.id), list).await?;
    members_follow_courses(&txn, ClassId(class.id), Utc::now()).await?;
    let entry = Entry::new(AuditAction::ClassChanged, AuditObject::Class, class.id)
        .in_region(RegionCode::parse(&class.region_code).ok().as_ref())
        .after(&serde_json::json!({ "courses": list }));
    audit::record(&txn, actor, entry, Utc::now()).await?;
    txn.commit().await?;
    Ok(())
}

/// Inside a transaction that changed an online class's courses or enrolled
/// several trainees at once: enrols every `Enrolled` member in the class's
/// courses, then completes the class for those who have completed them all.
pub async fn members_follow_courses(
    txn: &impl ConnectionTrait,
    class: ClassId,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    course_enrollments::enroll_in_class_courses(txn, class, None, at).await?;
    completion::online_class::complete_members_done(txn, class, at).await
}

/// Inside the transaction that just made `enrollment` `Enrolled` in `class`:
/// in an online class, enrols the trainee in its courses, and completes the
/// class at once (and counts it) when they have all been completed already.
/// Offline classes are left alone.
pub async fn on_joining(
    txn: &impl ConnectionTrait,
    class: &classes::Model,
    enrollment: EnrollmentId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if class.track != Track::Online.as_str() {
        return Ok(false);
    }
    course_enrollments::enroll_in_class_courses(txn, ClassId(class.id), Some(user), at).await?;
    completion::online_class::complete_if_done(txn, ClassId(class.id), enrollment, user, at).await
}

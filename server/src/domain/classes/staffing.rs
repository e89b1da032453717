//! Who runs a class: its instructors (co-instructors beside the first), added
//! and removed by its managers. Who may be added is a permission rule the
//! caller passes in (`permissions::may_run_class_in`), checked here against
//! the roles the person holds inside the same transaction as the change.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::classes::{ClassInstructors, StaffMember};
use cultivator_shared::region::regions_serving;
use cultivator_shared::{ClassId, RegionCode, RoleGrant, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::Serialize;

use super::changes::ChangeError;
use crate::db::{self, class_sessions, classes, enrollment_queue as queue, users};
use crate::domain::audit::{self, Actor, Entry};

/// At most this many instructors are offered for adding.
const ELIGIBLE_MAX: u64 = 200;

#[derive(Debug, Serialize)]
struct InstructorRecord {
    instructor: i64,
}

fn region_of(class: &classes::Model) -> Result<RegionCode, sea_orm::DbErr> {
    RegionCode::parse(&class.region_code)
        .map_err(|_| db::corrupt("classes", "region_code", &class.region_code))
}

/// The class's instructors, and those who could be added: instructors
/// whose region is the class's or one above it (or the whole country).
pub async fn list(
    db: &impl ConnectionTrait,
    class: &classes::Model,
) -> Result<ClassInstructors, ChangeError> {
    let listed = class_sessions::instructors_of(db, ClassId(class.id)).await?;
    let ids: Vec<i64> = listed.iter().map(|u| u.0).collect();
    let names = users::names_of(db, &ids).await?;
    let mut instructors: Vec<StaffMember> = listed
        .iter()
        .map(|u| StaffMember {
            id: *u,
            name: names.get(&u.0).cloned().unwrap_or_default(),
        })
        .collect();
    instructors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.0.cmp(&b.id.0)));
    let eligible = users::instructors_in(db, &regions_serving(&region_of(class)?), ELIGIBLE_MAX)
        .await?
        .into_iter()
        .filter(|(id, _)| !ids.contains(id))
        .map(|(id, name)| StaffMember {
            id: UserId(id),
            name,
        })
        .collect();
    Ok(ClassInstructors {
        instructors,
        eligible,
    })
}

/// Adds `user` to the class's instructors, provided `may_run` says their
/// roles let them run a class in its region. Adding someone already listed
/// is refused (and records nothing).
pub async fn assign(
    db: &DatabaseConnection,
    class: ClassId,
    user: UserId,
    may_run: fn(&[RoleGrant], &RegionCode) -> bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ChangeError> {
    let txn = db::begin_write(db).await?;
    let model = queue::lock_class(&txn, class)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if model.is_cancelled() {
        return Err(ChangeError::ClassCancelled);
    }
    if users::find(&txn, user).await?.is_none() {
        return Err(ChangeError::NotFound);
    }
    let region = region_of(&model)?;
    if !may_run(&users::roles_of(&txn, user).await?, &region) {
        return Err(ChangeError::InstructorOutOfScope);
    }
    if class_sessions::instructors_of(&txn, class)
        .await?
        .contains(&user)
    {
        return Err(ChangeError::AlreadyInstructor);
    }
    class_sessions::add_instructor(&txn, class, user).await?;
    audit::record(
        &txn,
        actor,
        Entry::new(AuditAction::InstructorAssigned, AuditObject::Class, class.0)
            .in_region(Some(&region))
            .after(&InstructorRecord { instructor: user.0 }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Takes `user` off the class's instructors; a class keeps at least one.
pub async fn remove(
    db: &DatabaseConnection,
    class: ClassId,
    user: UserId,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ChangeError> {
    let txn = db::begin_write(db).await?;
    let model = queue::lock_class(&txn, class)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let listed = class_sessions::instructors_of(&txn, class).await?;
    if !listed.contains(&user) {
        return Err(ChangeError::NotFound);
    }
    if listed.len() == 1 {
        return Err(ChangeError::LastInstructor);
    }
    class_sessions::remove_instructor(&txn, class, user).await?;
    audit::record(
        &txn,
        actor,
        Entry::new(AuditAction::InstructorRemoved, AuditObject::Class, class.0)
            .in_region(Some(&region_of(&model)?))
            .before(&InstructorRecord { instructor: user.0 }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

//! Queries behind applying for a seat: locking a class while its seats are
//! counted, the waitlist in order, and status changes of one enrollment.

use chrono::{DateTime, Utc};
use cultivator_shared::api::classes::RosterEntry;
use cultivator_shared::{ClassId, EnrollmentId, EnrollmentStatus, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{DbBackend, QueryOrder, QuerySelect, Set};

use super::classes::{self, enrollments};
use super::{corrupt, users};

/// Loads the class for a change to its seats. On PostgreSQL the row is locked
/// (`FOR UPDATE`) until the transaction ends, so concurrent applications to
/// one class count seats one after another; SQLite's write transaction
/// (`BEGIN IMMEDIATE`) already serialises them.
pub async fn lock_class(
    db: &impl ConnectionTrait,
    class: ClassId,
) -> Result<Option<classes::Model>, DbErr> {
    let query = classes::Entity::find_by_id(class.0);
    if db.get_database_backend() == DbBackend::Postgres {
        query.lock_exclusive().one(db).await
    } else {
        query.one(db).await
    }
}

pub async fn find(
    db: &impl ConnectionTrait,
    id: EnrollmentId,
) -> Result<Option<enrollments::Model>, DbErr> {
    enrollments::Entity::find_by_id(id.0).one(db).await
}

pub async fn find_for(
    db: &impl ConnectionTrait,
    class: ClassId,
    user: UserId,
) -> Result<Option<enrollments::Model>, DbErr> {
    enrollments::Entity::find()
        .filter(enrollments::Column::ClassId.eq(class.0))
        .filter(enrollments::Column::UserId.eq(user.0))
        .one(db)
        .await
}

fn in_class_with(class: ClassId, status: EnrollmentStatus) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(enrollments::Column::ClassId.eq(class.0))
        .add(enrollments::Column::Status.eq(status.as_str()))
}

pub async fn seats_taken(db: &impl ConnectionTrait, class: ClassId) -> Result<u32, DbErr> {
    let holding: Vec<&str> = EnrollmentStatus::ALL
        .iter()
        .filter(|s| s.holds_seat())
        .map(|s| s.as_str())
        .collect();
    let n = enrollments::Entity::find()
        .filter(enrollments::Column::ClassId.eq(class.0))
        .filter(enrollments::Column::Status.is_in(holding))
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub async fn waitlist_length(db: &impl ConnectionTrait, class: ClassId) -> Result<u32, DbErr> {
    let n = enrollments::Entity::find()
        .filter(in_class_with(class, EnrollmentStatus::Waitlisted))
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The highest queue ticket currently waiting, if anyone waits.
pub async fn last_waitlist_ticket(
    db: &impl ConnectionTrait,
    class: ClassId,
) -> Result<Option<u32>, DbErr> {
    let last = enrollments::Entity::find()
        .filter(in_class_with(class, EnrollmentStatus::Waitlisted))
        .order_by_desc(enrollments::Column::WaitlistPosition)
        .one(db)
        .await?;
    Ok(last
        .and_then(|e| e.waitlist_position)
        .and_then(|p| u32::try_from(p).ok()))
}

/// Place in line (1 = next to get a seat) of the holder of `ticket`.
pub async fn waitlist_rank(
    db: &impl ConnectionTrait,
    class: ClassId,
    ticket: i32,
) -> Result<u32, DbErr> {
    let n = enrollments::Entity::find()
        .filter(in_class_with(class, EnrollmentStatus::Waitlisted))
        .filter(enrollments::Column::WaitlistPosition.lte(ticket))
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The first `n` in line, in order.
pub async fn first_waitlisted(
    db: &impl ConnectionTrait,
    class: ClassId,
    n: u32,
) -> Result<Vec<enrollments::Model>, DbErr> {
    enrollments::Entity::find()
        .filter(in_class_with(class, EnrollmentStatus::Waitlisted))
        .order_by_asc(enrollments::Column::WaitlistPosition)
        .order_by_asc(enrollments::Column::Id)
        .limit(u64::from(n))
        .all(db)
        .await
}

/// A fresh application, or a renewed one over a withdrawn row (the table
/// holds one row per class and trainee).
pub async fn save_application(
    db: &impl ConnectionTrait,
    existing: Option<enrollments::Model>,
    class: ClassId,
    user: UserId,
    status: EnrollmentStatus,
    ticket: Option<u32>,
    now: DateTime<Utc>,
) -> Result<enrollments::Model, DbErr> {
    let decided = (status != EnrollmentStatus::Applied).then_some(now);
    let ticket = ticket.map(|t| i32::try_from(t).unwrap_or(i32::MAX));
    match existing {
        Some(row) => {
            let mut model: enrollments::ActiveModel = row.into();
            model.status = Set(status.as_str().to_owned());
            model.waitlist_position = Set(ticket);
            model.applied_at = Set(now);
            model.decided_at = Set(decided);
            model.completed_at = Set(None);
            model.update(db).await
        }
        None => {
            enrollments::ActiveModel {
                class_id: Set(class.0),
                user_id: Set(user.0),
                status: Set(status.as_str().to_owned()),
                waitlist_position: Set(ticket),
                applied_at: Set(now),
                decided_at: Set(decided),
                completed_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await
        }
    }
}

/// Moves an enrollment to `status`, leaving the waitlist.
pub async fn decide(
    db: &impl ConnectionTrait,
    id: EnrollmentId,
    status: EnrollmentStatus,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    enrollments::Entity::update_many()
        .col_expr(enrollments::Column::Status, Expr::value(status.as_str()))
        .col_expr(
            enrollments::Column::WaitlistPosition,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(enrollments::Column::DecidedAt, Expr::value(now))
        .filter(enrollments::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks the enrollment as ended by a manager (`Some`), or clears the mark.
pub async fn set_removed_by(
    db: &impl ConnectionTrait,
    id: EnrollmentId,
    by: Option<UserId>,
) -> Result<(), DbErr> {
    enrollments::Entity::update_many()
        .col_expr(enrollments::Column::RemovedBy, Expr::value(by.map(|u| u.0)))
        .filter(enrollments::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub fn status_of(row: &enrollments::Model) -> Result<EnrollmentStatus, DbErr> {
    EnrollmentStatus::parse(&row.status)
        .ok_or_else(|| corrupt("enrollments", "status", &row.status))
}

/// Everyone who applied to the class, enrolled first, then in line, then the rest.
pub async fn roster(db: &impl ConnectionTrait, class: ClassId) -> Result<Vec<RosterEntry>, DbErr> {
    let rows = enrollments::Entity::find()
        .filter(enrollments::Column::ClassId.eq(class.0))
        .order_by_asc(enrollments::Column::Id)
        .all(db)
        .await?;
    let people: std::collections::HashMap<i64, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut entries = Vec::with_capacity(rows.len());
    let mut waiting: Vec<i32> = rows
        .iter()
        .filter(|r| r.status == EnrollmentStatus::Waitlisted.as_str())
        .filter_map(|r| r.waitlist_position)
        .collect();
    waiting.sort_unstable();
    for row in rows {
        let status = status_of(&row)?;
        let person = people.get(&row.user_id);
        let rank = match (status, row.waitlist_position) {
            (EnrollmentStatus::Waitlisted, Some(ticket)) => waiting
                .binary_search(&ticket)
                .ok()
                .and_then(|i| u32::try_from(i + 1).ok()),
            _ => None,
        };
        entries.push(RosterEntry {
            enrollment: EnrollmentId(row.id),
            user: UserId(row.user_id),
            name: person.map(|p| p.name.clone()).unwrap_or_default(),
            mobile: person.map(|p| p.mobile.clone()).unwrap_or_default(),
            status,
            waitlist_position: rank,
            applied_at: row.applied_at,
        });
    }
    entries.sort_by_key(|e| {
        let group = match e.status {
            EnrollmentStatus::Enrolled | EnrollmentStatus::Completed => 0,
            EnrollmentStatus::Applied => 1,
            EnrollmentStatus::Waitlisted => 2,
            _ => 3,
        };
        (group, e.waitlist_position.unwrap_or(0))
    });
    Ok(entries)
}

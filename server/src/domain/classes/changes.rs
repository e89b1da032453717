//! Changing a class once it is running: its settings, cancelling it (its
//! sessions: `session_changes`). Each change is one write
//! transaction (the class row locked, as when seats are counted) that also
//! writes its audit record and the notices to those it concerns, so the
//! change, its record and its notices commit together or not at all.
//!
//! Cancelling is a status, never a delete: enrollments, attendance and
//! counts keep their history; a cancelled class takes no applications and
//! no check-ins, a cancelled session no check-ins, and neither takes
//! further changes.

use chrono::{DateTime, NaiveDate, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::classes::{CancelRequest, UpdateClassRequest};
use cultivator_shared::api::notifications::{NotificationDetail, NotificationKind};
use cultivator_shared::validation::on_class_days;
use cultivator_shared::{
    ClassId, EnrollmentMode, EnrollmentStatus, FieldError, RegionCode, Track, ValidationError,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use serde::Serialize;

use crate::db::{self, class_sessions, classes, enrollment_queue as queue};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::classes::applications;
use crate::domain::notifications;

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("not found")]
    NotFound,
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    #[error("{taken} seats are taken")]
    SeatLimitBelowTaken { taken: u32 },
    #[error("the class is cancelled")]
    ClassCancelled,
    #[error("the session is cancelled")]
    SessionCancelled,
    #[error("not an instructor whose region covers the class's")]
    InstructorOutOfScope,
    #[error("a class keeps at least one instructor")]
    LastInstructor,
    #[error("already an instructor of this class")]
    AlreadyInstructor,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Who is told when a class or one of its sessions is cancelled or moved:
/// everyone holding a seat, in line for one, or waiting for a decision.
pub const CONCERNED: [EnrollmentStatus; 3] = [
    EnrollmentStatus::Enrolled,
    EnrollmentStatus::Waitlisted,
    EnrollmentStatus::Applied,
];

/// A class's settings as the audit trail keeps them.
#[derive(Debug, Serialize)]
struct SettingsRecord<'a> {
    title: &'a str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    seat_limit: i32,
    enrollment_mode: &'a str,
    venue: Option<&'a str>,
}

impl<'a> From<&'a classes::Model> for SettingsRecord<'a> {
    fn from(c: &'a classes::Model) -> Self {
        SettingsRecord {
            title: &c.title,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            seat_limit: c.seat_limit,
            enrollment_mode: &c.enrollment_mode,
            venue: c.venue.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct ReasonRecord<'a> {
    pub(super) reason: &'a str,
}

pub(super) fn region_of(class: &classes::Model) -> Result<RegionCode, DbErr> {
    RegionCode::parse(&class.region_code)
        .map_err(|_| db::corrupt("classes", "region_code", &class.region_code))
}

pub(super) fn trimmed(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// The class, locked for the change, provided it is not cancelled.
pub(super) async fn open_class(
    txn: &impl ConnectionTrait,
    id: ClassId,
) -> Result<classes::Model, ChangeError> {
    let class = queue::lock_class(txn, id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if class.is_cancelled() {
        return Err(ChangeError::ClassCancelled);
    }
    Ok(class)
}

/// Which of a class's new dates would leave these sessions outside them.
pub fn dates_leaving_sessions_out(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    sessions: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let outside: Vec<_> = sessions
        .iter()
        .flat_map(|(start, end)| [*start, *end])
        .filter(|at| !on_class_days(*at, starts_on, ends_on))
        .collect();
    if outside.iter().any(|at| at.date_naive() < starts_on) {
        errors.push(FieldError::new(
            "starts_on",
            ValidationError::OutsideClassDates,
        ));
    }
    if outside.iter().any(|at| at.date_naive() > ends_on) {
        errors.push(FieldError::new(
            "ends_on",
            ValidationError::OutsideClassDates,
        ));
    }
    errors
}

/// Changes a class's title, dates, seat limit, enrollment mode and venue.
/// The seat limit never goes below the seats taken; new dates must keep
/// every session (not cancelled) on the class's days. A higher limit gives
/// the new seats to those first in line at once.
pub async fn update_class(
    db: &DatabaseConnection,
    id: ClassId,
    request: &UpdateClassRequest,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ChangeError> {
    let txn = db::begin_write(db).await?;
    let class = open_class(&txn, id).await?;
    let track =
        Track::parse(&class.track).ok_or_else(|| db::corrupt("classes", "track", &class.track))?;
    request.validate(track).map_err(ChangeError::Invalid)?;
    let sessions: Vec<_> = class_sessions::of_class(&txn, id)
        .await?
        .into_iter()
        .filter(|s| !s.is_cancelled())
        .map(|s| (s.starts_at, s.ends_at))
        .collect();
    let outside = dates_leaving_sessions_out(request.starts_on, request.ends_on, &sessions);
    if !outside.is_empty() {
        return Err(ChangeError::Invalid(outside));
    }
    let taken = queue::seats_taken(&txn, id).await?;
    if request.seat_limit < taken {
        return Err(ChangeError::SeatLimitBelowTaken { taken });
    }
    classes::update_settings(
        &txn,
        id,
        classes::Settings {
            title: request.title.trim(),
            starts_on: request.starts_on,
            ends_on: request.ends_on,
            seat_limit: request.seat_limit,
            mode: request.enrollment_mode,
            venue: trimmed(request.venue.as_deref()),
        },
    )
    .await?;
    let changed = classes::Model {
        title: request.title.trim().to_owned(),
        starts_on: request.starts_on,
        ends_on: request.ends_on,
        seat_limit: i32::try_from(request.seat_limit).unwrap_or(i32::MAX),
        enrollment_mode: request.enrollment_mode.as_str().to_owned(),
        venue: trimmed(request.venue.as_deref()).map(str::to_owned),
        ..class.clone()
    };
    // Seats added to an open class go to those in line; a class that now
    // decides by approval or invitation keeps its line for its managers.
    if request.enrollment_mode == EnrollmentMode::Open {
        applications::promote_waiting(&txn, &changed, now).await?;
    }
    audit::record(
        &txn,
        actor,
        Entry::new(AuditAction::ClassChanged, AuditObject::Class, id.0)
            .in_region(Some(&region_of(&class)?))
            .before(&SettingsRecord::from(&class))
            .after(&SettingsRecord::from(&changed)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Cancels a class with a reason and tells everyone concerned.
pub async fn cancel_class(
    db: &DatabaseConnection,
    id: ClassId,
    request: &CancelRequest,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ChangeError> {
    request.validate().map_err(ChangeError::Invalid)?;
    let reason = request.reason.trim();
    let txn = db::begin_write(db).await?;
    let class = open_class(&txn, id).await?;
    classes::cancel(&txn, id, reason, now).await?;
    let people = classes::people_in(&txn, id, &CONCERNED).await?;
    let detail = NotificationDetail {
        reason: Some(reason.to_owned()),
        ..NotificationDetail::default()
    };
    notifications::notify(
        &txn,
        &notifications::about_class(&people, NotificationKind::ClassCancelled, id, None, &detail),
        now,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry::new(AuditAction::ClassCancelled, AuditObject::Class, id.0)
            .in_region(Some(&region_of(&class)?))
            .after(&ReasonRecord { reason }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    fn session_on(d: u32) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = Utc
            .with_ymd_and_hms(2026, 12, d, 1, 0, 0)
            .single()
            .unwrap_or_default();
        (start, start + chrono::Duration::hours(2))
    }

    #[test]
    fn new_dates_must_keep_every_session_on_the_class_days() {
        let sessions = [session_on(5), session_on(9)];
        assert!(dates_leaving_sessions_out(day(4), day(10), &sessions).is_empty());
        let fields =
            |errors: Vec<FieldError>| errors.into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(
            fields(dates_leaving_sessions_out(day(7), day(10), &sessions)),
            ["starts_on"]
        );
        assert_eq!(
            fields(dates_leaving_sessions_out(day(1), day(6), &sessions)),
            ["ends_on"]
        );
    }
}

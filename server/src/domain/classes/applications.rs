//! Seats, the waitlist and decisions on applications.
//!
//! The rules are pure functions ([`decide_application`], [`check_approval`],
//! [`seats_to_fill`]); the async functions apply them inside one write
//! transaction per event with the class row locked, so concurrent
//! applications never over-fill a class and a seat freed by a withdrawal goes
//! to the first in line in that same transaction.
//!
//! The waitlist stores a queue ticket (`waitlist_position`) that only grows;
//! a trainee's visible place in line is the number of tickets at or before
//! theirs, so promotions never rewrite the rest of the queue.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::classes::{MyEnrollment, NotificationKind};
use cultivator_shared::{
    ClassId, EnrollmentId, EnrollmentMode, EnrollmentStatus, PublishState, RegionCode, StageId,
    UserId,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use crate::db::classes::{self, enrollments};
use crate::db::{self, enrollment_queue as queue};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::notifications;

#[derive(Debug, thiserror::Error)]
pub enum EnrollmentError {
    #[error("class not found")]
    ClassNotFound,
    #[error("enrollment not found")]
    EnrollmentNotFound,
    #[error("the class is not open for applications")]
    ClassNotOpen,
    #[error("already applied to this class")]
    AlreadyApplied,
    #[error("this class is by invitation only")]
    InvitationOnly,
    #[error("removed from this class by its managers")]
    RemovedFromClass,
    #[error("every seat is taken")]
    SeatLimitReached,
    #[error("no active application in this class")]
    NotApplied,
    #[error("the enrollment is {0:?}; this decision does not apply")]
    WrongState(EnrollmentStatus),
    #[error("the class serves another region")]
    OutsideRegion,
    #[error(transparent)]
    Pathway(#[from] crate::domain::classes::pathway::PathwayError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What happens to a new application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Application {
    /// A seat is free: enrolled at once.
    Enroll,
    /// The class is full: in line with this queue ticket.
    Waitlist { ticket: u32 },
    /// Approval mode: waits for an instructor's decision.
    AwaitApproval,
}

/// Decides a new application from the class's mode and its seats.
pub fn decide_application(
    mode: EnrollmentMode,
    seat_limit: u32,
    seats_taken: u32,
    last_ticket: Option<u32>,
) -> Result<Application, EnrollmentError> {
    match mode {
        EnrollmentMode::Invitation => Err(EnrollmentError::InvitationOnly),
        EnrollmentMode::Approval => Ok(Application::AwaitApproval),
        EnrollmentMode::Open if seats_taken < seat_limit => Ok(Application::Enroll),
        EnrollmentMode::Open => Ok(Application::Waitlist {
            ticket: last_ticket.map_or(1, |t| t.saturating_add(1)),
        }),
    }
}

/// An instructor may approve only while a seat is free.
pub fn check_approval(seat_limit: u32, seats_taken: u32) -> Result<(), EnrollmentError> {
    if seats_taken < seat_limit {
        Ok(())
    } else {
        Err(EnrollmentError::SeatLimitReached)
    }
}

/// How many of those in line get a seat now.
pub fn seats_to_fill(seat_limit: u32, seats_taken: u32, waiting: u32) -> u32 {
    seat_limit.saturating_sub(seats_taken).min(waiting)
}

/// Whether a trainee in `status` can withdraw (or be removed).
pub fn is_active(status: EnrollmentStatus) -> bool {
    matches!(
        status,
        EnrollmentStatus::Applied | EnrollmentStatus::Waitlisted | EnrollmentStatus::Enrolled
    )
}

fn seat_limit(class: &classes::Model) -> u32 {
    u32::try_from(class.seat_limit).unwrap_or(0)
}

fn mode(class: &classes::Model) -> Result<EnrollmentMode, DbErr> {
    EnrollmentMode::parse(&class.enrollment_mode)
        .ok_or_else(|| db::corrupt("classes", "enrollment_mode", &class.enrollment_mode))
}

/// The trainee's own view of an enrollment row.
pub async fn view(
    db: &impl ConnectionTrait,
    row: &enrollments::Model,
) -> Result<MyEnrollment, DbErr> {
    let status = queue::status_of(row)?;
    let waitlist_position = match (status, row.waitlist_position) {
        (EnrollmentStatus::Waitlisted, Some(ticket)) => {
            Some(queue::waitlist_rank(db, ClassId(row.class_id), ticket).await?)
        }
        _ => None,
    };
    Ok(MyEnrollment {
        id: EnrollmentId(row.id),
        status,
        waitlist_position,
    })
}

pub async fn mine(
    db: &impl ConnectionTrait,
    class: ClassId,
    user: UserId,
) -> Result<Option<MyEnrollment>, DbErr> {
    match queue::find_for(db, class, user).await? {
        Some(row) => Ok(Some(view(db, &row).await?)),
        None => Ok(None),
    }
}

/// Everyone who applied to the class, mobile numbers as `mobiles` allows.
pub async fn roster(
    db: &impl ConnectionTrait,
    class: ClassId,
    query: &cultivator_shared::api::classes::RosterQuery,
    mobiles: cultivator_shared::privacy::MobileView,
) -> Result<cultivator_shared::api::Page<cultivator_shared::api::classes::RosterEntry>, DbErr> {
    let (mut items, total) =
        crate::db::roster_pages::page(db, class, query.status, query.limit(), query.offset())
            .await?;
    for entry in &mut items {
        entry.mobile = mobiles.show(&entry.mobile);
    }
    Ok(cultivator_shared::api::Page { items, total })
}

/// A trainee applies for a seat: enrolled, waitlisted or awaiting approval.
/// The class must serve the trainee's home region, and a class of a gated
/// stage takes only those who meet the stage's entry rule (`pathway`).
pub async fn apply(
    db: &DatabaseConnection,
    class_id: ClassId,
    user: UserId,
    home: &RegionCode,
    now: DateTime<Utc>,
) -> Result<MyEnrollment, EnrollmentError> {
    let txn = db::begin_write(db).await?;
    let class = queue::lock_class(&txn, class_id)
        .await?
        .ok_or(EnrollmentError::ClassNotFound)?;
    if class.state != PublishState::Published.as_str()
        || class.is_cancelled()
        || class.ends_on < now.date_naive()
    {
        return Err(EnrollmentError::ClassNotOpen);
    }
    let serves = RegionCode::parse(&class.region_code)
        .map_err(|_| db::corrupt("classes", "region_code", &class.region_code))?;
    if !cultivator_shared::region::class_serves(&serves, home) {
        return Err(EnrollmentError::OutsideRegion);
    }
    if let Some(stage) = class.stage_id {
        crate::domain::classes::pathway::check_may_enter(&txn, StageId(stage), user).await?;
    }
    let existing = queue::find_for(&txn, class_id, user).await?;
    if let Some(row) = &existing {
        if queue::status_of(row)? != EnrollmentStatus::Withdrawn {
            return Err(EnrollmentError::AlreadyApplied);
        }
        // Withdrawing oneself leaves the door open; being removed does not.
        if row.removed_by.is_some() {
            return Err(EnrollmentError::RemovedFromClass);
        }
    }
    let taken = queue::seats_taken(&txn, class_id).await?;
    let last = queue::last_waitlist_ticket(&txn, class_id).await?;
    let (status, ticket) = match decide_application(mode(&class)?, seat_limit(&class), taken, last)?
    {
        Application::Enroll => (EnrollmentStatus::Enrolled, None),
        Application::Waitlist { ticket } => (EnrollmentStatus::Waitlisted, Some(ticket)),
        Application::AwaitApproval => (EnrollmentStatus::Applied, None),
    };
    let mut row =
        queue::save_application(&txn, existing, class_id, user, status, ticket, now).await?;
    if status == EnrollmentStatus::Waitlisted {
        notify_about(&txn, &row, NotificationKind::EnrollmentWaitlisted, now).await?;
    }
    // An online class enrols the trainee in its courses, and completes now
    // when those are all done already.
    if status == EnrollmentStatus::Enrolled
        && crate::domain::classes::online_courses::on_joining(
            &txn,
            &class,
            EnrollmentId(row.id),
            user,
            now,
        )
        .await?
    {
        row = queue::find(&txn, EnrollmentId(row.id))
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("enrollment".into()))?;
    }
    let mine = view(&txn, &row).await?;
    txn.commit().await?;
    Ok(mine)
}

/// Tells the trainee of `row` what became of their enrollment (in-app, on
/// the caller's transaction).
async fn notify_about(
    txn: &impl ConnectionTrait,
    row: &enrollments::Model,
    kind: NotificationKind,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    notifications::notify(
        txn,
        &notifications::about_class(
            &[UserId(row.user_id)],
            kind,
            ClassId(row.class_id),
            None,
            &Default::default(),
        ),
        now,
    )
    .await
}

/// Gives free seats to those first in line and notifies them. Runs inside
/// the transaction that freed (or added) the seats, with the class row locked.
pub(crate) async fn promote_waiting(
    txn: &impl ConnectionTrait,
    class: &classes::Model,
    now: DateTime<Utc>,
) -> Result<Vec<EnrollmentId>, DbErr> {
    let class_id = ClassId(class.id);
    let taken = queue::seats_taken(txn, class_id).await?;
    let waiting = queue::waitlist_length(txn, class_id).await?;
    let n = seats_to_fill(seat_limit(class), taken, waiting);
    let mut promoted = Vec::new();
    if n == 0 {
        return Ok(promoted);
    }
    for row in queue::first_waitlisted(txn, class_id, n).await? {
        let id = EnrollmentId(row.id);
        queue::decide(txn, id, EnrollmentStatus::Enrolled, now).await?;
        crate::domain::classes::online_courses::on_joining(
            txn,
            class,
            id,
            UserId(row.user_id),
            now,
        )
        .await?;
        notify_about(txn, &row, NotificationKind::PromotedFromWaitlist, now).await?;
        promoted.push(id);
    }
    Ok(promoted)
}

/// Ends an active enrollment as `Withdrawn`; a freed seat goes to the first in line.
async fn end_enrollment(
    txn: &impl ConnectionTrait,
    class: &classes::Model,
    row: &enrollments::Model,
    now: DateTime<Utc>,
) -> Result<(), EnrollmentError> {
    let status = queue::status_of(row)?;
    if !is_active(status) {
        return Err(EnrollmentError::NotApplied);
    }
    queue::decide(txn, EnrollmentId(row.id), EnrollmentStatus::Withdrawn, now).await?;
    if status.holds_seat() {
        promote_waiting(txn, class, now).await?;
    }
    Ok(())
}

/// The trainee withdraws from a class.
pub async fn withdraw(
    db: &DatabaseConnection,
    class_id: ClassId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<MyEnrollment, EnrollmentError> {
    let txn = db::begin_write(db).await?;
    let class = queue::lock_class(&txn, class_id)
        .await?
        .ok_or(EnrollmentError::ClassNotFound)?;
    let row = queue::find_for(&txn, class_id, user)
        .await?
        .ok_or(EnrollmentError::NotApplied)?;
    end_enrollment(&txn, &class, &row, now).await?;
    let row = queue::find(&txn, EnrollmentId(row.id))
        .await?
        .ok_or(EnrollmentError::EnrollmentNotFound)?;
    let mine = view(&txn, &row).await?;
    txn.commit().await?;
    Ok(mine)
}

/// An instructor's decision on one enrollment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Admits an application or a place on the waitlist, or re-admits a
    /// trainee the class's managers removed.
    Approve,
    Reject,
    /// Ends a trainee's place; they cannot apply again until re-admitted.
    Remove,
}

/// Loads the enrollment's class (for the permission check by the caller).
pub async fn class_of(
    db: &impl ConnectionTrait,
    id: EnrollmentId,
) -> Result<ClassId, EnrollmentError> {
    let row = queue::find(db, id)
        .await?
        .ok_or(EnrollmentError::EnrollmentNotFound)?;
    Ok(ClassId(row.class_id))
}

/// Applies a manager's `decision` (made by `by`) to one enrollment, with
/// its audit record in the same transaction.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    id: EnrollmentId,
    decision: Decision,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<MyEnrollment, EnrollmentError> {
    let txn = db::begin_write(db).await?;
    let class_id = class_of(&txn, id).await?;
    let class = queue::lock_class(&txn, class_id)
        .await?
        .ok_or(EnrollmentError::ClassNotFound)?;
    let row = queue::find(&txn, id)
        .await?
        .ok_or(EnrollmentError::EnrollmentNotFound)?;
    let status = queue::status_of(&row)?;
    match decision {
        Decision::Approve => {
            let removed = status == EnrollmentStatus::Withdrawn && row.removed_by.is_some();
            if !removed
                && !matches!(
                    status,
                    EnrollmentStatus::Applied | EnrollmentStatus::Waitlisted
                )
            {
                return Err(EnrollmentError::WrongState(status));
            }
            let taken = queue::seats_taken(&txn, class_id).await?;
            check_approval(seat_limit(&class), taken)?;
            queue::decide(&txn, id, EnrollmentStatus::Enrolled, now).await?;
            queue::set_removed_by(&txn, id, None).await?;
            crate::domain::classes::online_courses::on_joining(
                &txn,
                &class,
                id,
                UserId(row.user_id),
                now,
            )
            .await?;
            notify_about(&txn, &row, NotificationKind::EnrollmentApproved, now).await?;
        }
        Decision::Reject => {
            if !matches!(
                status,
                EnrollmentStatus::Applied | EnrollmentStatus::Waitlisted
            ) {
                return Err(EnrollmentError::WrongState(status));
            }
            queue::decide(&txn, id, EnrollmentStatus::Rejected, now).await?;
            notify_about(&txn, &row, NotificationKind::EnrollmentRejected, now).await?;
        }
        Decision::Remove => {
            end_enrollment(&txn, &class, &row, now).await?;
            queue::set_removed_by(&txn, id, Some(by)).await?;
        }
    }
    let row = queue::find(&txn, id)
        .await?
        .ok_or(EnrollmentError::EnrollmentNotFound)?;
    let action = match decision {
        Decision::Approve => AuditAction::EnrollmentApproved,
        Decision::Reject => AuditAction::EnrollmentRejected,
        Decision::Remove => AuditAction::EnrollmentRemoved,
    };
    let region = RegionCode::parse(&class.region_code).ok();
    let entry = Entry::new(action, AuditObject::Enrollment, id.0)
        .in_region(region.as_ref())
        .before(&status)
        .after(&queue::status_of(&row)?);
    audit::record(&txn, actor, entry, now).await?;
    let view = view(&txn, &row).await?;
    txn.commit().await?;
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_class_enrols_until_full_then_waitlists_in_order() {
        let open = EnrollmentMode::Open;
        assert_eq!(
            decide_application(open, 30, 29, None).ok(),
            Some(Application::Enroll)
        );
        assert_eq!(
            decide_application(open, 30, 30, None).ok(),
            Some(Application::Waitlist { ticket: 1 })
        );
        assert_eq!(
            decide_application(open, 30, 30, Some(7)).ok(),
            Some(Application::Waitlist { ticket: 8 })
        );
    }

    #[test]
    fn approval_mode_waits_and_invitation_only_refuses_self_application() {
        assert_eq!(
            decide_application(EnrollmentMode::Approval, 30, 0, None).ok(),
            Some(Application::AwaitApproval)
        );
        assert!(matches!(
            decide_application(EnrollmentMode::Invitation, 30, 0, None),
            Err(EnrollmentError::InvitationOnly)
        ));
    }

    #[test]
    fn approving_beyond_the_seat_limit_is_refused() {
        assert!(check_approval(2, 1).is_ok());
        assert!(matches!(
            check_approval(2, 2),
            Err(EnrollmentError::SeatLimitReached)
        ));
    }

    #[test]
    fn freed_seats_go_to_at_most_as_many_as_wait() {
        assert_eq!(seats_to_fill(30, 20, 470), 10);
        assert_eq!(seats_to_fill(30, 20, 3), 3);
        assert_eq!(seats_to_fill(30, 30, 5), 0);
        assert_eq!(seats_to_fill(30, 31, 5), 0);
    }

    #[test]
    fn only_applications_waitlist_places_and_seats_can_be_withdrawn() {
        assert!(is_active(EnrollmentStatus::Enrolled));
        assert!(is_active(EnrollmentStatus::Waitlisted));
        assert!(!is_active(EnrollmentStatus::Completed));
        assert!(!is_active(EnrollmentStatus::Withdrawn));
    }
}

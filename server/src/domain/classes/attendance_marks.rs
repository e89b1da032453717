//! Attendance marked by hand, and what happens when two records of one
//! trainee's attendance meet (a check-in and a mark, or marks from two
//! devices, some of them made with no network and sent later): the rule is
//! in [`super::attendance_time`], the outcome of a conflict goes to the
//! audit trail.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::checkin::{AttendanceCorrection, AttendanceMethod, AttendanceState};
use cultivator_shared::{ClassSessionId, RegionCode, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::attendance_time::{self, Outcome, Standing};
use super::checkin::{CheckinError, Policy, session_of_seat_holder};
use crate::db::{self, attendance};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::completion::offline_class;

/// A mark made by hand: whom, what, by whom, and, for one made with no
/// network and sent later, the device's time when it was made.
#[derive(Debug, Clone, Copy)]
pub struct HandMark {
    pub trainee: UserId,
    pub state: AttendanceState,
    pub by: UserId,
    pub at: Option<DateTime<Utc>>,
}

/// The instructor marks (or corrects) a trainee's attendance by hand; the
/// change is kept with who, when and from → to (the session's corrections
/// list) and in the audit trail, in the class's region. A mark sent later
/// meets what is stored by the rule in [`attendance_time`].
pub async fn mark(
    db: &DatabaseConnection,
    actor: &Actor,
    class_region: &str,
    session_id: ClassSessionId,
    hand: HandMark,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<AttendanceCorrection, CheckinError> {
    let moment = attendance_time::moment(hand.at, now, policy.sync_window)?;
    let txn = db::begin_write(db).await?;
    let session = session_of_seat_holder(&txn, session_id, hand.trainee).await?;
    let existing = attendance::find(&txn, session_id, hand.trainee).await?;
    let from = existing
        .as_ref()
        .map(attendance::Model::state)
        .transpose()?;
    let meeting = Meeting {
        session: session_id,
        region: class_region,
        user: hand.trainee,
        existing: existing.as_ref().map(standing_of).transpose()?,
        incoming: Standing {
            method: AttendanceMethod::Manual,
            at: moment,
        },
        state: hand.state,
    };
    if meeting.resolve(&txn, actor, now).await? != Outcome::Apply {
        txn.commit().await?;
        return Err(CheckinError::Superseded);
    }
    let record = attendance::Record {
        session: session_id,
        user: hand.trainee,
        state: hand.state,
        method: AttendanceMethod::Manual,
        at: moment,
        by: Some(hand.by),
    };
    attendance::upsert(&txn, existing, record).await?;
    let correction = AttendanceCorrection {
        user: hand.trainee,
        from,
        to: hand.state,
        corrected_by: hand.by,
        corrected_at: moment,
    };
    attendance::insert_correction(&txn, session_id, &correction).await?;
    let entry = Entry::new(
        AuditAction::AttendanceCorrected,
        AuditObject::Session,
        session_id.0,
    )
    .in_region(RegionCode::parse(class_region).ok().as_ref())
    .before(&serde_json::json!({ "user": hand.trainee.0, "state": from }))
    .after(&serde_json::json!({ "user": hand.trainee.0, "state": hand.state, "at": moment }));
    audit::record(&txn, actor, entry, now).await?;
    offline_class::after_attendance(&txn, &session, hand.trainee, hand.state, now).await?;
    txn.commit().await?;
    Ok(correction)
}

/// How a stored record was made, and when.
pub(super) fn standing_of(row: &attendance::Model) -> Result<Standing, DbErr> {
    Ok(Standing {
        method: row.method()?,
        at: row.recorded_at,
    })
}

/// A record of one trainee's attendance meeting what is stored.
pub(super) struct Meeting<'a> {
    pub session: ClassSessionId,
    pub region: &'a str,
    pub user: UserId,
    pub existing: Option<Standing>,
    pub incoming: Standing,
    /// The state the incoming record sets.
    pub state: AttendanceState,
}

impl Meeting<'_> {
    /// Which record stands ([`attendance_time::resolve`]); a conflict goes
    /// to the audit trail with both records and the outcome.
    pub async fn resolve(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Outcome, CheckinError> {
        let outcome = attendance_time::resolve(self.existing, self.incoming);
        if !attendance_time::is_conflict(self.existing, self.incoming, outcome) {
            return Ok(outcome);
        }
        let Some(existing) = self.existing else {
            return Ok(outcome);
        };
        let stored = attendance::find(db, self.session, self.user).await?;
        let entry = Entry::new(
            AuditAction::AttendanceConflict,
            AuditObject::Session,
            self.session.0,
        )
        .in_region(RegionCode::parse(self.region).ok().as_ref())
        .before(&serde_json::json!({
            "user": self.user.0,
            "state": stored.map(|r| r.state),
            "method": existing.method,
            "at": existing.at,
        }))
        .after(&serde_json::json!({
            "user": self.user.0,
            "state": self.state,
            "method": self.incoming.method,
            "at": self.incoming.at,
            "outcome": if outcome == Outcome::Apply { "applied" } else { "superseded" },
        }));
        audit::record(db, actor, entry, now).await?;
        Ok(outcome)
    }
}

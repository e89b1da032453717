//! Check-in at class sessions with rotating codes, and attendance marked by hand.
//!
//! ## The code
//! Time is cut into windows of `period` seconds (default 15). The code of a
//! window is an HMAC of the window number under the session's device key,
//! itself derived from the session's stored `checkin_secret`, truncated to 6
//! digits as in HOTP; `cultivator_shared::checkin_code` has the details,
//! shared with the instructor's device, which computes the codes itself so
//! that its screen keeps working with no network. The server keeps no
//! codes: it recomputes them. A code of the current or the previous window
//! is accepted (clock skew, slow scans); one from a few windows earlier is
//! reported as expired rather than wrong, so the trainee knows to look again.
//! A check-in made with no signal is checked against the window of the
//! moment it claims, within the bounds in [`super::attendance_time`].
//!
//! ## Guessing, and what the code cannot prove
//! Wrong codes are counted per trainee and session ([`WRONG_CODES`]): after
//! five in ten minutes that trainee's code entry for the session is locked
//! for ten minutes (429 with `Retry-After`), so guessing one of the two valid
//! codes out of a million is hopeless. What a rotating code cannot stop is a
//! trainee in the room photographing the QR and sending it to someone who is
//! not: the photo stays valid for one to two windows (15–30 s). The defence
//! is the instructor's live list, which shows each arrival with name, mobile
//! and time as it happens, so a roll call or a count of heads in the room
//! exposes a name that is not there; the instructor corrects it by hand,
//! and the correction is audited and withdraws what it earned. The list also
//! shows each trainee's wrong codes and any lock (a forwarded photo arrives
//! late, so its code is often already wrong), and lockouts go to the
//! coordinators' integrity report. See `docs/checkin.md`.

use chrono::{DateTime, Duration, Utc};
use cultivator_shared::api::checkin::{AttendanceEntry, AttendanceMethod, AttendanceState};
use cultivator_shared::api::integrity::IntegrityKind;
use cultivator_shared::checkin_code;
use cultivator_shared::privacy::MobileView;
use cultivator_shared::{ClassId, ClassSessionId, EnrollmentStatus, UserId};
use hmac::{Hmac, KeyInit, Mac};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use sha2::Sha256;

use crate::db::{
    self, attendance, class_sessions, enrollment_queue, integrity_flags, login_throttle, users,
};
use crate::domain::accounts::throttle;
use crate::domain::audit::Actor;
use crate::domain::classes::attendance_marks::{Meeting, standing_of};
use crate::domain::classes::attendance_time::{self, Outcome, Standing, TimeRefused};
use crate::domain::completion::offline_class;
use crate::domain::integrity;

/// How many windows back a code counts as expired rather than wrong.
const EXPIRED_LOOKBACK: i64 = 8;

#[derive(Debug, thiserror::Error)]
pub enum CheckinError {
    #[error("session not found")]
    SessionNotFound,
    #[error("wrong check-in code")]
    InvalidCode,
    #[error("the check-in code has expired")]
    CodeExpired,
    #[error("not enrolled in this class")]
    NotEnrolled,
    #[error("check-in is not open for this session now")]
    OutsideWindow,
    #[error("already checked in")]
    AlreadyCheckedIn,
    /// Too many wrong codes for this session: code entry is locked.
    #[error("too many wrong codes; try again in {0} seconds")]
    Locked(u64),
    #[error("the session is cancelled")]
    SessionCancelled,
    #[error("the class is cancelled")]
    ClassCancelled,
    #[error("the device's clock is ahead of the server's")]
    DeviceTimeAhead,
    #[error("made with no signal too long ago")]
    SyncWindowPassed,
    #[error("a later record of this trainee's attendance stands")]
    Superseded,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<TimeRefused> for CheckinError {
    fn from(refused: TimeRefused) -> Self {
        match refused {
            TimeRefused::Ahead => CheckinError::DeviceTimeAhead,
            TimeRefused::TooLate => CheckinError::SyncWindowPassed,
        }
    }
}

pub use cultivator_shared::checkin_code::{seconds_left, window_of};

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        // HMAC accepts keys of any length; this branch cannot be taken.
        return Vec::new();
    };
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// The device key of a session whose stored secret is `secret`: what the
/// instructor's device computes codes with (see the module documentation).
pub fn device_key(secret: &str) -> String {
    checkin_code::hex(&hmac_sha256(
        secret.as_bytes(),
        checkin_code::DEVICE_KEY_LABEL,
    ))
}

/// The 6-digit code, for `window`, of the session whose stored secret is `secret`.
pub fn code_for(secret: &str, window: i64) -> String {
    let key = device_key(secret);
    checkin_code::digits_of(&hmac_sha256(
        key.as_bytes(),
        &checkin_code::window_message(window),
    ))
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks a typed or scanned code against the window at `now_secs`.
pub fn verify(secret: &str, code: &str, now_secs: i64, period: u32) -> Result<(), CheckinError> {
    let code = code.trim();
    let current = window_of(now_secs, period);
    if [current, current - 1]
        .iter()
        .any(|w| same(&code_for(secret, *w), code))
    {
        return Ok(());
    }
    if (2..=EXPIRED_LOOKBACK).any(|back| same(&code_for(secret, current - back), code)) {
        return Err(CheckinError::CodeExpired);
    }
    Err(CheckinError::InvalidCode)
}

/// Whether check-in is open at `now`: from `margin` before the start until the end.
pub fn within_window(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    margin: Duration,
    now: DateTime<Utc>,
) -> bool {
    now >= starts_at - margin && now <= ends_at
}

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub period_secs: u32,
    pub margin: Duration,
    /// How long after it was made a record made with no signal may arrive.
    pub sync_window: Duration,
}

pub async fn session(
    db: &impl ConnectionTrait,
    id: ClassSessionId,
) -> Result<class_sessions::Model, CheckinError> {
    class_sessions::find(db, id)
        .await?
        .ok_or(CheckinError::SessionNotFound)
}

/// The session, provided `user` holds a seat in its class (enrolled or
/// completed); attendance is only recorded for them.
pub(super) async fn session_of_seat_holder(
    db: &impl ConnectionTrait,
    id: ClassSessionId,
    user: UserId,
) -> Result<class_sessions::Model, CheckinError> {
    let session = session(db, id).await?;
    let holds_seat = enrollment_queue::find_for(db, ClassId(session.class_id), user)
        .await?
        .map(|e| enrollment_queue::status_of(&e))
        .transpose()?
        .is_some_and(|s| s.holds_seat());
    if !holds_seat {
        return Err(CheckinError::NotEnrolled);
    }
    Ok(session)
}

/// Wrong codes a trainee may enter for one session before their code entry
/// for it is locked, and the window over which they count (also the lock's
/// length). Two codes are valid at a time out of a million, so five guesses
/// in ten minutes make a guessed check-in a one-in-100,000 event.
pub const WRONG_CODES: throttle::Policy = throttle::Policy {
    max_failures: 5,
    window_secs: 600,
};

/// The throttle key of one trainee's code entry for one session.
fn guesses_key(session: ClassSessionId, user: UserId) -> String {
    format!("checkin:{}:{}", session.0, user.0)
}

/// A code as the trainee entered it, and, for a check-in made with no
/// signal and sent later, the device's time when it was read.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    pub code: &'a str,
    pub at: Option<DateTime<Utc>>,
}

/// A trainee checks in with a code; each failure has its own error. Wrong
/// codes are counted per trainee and session (and committed even though the
/// check-in fails); past [`WRONG_CODES`] the trainee's code entry for the
/// session is locked for a while. A check-in sent later is checked at the
/// moment it claims ([`attendance_time`]), and meets any mark made by hand
/// by the rule there.
pub async fn check_in(
    db: &DatabaseConnection,
    actor: &Actor,
    session_id: ClassSessionId,
    user: UserId,
    claim: Claim<'_>,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<AttendanceEntry, CheckinError> {
    let moment = attendance_time::moment(claim.at, now, policy.sync_window)?;
    let txn = db::begin_write(db).await?;
    let session = session_of_seat_holder(&txn, session_id, user).await?;
    if session.is_cancelled() {
        return Err(CheckinError::SessionCancelled);
    }
    let class = crate::db::classes::Entity::find_by_id(session.class_id)
        .one(&txn)
        .await?
        .ok_or(CheckinError::SessionNotFound)?;
    if class.is_cancelled() {
        return Err(CheckinError::ClassCancelled);
    }
    if !within_window(session.starts_at, session.ends_at, policy.margin, moment) {
        return Err(CheckinError::OutsideWindow);
    }
    let key = guesses_key(session_id, user);
    let guesses = login_throttle::load(&txn, &key).await?;
    if let Some(secs) = throttle::locked_for(guesses.as_ref(), now.timestamp()) {
        return Err(CheckinError::Locked(secs));
    }
    if let Err(wrong) = verify(
        &session.checkin_secret,
        claim.code,
        moment.timestamp(),
        policy.period_secs,
    ) {
        let counted = throttle::record_failure(guesses, WRONG_CODES, now.timestamp());
        login_throttle::store(&txn, &key, &counted).await?;
        integrity::record::wrong_checkin_code(
            &txn,
            session_id,
            user,
            guesses.as_ref(),
            &counted,
            now,
        )
        .await?;
        txn.commit().await?;
        return Err(wrong);
    }
    if guesses.is_some() {
        login_throttle::clear(&txn, &key).await?;
    }
    let incoming = Standing {
        method: if claim.at.is_some() {
            AttendanceMethod::QueuedCode
        } else {
            AttendanceMethod::Code
        },
        at: moment,
    };
    let existing = attendance::find(&txn, session_id, user).await?;
    let meeting = Meeting {
        session: session_id,
        region: &class.region_code,
        user,
        existing: existing.as_ref().map(standing_of).transpose()?,
        incoming,
        state: AttendanceState::Present,
    };
    match meeting.resolve(&txn, actor, now).await? {
        Outcome::Apply => {}
        Outcome::AlreadyCheckedIn => return Err(CheckinError::AlreadyCheckedIn),
        Outcome::Superseded => {
            txn.commit().await?;
            return Err(CheckinError::Superseded);
        }
    }
    let record = attendance::Record {
        session: session_id,
        user,
        state: AttendanceState::Present,
        method: incoming.method,
        at: moment,
        by: None,
    };
    let row = match attendance::upsert(&txn, existing, record).await {
        Ok(row) => row,
        // Two check-ins of one trainee racing on PostgreSQL: the unique index decides.
        Err(err)
            if matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(CheckinError::AlreadyCheckedIn);
        }
        Err(err) => return Err(err.into()),
    };
    offline_class::after_attendance(&txn, &session, user, AttendanceState::Present, now).await?;
    let person = users::find(&txn, user).await?;
    txn.commit().await?;
    Ok(AttendanceEntry {
        user,
        name: person.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        mobile: person.map(|p| p.mobile).unwrap_or_default(),
        state: Some(AttendanceState::Present),
        method: Some(incoming.method),
        recorded_at: Some(row.recorded_at),
        wrong_codes: 0,
        locked_until: None,
    })
}

/// Every trainee holding a seat, with their attendance so far (arrivals first,
/// in order of arrival), the wrong codes they entered and whether their code
/// entry is locked at `now`.
pub async fn live_list(
    db: &impl ConnectionTrait,
    session: &class_sessions::Model,
    mobiles: MobileView,
    now: DateTime<Utc>,
) -> Result<Vec<AttendanceEntry>, DbErr> {
    let id = ClassSessionId(session.id);
    let records = attendance::of_session(db, id).await?;
    let roster = enrollment_queue::roster(db, ClassId(session.class_id)).await?;
    let seated: Vec<_> = roster
        .iter()
        .filter(|e| {
            matches!(
                e.status,
                EnrollmentStatus::Enrolled | EnrollmentStatus::Completed
            )
        })
        .collect();
    let wrong = integrity_flags::counts_on(db, IntegrityKind::WrongCheckinCodes, id.0).await?;
    let keys = seated.iter().map(|p| guesses_key(id, p.user)).collect();
    let guesses = login_throttle::load_many(db, keys).await?;
    let mut entries: Vec<AttendanceEntry> = Vec::new();
    for person in seated {
        let record = records.iter().find(|r| r.user_id == person.user.0);
        let locked_for =
            throttle::locked_for(guesses.get(&guesses_key(id, person.user)), now.timestamp());
        entries.push(AttendanceEntry {
            user: person.user,
            name: person.name.clone(),
            mobile: mobiles.show(&person.mobile),
            state: record.map(attendance::Model::state).transpose()?,
            method: record.map(attendance::Model::method).transpose()?,
            recorded_at: record.map(|r| r.recorded_at),
            wrong_codes: wrong
                .get(&person.user.0)
                .map_or(0, |n| u32::try_from(*n).unwrap_or(u32::MAX)),
            locked_until: locked_for
                .and_then(|secs| i64::try_from(secs).ok())
                .map(|secs| now + Duration::seconds(secs)),
        });
    }
    entries.sort_by_key(|e| (e.recorded_at.is_none(), e.recorded_at));
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "9f2c1e0b7a6d5c4b3a29181716151413121110f0e0d0c0b0a090807060504030";

    #[test]
    fn codes_are_six_digits_and_change_with_the_window() {
        let a = code_for(SECRET, 1000);
        let b = code_for(SECRET, 1001);
        assert_eq!(a.len(), 6);
        assert!(a.bytes().all(|c| c.is_ascii_digit()));
        assert_ne!(a, b);
        assert_eq!(a, code_for(SECRET, 1000));
        assert_ne!(a, code_for("another session's secret", 1000));
    }

    #[test]
    fn the_current_and_previous_window_are_accepted_older_codes_expire() {
        let now = 15_000;
        let w = window_of(now, 15);
        assert!(verify(SECRET, &code_for(SECRET, w), now, 15).is_ok());
        assert!(verify(SECRET, &code_for(SECRET, w - 1), now, 15).is_ok());
        assert!(matches!(
            verify(SECRET, &code_for(SECRET, w - 2), now, 15),
            Err(CheckinError::CodeExpired)
        ));
        assert!(matches!(
            verify(SECRET, &code_for("other", w), now, 15),
            Err(CheckinError::InvalidCode)
        ));
    }
}

//! Moving or cancelling one session of a running class, as one write
//! transaction with the class row locked, its audit record and the notices
//! to everyone concerned (`changes::CONCERNED`). A cancelled session takes no
//! check-ins and no further changes; nor does any session of a cancelled class.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::classes::{CancelRequest, NewSessionRequest, SessionView};
use cultivator_shared::api::notifications::{NotificationDetail, NotificationKind};
use cultivator_shared::{ClassId, ClassSessionId};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::Serialize;

use super::changes::{CONCERNED, ChangeError, ReasonRecord, open_class, region_of, trimmed};
use crate::db::{self, class_sessions, classes};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::notifications;

/// A session's time and place as the audit trail keeps them.
#[derive(Debug, Serialize)]
struct PlaceRecord<'a> {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    venue: &'a str,
}

impl<'a> From<&'a class_sessions::Model> for PlaceRecord<'a> {
    fn from(s: &'a class_sessions::Model) -> Self {
        PlaceRecord {
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            venue: &s.venue,
        }
    }
}

/// The class a session belongs to (for the caller's permission check).
pub async fn class_of_session(
    db: &impl ConnectionTrait,
    id: ClassSessionId,
) -> Result<ClassId, ChangeError> {
    Ok(ClassId(
        class_sessions::find(db, id)
            .await?
            .ok_or(ChangeError::NotFound)?
            .class_id,
    ))
}

/// The session and its class, both open to changes, the class locked.
async fn open_session(
    txn: &impl ConnectionTrait,
    id: ClassSessionId,
) -> Result<(classes::Model, class_sessions::Model), ChangeError> {
    let session = class_sessions::find(txn, id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let class = open_class(txn, ClassId(session.class_id)).await?;
    if session.is_cancelled() {
        return Err(ChangeError::SessionCancelled);
    }
    Ok((class, session))
}

/// Moves a session (its times, venue, note), on the class's days. If its
/// time or place changed, everyone concerned is told the new ones.
pub async fn update_session(
    db: &DatabaseConnection,
    id: ClassSessionId,
    request: &NewSessionRequest,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<SessionView, ChangeError> {
    let txn = db::begin_write(db).await?;
    let (class, before) = open_session(&txn, id).await?;
    request
        .validate_for(Some((class.starts_on, class.ends_on)))
        .map_err(ChangeError::Invalid)?;
    let venue = trimmed(request.venue.as_deref())
        .or(class.venue.as_deref())
        .unwrap_or_default();
    let after = class_sessions::update_times(
        &txn,
        id,
        request.starts_at,
        request.ends_at,
        venue,
        trimmed(request.capacity_note.as_deref()),
    )
    .await?;
    let moved = after.starts_at != before.starts_at
        || after.ends_at != before.ends_at
        || after.venue != before.venue;
    let class_id = ClassId(class.id);
    if moved {
        let people = classes::people_in(&txn, class_id, &CONCERNED).await?;
        let detail = NotificationDetail {
            starts_at: Some(after.starts_at),
            ends_at: Some(after.ends_at),
            venue: Some(after.venue.clone()),
            ..NotificationDetail::default()
        };
        notifications::notify(
            &txn,
            &notifications::about_class(
                &people,
                NotificationKind::SessionMoved,
                class_id,
                Some(id),
                &detail,
            ),
            now,
        )
        .await?;
    }
    audit::record(
        &txn,
        actor,
        Entry::new(AuditAction::SessionChanged, AuditObject::Session, id.0)
            .in_region(Some(&region_of(&class)?))
            .before(&PlaceRecord::from(&before))
            .after(&PlaceRecord::from(&after)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(after.view())
}

/// Cancels a session with a reason and tells everyone concerned.
pub async fn cancel_session(
    db: &DatabaseConnection,
    id: ClassSessionId,
    request: &CancelRequest,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<SessionView, ChangeError> {
    request.validate().map_err(ChangeError::Invalid)?;
    let reason = request.reason.trim();
    let txn = db::begin_write(db).await?;
    let (class, session) = open_session(&txn, id).await?;
    let cancelled = class_sessions::cancel(&txn, id, reason, now).await?;
    let class_id = ClassId(class.id);
    let people = classes::people_in(&txn, class_id, &CONCERNED).await?;
    let detail = NotificationDetail {
        starts_at: Some(session.starts_at),
        ends_at: Some(session.ends_at),
        venue: Some(session.venue.clone()),
        reason: Some(reason.to_owned()),
        ..NotificationDetail::default()
    };
    notifications::notify(
        &txn,
        &notifications::about_class(
            &people,
            NotificationKind::SessionCancelled,
            class_id,
            Some(id),
            &detail,
        ),
        now,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry::new(AuditAction::SessionCancelled, AuditObject::Session, id.0)
            .in_region(Some(&region_of(&class)?))
            .before(&PlaceRecord::from(&session))
            .after(&ReasonRecord { reason }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(cancelled.view())
}

//! The demo's one-off events, written as the pages that cause them write
//! them: approvals and waitlist places (audit record and notice), selections
//! for the gated stage (through `pathway::set_selected`, which notifies the
//! person), the showcase trainee's reminders and a moved session, and each
//! finished class's completion decision.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::notifications::{NotificationDetail, NotificationKind};
use cultivator_shared::{ClassId, ClassSessionId, EnrollmentMode, EnrollmentStatus, RegionCode};
use cultivator_shared::{StageId, Track, UserId};
use sea_orm::DatabaseConnection;

use super::enrolments::Recruit;
use super::{COUNTY_COORDINATOR, Held, china};
use crate::db::{self, class_sessions, classes, enrollment_queue};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::classes::pathway;
use crate::domain::notifications::{self, Notice};
use crate::domain::seed::demo::{self, DemoError};

/// How many completers of the first offline classes are selected.
const SELECTED: usize = 16;
/// How many of those have applied to the study tour so far.
pub const APPLIED: usize = 10;

fn region_of(held: &[Held], class: ClassId) -> Option<RegionCode> {
    held.iter()
        .find(|c| c.id == class)
        .and_then(|c| RegionCode::parse(&c.region).ok())
}

/// Approvals in approval classes (audit record and notice, as the roster
/// page writes them) and waitlist places (notice). Returns notices written.
pub async fn decisions(
    db: &DatabaseConnection,
    teacher: &Actor,
    held: &[Held],
    recruits: &[Recruit],
) -> Result<usize, DemoError> {
    let mut notices = 0;
    for recruit in recruits {
        let approval = held
            .iter()
            .any(|c| c.id == recruit.class && c.mode == EnrollmentMode::Approval);
        let kind = match recruit.status {
            EnrollmentStatus::Enrolled if approval => NotificationKind::EnrollmentApproved,
            EnrollmentStatus::Waitlisted => NotificationKind::EnrollmentWaitlisted,
            _ => continue,
        };
        let user = UserId(recruit.user);
        let txn = db::begin_write(db).await?;
        if kind == NotificationKind::EnrollmentApproved
            && let Some(row) = enrollment_queue::find_for(&txn, recruit.class, user).await?
        {
            let entry = Entry::new(
                AuditAction::EnrollmentApproved,
                AuditObject::Enrollment,
                row.id,
            )
            .in_region(region_of(held, recruit.class).as_ref())
            .before(&EnrollmentStatus::Applied)
            .after(&EnrollmentStatus::Enrolled);
            audit::record(&txn, teacher, entry, recruit.at).await?;
        }
        let notice = notifications::about_class(
            &[user],
            kind,
            recruit.class,
            None,
            &NotificationDetail::default(),
        );
        notifications::notify(&txn, &notice, recruit.at).await?;
        txn.commit().await?;
        notices += notice.len();
    }
    Ok(notices)
}

/// The county coordinator selects the first completers for the gated stage
/// (each told so by a notice). Returns who was selected.
pub async fn selections(
    db: &DatabaseConnection,
    stage: StageId,
    candidates: &[i64],
    today: NaiveDate,
) -> Result<Vec<i64>, DemoError> {
    let (coordinator, actor) = demo::staff_actor(db, COUNTY_COORDINATOR).await?;
    let mut selected = Vec::new();
    let first = china(today - Duration::days(20), 15);
    for (k, user) in candidates.iter().take(SELECTED).enumerate() {
        let at = first + Duration::minutes(7 * k as i64);
        pathway::set_selected(db, &actor, stage, UserId(*user), true, coordinator, at)
            .await
            .map_err(|_| DemoError::Malformed("selection"))?;
        selected.push(*user);
    }
    selected.truncate(APPLIED);
    Ok(selected)
}

fn about_session(session: &class_sessions::Model, kind: NotificationKind, user: UserId) -> Notice {
    Notice {
        user,
        kind,
        class: Some(ClassId(session.class_id)),
        session: Some(ClassSessionId(session.id)),
        detail: NotificationDetail {
            starts_at: Some(session.starts_at),
            ends_at: Some(session.ends_at),
            venue: Some(session.venue.clone()),
            ..NotificationDetail::default()
        },
    }
}

/// The showcase trainee's own notices: the evening reminders before her
/// first offline class, and the move of the first session of the class she
/// is enrolled in (the session moved by an hour, with its audit record).
pub async fn showcase_notices(
    db: &DatabaseConnection,
    teacher: &Actor,
    held: &[Held],
    showcase: UserId,
) -> Result<usize, DemoError> {
    let mut written = 0;
    let mut finished_first = None;
    let mut upcoming_first = None;
    for class in held.iter().filter(|c| c.track == Track::Offline) {
        let members = classes::people_in(
            db,
            class.id,
            &[EnrollmentStatus::Enrolled, EnrollmentStatus::Completed],
        )
        .await?;
        if !members.contains(&showcase) {
            continue;
        }
        let Some(first) = class.sessions.first() else {
            continue;
        };
        if first.ends_at < Utc::now() {
            finished_first.get_or_insert((class, first));
        } else {
            upcoming_first.get_or_insert((class, first));
        }
    }
    if let Some((class, first)) = finished_first {
        let evening = first.starts_at - Duration::hours(13);
        let day_one: Vec<Notice> = class
            .sessions
            .iter()
            .filter(|s| s.starts_at - first.starts_at < Duration::hours(12))
            .map(|s| about_session(s, NotificationKind::SessionReminder, showcase))
            .collect();
        notifications::notify(db, &day_one, evening).await?;
        written += day_one.len();
    }
    if let Some((class, first)) = upcoming_first {
        let at: DateTime<Utc> = Utc::now() - Duration::days(2);
        let (starts_at, ends_at) = (
            first.starts_at + Duration::hours(1),
            first.ends_at + Duration::hours(1),
        );
        let txn = db::begin_write(db).await?;
        class_sessions::update_times(
            &txn,
            ClassSessionId(first.id),
            starts_at,
            ends_at,
            &first.venue,
            first.capacity_note.as_deref(),
        )
        .await?;
        let mut moved = first.clone();
        moved.starts_at = starts_at;
        moved.ends_at = ends_at;
        let entry = Entry::new(AuditAction::SessionChanged, AuditObject::Session, first.id)
            .in_region(RegionCode::parse(&class.region).ok().as_ref())
            .before(&first.view())
            .after(&moved.view());
        audit::record(&txn, teacher, entry, at).await?;
        let members = classes::people_in(&txn, class.id, &[EnrollmentStatus::Enrolled]).await?;
        let notices: Vec<Notice> = members
            .into_iter()
            .map(|user| about_session(&moved, NotificationKind::SessionMoved, user))
            .collect();
        notifications::notify(&txn, &notices, at).await?;
        txn.commit().await?;
        written += notices.len();
    }
    Ok(written)
}

/// Each finished offline class's completion decision, recorded the day
/// after it ended, as `offline_class::finalise` records it.
pub async fn completions_decided(
    db: &DatabaseConnection,
    teacher: &Actor,
    held: &[Held],
    today: NaiveDate,
) -> Result<(), DemoError> {
    for class in held
        .iter()
        .filter(|c| c.track == Track::Offline && c.ends_on < today)
    {
        let completed = classes::people_in(db, class.id, &[EnrollmentStatus::Completed])
            .await?
            .len();
        let not_eligible = classes::people_in(db, class.id, &[EnrollmentStatus::Enrolled])
            .await?
            .len();
        let entry = Entry::new(
            AuditAction::ClassCompletionDecided,
            AuditObject::Class,
            class.id.0,
        )
        .in_region(RegionCode::parse(&class.region).ok().as_ref())
        .after(&serde_json::json!({ "completed": completed, "not_eligible": not_eligible }));
        let at = china(class.ends_on + Duration::days(1), 10);
        audit::record(db, teacher, entry, at).await?;
    }
    Ok(())
}

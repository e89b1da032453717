//! Setting up classes: creating one with its first instructor, adding
//! sessions, and the views of a class for trainees and its instructors.

use chrono::Utc;
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::catalog::ClassSummary;
use cultivator_shared::api::classes::{
    ClassDetail, CreateClassRequest, NewSessionRequest, SessionView,
};
use cultivator_shared::validation::parse_region_code;
use cultivator_shared::{ClassId, PublishState, RegionCode, UserId};
use rand::RngCore;
use sea_orm::ColumnTrait;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::db::{self, class_sessions, classes, enrollment_queue, programmes, regions};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::classes::applications;

#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    #[error("class not found")]
    NotFound,
    #[error("unknown region {0}")]
    UnknownRegion(String),
    #[error("unknown programme or stage")]
    UnknownProgramme,
    #[error("the stage is retired")]
    StageRetired,
    #[error("some fields are invalid")]
    Invalid(Vec<cultivator_shared::FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Who stands behind a class, for deciding who may manage it.
#[derive(Debug, Clone)]
pub struct ClassStaff {
    /// Kept for the record; it grants nothing (`permissions::can_manage_class`).
    pub created_by: UserId,
    pub instructors: Vec<UserId>,
    /// The region the class serves.
    pub region: RegionCode,
}

/// Who stands behind this class: its creator, its instructors and its region
/// (the rule on who may manage it is `auth::permissions::can_manage_class`).
pub async fn staff(db: &impl ConnectionTrait, class: &classes::Model) -> Result<ClassStaff, DbErr> {
    Ok(ClassStaff {
        created_by: UserId(class.created_by),
        instructors: class_sessions::instructors_of(db, ClassId(class.id)).await?,
        region: RegionCode::parse(&class.region_code)
            .map_err(|_| db::corrupt("classes", "region_code", &class.region_code))?,
    })
}

pub async fn find(db: &impl ConnectionTrait, id: ClassId) -> Result<classes::Model, ClassError> {
    classes::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(ClassError::NotFound)
}

/// Creates a published class; the creator becomes its first instructor.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    creator: UserId,
    request: &CreateClassRequest,
) -> Result<ClassId, ClassError> {
    request.validate().map_err(ClassError::Invalid)?;
    let region = parse_region_code(&request.region_code)
        .map_err(|_| ClassError::UnknownRegion(request.region_code.clone()))?;
    let txn = db::begin_write(db).await?;
    if regions::many(&txn, vec![region.to_string()])
        .await?
        .is_empty()
    {
        return Err(ClassError::UnknownRegion(region.to_string()));
    }
    if programmes::Entity::find_by_id(request.programme_id.0)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(ClassError::UnknownProgramme);
    }
    if let Some(stage) = request.stage_id {
        let found = programmes::stages::Entity::find_by_id(stage.0)
            .one(&txn)
            .await?;
        match found {
            Some(s) if s.programme_id == request.programme_id.0 => {
                if s.retired_at.is_some() {
                    return Err(ClassError::StageRetired);
                }
            }
            _ => return Err(ClassError::UnknownProgramme),
        }
    }
    let venue = request
        .venue
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let id = classes::insert(
        &txn,
        classes::NewClass {
            title: request.title.trim(),
            track: request.track,
            programme: request.programme_id,
            stage: request.stage_id,
            region: &region,
            starts_on: request.starts_on,
            ends_on: request.ends_on,
            seat_limit: request.seat_limit,
            mode: request.enrollment_mode,
            state: PublishState::Published,
            venue,
            attendance_threshold_pct: request.attendance_threshold_pct,
            planned_sessions: request.planned_sessions,
            created_by: creator,
        },
    )
    .await?;
    class_sessions::add_instructor(&txn, id, creator).await?;
    let entry = Entry::new(AuditAction::ClassCreated, AuditObject::Class, id.0)
        .in_region(Some(&region))
        .after(request);
    audit::record(&txn, actor, entry, Utc::now()).await?;
    txn.commit().await?;
    Ok(id)
}

/// A fresh 256-bit check-in key, hex encoded.
pub(crate) fn new_checkin_secret() -> String {
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds a session to the class, with its audit record in the same
/// transaction.
pub async fn add_session(
    db: &DatabaseConnection,
    actor: &Actor,
    class: &classes::Model,
    request: &NewSessionRequest,
) -> Result<SessionView, ClassError> {
    request
        .validate_for(Some((class.starts_on, class.ends_on)))
        .map_err(ClassError::Invalid)?;
    let venue = request
        .venue
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .or(class.venue.as_deref())
        .unwrap_or_default();
    let secret = new_checkin_secret();
    let txn = db::begin_write(db).await?;
    let session = class_sessions::insert(
        &txn,
        class_sessions::NewSession {
            class: ClassId(class.id),
            starts_at: request.starts_at,
            ends_at: request.ends_at,
            venue,
            capacity_note: request
                .capacity_note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty()),
            checkin_secret: &secret,
        },
    )
    .await?;
    let view = session.view();
    let entry = Entry::new(AuditAction::SessionCreated, AuditObject::Session, view.id.0)
        .in_region(RegionCode::parse(&class.region_code).ok().as_ref())
        .after(&view);
    audit::record(&txn, actor, entry, Utc::now()).await?;
    txn.commit().await?;
    Ok(view)
}

/// The class as `viewer` sees it, with their own enrollment; `can_manage`
/// says whether they may manage it.
pub async fn detail(
    db: &impl ConnectionTrait,
    class: classes::Model,
    viewer: UserId,
    can_manage: bool,
) -> Result<ClassDetail, ClassError> {
    let id = ClassId(class.id);
    let threshold = class
        .attendance_threshold_pct
        .and_then(|p| u8::try_from(p).ok());
    let planned_sessions = class.planned_sessions.and_then(|n| u32::try_from(n).ok());
    let cancelled = class.cancellation();
    let summary = classes::summarise(db, vec![class])
        .await?
        .pop()
        .ok_or(ClassError::NotFound)?;
    Ok(ClassDetail {
        class: summary,
        attendance_threshold_pct: threshold,
        planned_sessions,
        sessions: class_sessions::of_class(db, id)
            .await?
            .iter()
            .map(class_sessions::Model::view)
            .collect(),
        waitlist_length: enrollment_queue::waitlist_length(db, id).await?,
        my_enrollment: applications::mine(db, id, viewer).await?,
        can_manage,
        cancelled,
    })
}

/// Classes the user runs, soonest first.
pub async fn run_by(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<ClassSummary>, DbErr> {
    let ids = class_sessions::classes_run_by(db, user).await?;
    let rows = classes::Entity::find()
        .filter(classes::Column::Id.is_in(ids.into_iter().map(|c| c.0)))
        .order_by_asc(classes::Column::StartsOn)
        .order_by_asc(classes::Column::Id)
        .all(db)
        .await?;
    classes::summarise(db, rows).await
}

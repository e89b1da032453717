//! Issuing and revoking, always inside the transaction of the completion
//! (or its withdrawal) that causes it, so that a certificate exists exactly
//! while its completion does.
//!
//! - A class enrolment completed: a class certificate; and when that class's
//!   stage was the last one the person lacked, the programme's graduation
//!   certificate.
//! - An online course completed: a course certificate.
//! - A class completion withdrawn: its certificate is revoked with the
//!   reason, and the graduation certificate too if the pathway is no longer
//!   complete.
//!
//! Exactly once: a certificate is issued only when none is valid for the
//! same (kind, thing, person), and the unique `live_key` makes a second one
//! impossible even if two transactions raced. A re-completion after a
//! revocation issues a new certificate with a new number, audited as a
//! re-issue; the revoked one keeps answering "revoked" to anyone holding it.

use chrono::{DateTime, Datelike, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::certificates::CertificateKind;
use cultivator_shared::api::notifications::{NotificationDetail, NotificationKind};
use cultivator_shared::{CreditHours, EnrollmentId, RegionCode, UserId};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::credential::{self, Fields};
use super::{keys, number, template};
use crate::db::certificates::{self, NewCertificate};
use crate::db::classes::{self, enrollments};
use crate::db::programmes::{self, stages};
use crate::db::{courses, stage_selections, users};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::notifications::{self, Notice};

/// Who issues certificates for online courses, which belong to no programme.
pub const COURSE_ISSUER: &str = "Cultivator 乡村人才在线学习平台";

/// Why a certificate was revoked when its class completion was withdrawn.
pub const REASON_COMPLETION_WITHDRAWN: &str = "completion withdrawn";
/// Why a graduation certificate was revoked.
pub const REASON_PATHWAY_INCOMPLETE: &str = "a stage of the pathway is no longer completed";

/// What is being certified, before numbering and signing.
struct Subject {
    kind: CertificateKind,
    id: i64,
    /// The programme certified within, whose design names the issuer.
    programme: Option<programmes::Model>,
    title: String,
    credit_tenths: i64,
    /// The year the number carries: the programme's start, or the completion's.
    year: i32,
}

/// Issues `user` a certificate for `subject` unless a valid one exists.
/// Returns whether one was issued.
async fn issue(
    txn: &impl ConnectionTrait,
    user: UserId,
    subject: Subject,
    completed_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    if certificates::live(txn, subject.kind, subject.id, user)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let Some(holder) = users::Entity::find_by_id(user.0).one(txn).await? else {
        return Ok(false);
    };
    let home = RegionCode::parse(&holder.region_code).ok();
    let issuer = template::issuer_for(txn, subject.programme.as_ref(), home.as_ref()).await?;
    let (key_id, key) = keys::signing_key(txn, at).await?;
    let number = number::unused(txn, subject.year, &holder.region_code).await?;
    let fields = Fields {
        number: number.clone(),
        kind: subject.kind,
        holder_name: holder.name.clone(),
        title: subject.title,
        credit: CreditHours(u32::try_from(subject.credit_tenths).unwrap_or(0)),
        completed_on: credential::china_day(completed_at),
        issued_on: credential::china_day(at),
        issuer: issuer.name,
    };
    let signature = credential::sign(&key, &fields);
    let reissue = certificates::any_revoked(txn, subject.kind, subject.id, user).await?;
    let row = certificates::insert(
        txn,
        NewCertificate {
            number: number.clone(),
            user,
            kind: subject.kind,
            subject: subject.id,
            programme: subject.programme.as_ref().map(|p| p.id),
            holder_name: fields.holder_name,
            title: fields.title,
            credit_tenths: i32::try_from(fields.credit.tenths()).unwrap_or(i32::MAX),
            completed_at,
            issued_at: at,
            issuer: fields.issuer,
            key_id,
            signature,
        },
    )
    .await?;
    if reissue {
        let entry = Entry::new(
            AuditAction::CertificateReissued,
            AuditObject::Certificate,
            row.id,
        )
        .in_region(home.as_ref())
        .after(&serde_json::json!({
            "number": number,
            "kind": subject.kind.as_str(),
            "subject": subject.id,
            "holder": user.0,
        }));
        audit::record(txn, &Actor::system("completion"), entry, at).await?;
    }
    let notice = Notice {
        user,
        kind: NotificationKind::CertificateIssued,
        class: (subject.kind == CertificateKind::Class)
            .then_some(cultivator_shared::ClassId(subject.id)),
        session: None,
        detail: NotificationDetail {
            certificate: Some(number),
            ..NotificationDetail::default()
        },
    };
    notifications::notify(txn, &[notice], at).await?;
    Ok(true)
}

/// Revokes `user`'s valid certificate for this thing, if any, and audits it.
async fn revoke(
    txn: &impl ConnectionTrait,
    kind: CertificateKind,
    subject: i64,
    user: UserId,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(live) = certificates::live(txn, kind, subject, user).await? else {
        return Ok(false);
    };
    if !certificates::revoke(txn, live.id(), reason, at).await? {
        return Ok(false);
    }
    let home = users::Entity::find_by_id(user.0)
        .one(txn)
        .await?
        .and_then(|u| RegionCode::parse(&u.region_code).ok());
    let entry = Entry::new(
        AuditAction::CertificateRevoked,
        AuditObject::Certificate,
        live.id,
    )
    .in_region(home.as_ref())
    .before(&serde_json::json!({ "number": live.number, "status": "valid" }))
    .after(&serde_json::json!({ "status": "revoked", "reason": reason }));
    audit::record(txn, &Actor::system("completion"), entry, at).await?;
    Ok(true)
}

/// The enrolment and its class (`None` if either is gone).
async fn enrolment_and_class(
    txn: &impl ConnectionTrait,
    enrollment: EnrollmentId,
) -> Result<Option<(enrollments::Model, classes::Model)>, DbErr> {
    let Some(row) = enrollments::Entity::find_by_id(enrollment.0)
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let class = classes::Entity::find_by_id(row.class_id).one(txn).await?;
    Ok(class.map(|class| (row, class)))
}

/// After `enrollment` was completed at `at`: its class certificate, and the
/// graduation certificate if the pathway is now complete.
pub async fn after_class_completion(
    txn: &impl ConnectionTrait,
    enrollment: EnrollmentId,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some((row, class)) = enrolment_and_class(txn, enrollment).await? else {
        return Ok(());
    };
    let Some(programme) =
        programmes::find(txn, cultivator_shared::ProgrammeId(class.programme_id)).await?
    else {
        return Ok(());
    };
    let user = UserId(row.user_id);
    let completed_at = row.completed_at.unwrap_or(at);
    let subject = Subject {
        kind: CertificateKind::Class,
        id: class.id,
        programme: Some(programme.clone()),
        title: class.title.clone(),
        credit_tenths: certificates::class_credit_tenths(txn, class.id, user).await?,
        year: programme.starts_on.year(),
    };
    issue(txn, user, subject, completed_at, at).await?;
    if class.stage_id.is_some() && completed_every_stage(txn, programme.id, user).await? {
        let subject = Subject {
            kind: CertificateKind::Programme,
            id: programme.id,
            programme: Some(programme.clone()),
            title: programme.title.clone(),
            credit_tenths: certificates::programme_credit_tenths(txn, programme.id, user).await?,
            year: programme.starts_on.year(),
        };
        issue(txn, user, subject, completed_at, at).await?;
    }
    Ok(())
}

/// After `enrollment`'s completion was withdrawn: revokes its certificate,
/// and the graduation certificate when the pathway is no longer complete.
pub async fn after_class_withdrawal(
    txn: &impl ConnectionTrait,
    enrollment: EnrollmentId,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some((row, class)) = enrolment_and_class(txn, enrollment).await? else {
        return Ok(());
    };
    let user = UserId(row.user_id);
    revoke(
        txn,
        CertificateKind::Class,
        class.id,
        user,
        REASON_COMPLETION_WITHDRAWN,
        at,
    )
    .await?;
    if class.stage_id.is_some() && !completed_every_stage(txn, class.programme_id, user).await? {
        revoke(
            txn,
            CertificateKind::Programme,
            class.programme_id,
            user,
            REASON_PATHWAY_INCOMPLETE,
            at,
        )
        .await?;
    }
    Ok(())
}

/// After `user` completed the online `course` for the first time.
pub async fn after_course_completion(
    txn: &impl ConnectionTrait,
    course: cultivator_shared::CourseId,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(course) = courses::Entity::find_by_id(course.0).one(txn).await? else {
        return Ok(());
    };
    let subject = Subject {
        kind: CertificateKind::Course,
        id: course.id,
        programme: None,
        title: course.title,
        credit_tenths: i64::from(course.credit_tenths),
        year: credential::china_day(at).year(),
    };
    issue(txn, user, subject, at, at).await?;
    Ok(())
}

/// Whether `user` completed a class of every stage of the programme still
/// offered (retired stages are no longer required); a programme without
/// stages has no pathway to graduate from.
async fn completed_every_stage(
    txn: &impl ConnectionTrait,
    programme: i64,
    user: UserId,
) -> Result<bool, DbErr> {
    let all: Vec<stages::Model> =
        programmes::stages_of(txn, cultivator_shared::ProgrammeId(programme))
            .await?
            .into_iter()
            .filter(|s| s.retired_at.is_none())
            .collect();
    if all.is_empty() {
        return Ok(false);
    }
    for stage in all {
        if !stage_selections::has_completed(txn, cultivator_shared::StageId(stage.id), user).await?
        {
            return Ok(false);
        }
    }
    Ok(true)
}

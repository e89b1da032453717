//! Certificates: inserted when a completion is recorded, revoked (never
//! deleted) when it is withdrawn, listed for their holder and for staff,
//! found by number for the public check.

use chrono::{DateTime, Utc};
use cultivator_shared::api::certificates::{CertificateKind, CertificateStatus};
use cultivator_shared::{CertificateId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{FromQueryResult, QueryOrder, Set};

use super::corrupt;
use super::counters::stmt;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub number: String,
    pub user_id: i64,
    pub kind: String,
    pub subject_id: i64,
    pub programme_id: Option<i64>,
    pub holder_name: String,
    pub title: String,
    pub credit_tenths: i32,
    pub completed_at: DateTimeUtc,
    pub issued_at: DateTimeUtc,
    pub issuer: String,
    pub key_id: i64,
    pub signature: String,
    /// `kind:subject:holder` while valid; empty once revoked.
    pub live_key: Option<String>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoke_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn id(&self) -> CertificateId {
        CertificateId(self.id)
    }

    pub fn kind(&self) -> Result<CertificateKind, DbErr> {
        CertificateKind::parse(&self.kind)
            .ok_or_else(|| corrupt("certificates", "kind", &self.kind))
    }

    pub fn status(&self) -> CertificateStatus {
        if self.revoked_at.is_some() {
            CertificateStatus::Revoked
        } else {
            CertificateStatus::Valid
        }
    }
}

/// What makes a certificate unique while valid: one per person and thing.
pub fn live_key(kind: CertificateKind, subject: i64, user: UserId) -> String {
    format!("{}:{subject}:{}", kind.as_str(), user.0)
}

/// A certificate to insert, signed.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub number: String,
    pub user: UserId,
    pub kind: CertificateKind,
    pub subject: i64,
    pub programme: Option<i64>,
    pub holder_name: String,
    pub title: String,
    pub credit_tenths: i32,
    pub completed_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub issuer: String,
    pub key_id: i64,
    pub signature: String,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewCertificate) -> Result<Model, DbErr> {
    ActiveModel {
        live_key: Set(Some(live_key(new.kind, new.subject, new.user))),
        number: Set(new.number),
        user_id: Set(new.user.0),
        kind: Set(new.kind.as_str().to_owned()),
        subject_id: Set(new.subject),
        programme_id: Set(new.programme),
        holder_name: Set(new.holder_name),
        title: Set(new.title),
        credit_tenths: Set(new.credit_tenths),
        completed_at: Set(new.completed_at),
        issued_at: Set(new.issued_at),
        issuer: Set(new.issuer),
        key_id: Set(new.key_id),
        signature: Set(new.signature),
        revoked_at: Set(None),
        revoke_reason: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The valid certificate of `user` for this thing, if any.
pub async fn live(
    db: &impl ConnectionTrait,
    kind: CertificateKind,
    subject: i64,
    user: UserId,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::LiveKey.eq(live_key(kind, subject, user)))
        .one(db)
        .await
}

/// Whether `user` ever held a certificate for this thing that was revoked.
pub async fn any_revoked(
    db: &impl ConnectionTrait,
    kind: CertificateKind,
    subject: i64,
    user: UserId,
) -> Result<bool, DbErr> {
    Ok(Entity::find()
        .filter(Column::Kind.eq(kind.as_str()))
        .filter(Column::SubjectId.eq(subject))
        .filter(Column::UserId.eq(user.0))
        .filter(Column::RevokedAt.is_not_null())
        .count(db)
        .await?
        > 0)
}

/// Revokes a valid certificate. Returns false if it was not valid.
pub async fn revoke(
    db: &impl ConnectionTrait,
    id: CertificateId,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(at))
        .col_expr(Column::RevokeReason, Expr::value(reason.to_owned()))
        .col_expr(Column::LiveKey, Expr::value(Option::<String>::None))
        .filter(Column::Id.eq(id.0))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected > 0)
}

pub async fn by_number(db: &impl ConnectionTrait, number: &str) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::Number.eq(number))
        .one(db)
        .await
}

pub async fn find(db: &impl ConnectionTrait, id: CertificateId) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id.0).one(db).await
}

/// The holder deleted their account: their name leaves every certificate,
/// and the valid ones are revoked, so the public check no longer vouches for
/// a person it can no longer name.
pub async fn erase_holder(
    db: &impl ConnectionTrait,
    user: UserId,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(at))
        .col_expr(Column::RevokeReason, Expr::value(reason.to_owned()))
        .col_expr(Column::LiveKey, Expr::value(Option::<String>::None))
        .filter(Column::UserId.eq(user.0))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Entity::update_many()
        .col_expr(Column::HolderName, Expr::value(String::new()))
        .filter(Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}

/// A person's certificates, newest first.
pub async fn of_user(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::UserId.eq(user.0))
        .order_by_desc(Column::IssuedAt)
        .order_by_desc(Column::Id)
        .all(db)
        .await
}

/// The certificates of a class's members, by holder.
pub async fn of_class(db: &impl ConnectionTrait, class: i64) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::Kind.eq(CertificateKind::Class.as_str()))
        .filter(Column::SubjectId.eq(class))
        .order_by_asc(Column::UserId)
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

#[derive(Debug, FromQueryResult)]
struct Tenths {
    tenths: Option<i64>,
}

/// Credit hours a person earned in a class: its attended sessions (offline)
/// and the courses it follows (online), from the ledger.
pub async fn class_credit_tenths(
    db: &impl ConnectionTrait,
    class: i64,
    user: UserId,
) -> Result<i64, DbErr> {
    let b = db.get_database_backend();
    let row = Tenths::find_by_statement(stmt(
        b,
        "SELECT SUM(e.credit_tenths) AS tenths FROM credit_entries e \
         WHERE e.user_id = ? AND ( \
           (e.source = 'session' AND e.source_id IN \
              (SELECT s.id FROM class_sessions s WHERE s.class_id = ?)) \
           OR (e.source = 'course' AND e.source_id IN \
              (SELECT cc.course_id FROM class_courses cc WHERE cc.class_id = ?)))",
        vec![user.0.into(), class.into(), class.into()],
    ))
    .one(db)
    .await?;
    Ok(row.and_then(|r| r.tenths).unwrap_or(0))
}

/// The hours of a person's valid class certificates in a programme: what a
/// graduation certificate carries.
pub async fn programme_credit_tenths(
    db: &impl ConnectionTrait,
    programme: i64,
    user: UserId,
) -> Result<i64, DbErr> {
    Ok(Entity::find()
        .filter(Column::Kind.eq(CertificateKind::Class.as_str()))
        .filter(Column::ProgrammeId.eq(programme))
        .filter(Column::UserId.eq(user.0))
        .filter(Column::RevokedAt.is_null())
        .all(db)
        .await?
        .iter()
        .map(|c| i64::from(c.credit_tenths))
        .sum())
}

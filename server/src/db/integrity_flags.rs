//! The integrity report's flags (one row per trainee, kind and subject, with
//! a count), the listing a coordinator pages through, and the time a
//! completed course took, which the fast-completion rule judges.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cultivator_shared::api::integrity::IntegrityKind;
use cultivator_shared::{CourseId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Alias, ExprTrait, OnConflict};
use sea_orm::{Set, Value};

use super::counters::{count_raw, push_page, stmt};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "integrity_flags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    /// The course or session concerned; 0 when the flag has none.
    pub subject_id: i64,
    pub count: i64,
    pub first_at: DateTimeUtc,
    pub last_at: DateTimeUtc,
    pub measured_ms: Option<i64>,
    pub expected_ms: Option<i64>,
    pub basis: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// `count` more occurrences of `kind` for `user` on `subject`, the last at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bump {
    pub user: UserId,
    pub kind: IntegrityKind,
    pub subject: i64,
    pub count: u32,
    pub at: DateTime<Utc>,
}

/// Adds each bump to its row, creating the row on the first. The keys must
/// be distinct (PostgreSQL refuses to update one row twice in a statement);
/// callers sort them, so concurrent writers lock rows in the same order.
pub async fn bump_many(db: &impl ConnectionTrait, bumps: &[Bump]) -> Result<(), DbErr> {
    if bumps.is_empty() {
        return Ok(());
    }
    let rows = bumps.iter().map(|b| ActiveModel {
        user_id: Set(b.user.0),
        kind: Set(b.kind.as_str().to_owned()),
        subject_id: Set(b.subject),
        count: Set(i64::from(b.count)),
        first_at: Set(b.at),
        last_at: Set(b.at),
        measured_ms: Set(None),
        expected_ms: Set(None),
        basis: Set(None),
        ..Default::default()
    });
    let add =
        Expr::col((Entity, Column::Count)).add(Expr::col((Alias::new("excluded"), Column::Count)));
    Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([Column::UserId, Column::Kind, Column::SubjectId])
                .value(Column::Count, add)
                .update_column(Column::LastAt)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// A completed course flagged as too fast: written once, at completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FastCompletion {
    pub user: UserId,
    pub course: CourseId,
    pub at: DateTime<Utc>,
    pub measured_ms: u64,
    pub expected_ms: u64,
    pub basis: &'static str,
}

pub async fn insert_fast_completion(
    db: &impl ConnectionTrait,
    flag: FastCompletion,
) -> Result<(), DbErr> {
    let ms = |v: u64| Set(Some(i64::try_from(v).unwrap_or(i64::MAX)));
    Entity::insert(ActiveModel {
        user_id: Set(flag.user.0),
        kind: Set(IntegrityKind::FastCompletion.as_str().to_owned()),
        subject_id: Set(flag.course.0),
        count: Set(1),
        first_at: Set(flag.at),
        last_at: Set(flag.at),
        measured_ms: ms(flag.measured_ms),
        expected_ms: ms(flag.expected_ms),
        basis: Set(Some(flag.basis.to_owned())),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([Column::UserId, Column::Kind, Column::SubjectId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Per trainee, how many `kind` flags count on `subject` (one session's wrong codes).
pub async fn counts_on(
    db: &impl ConnectionTrait,
    kind: IntegrityKind,
    subject: i64,
) -> Result<HashMap<i64, i64>, DbErr> {
    Ok(Entity::find()
        .filter(Column::Kind.eq(kind.as_str()))
        .filter(Column::SubjectId.eq(subject))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m.count))
        .collect())
}

/// What a completed course took: the trainee's verified play over its
/// lessons, the running time of its required videos, and when they enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourseTime {
    pub verified_ms: i64,
    /// The verifiable length of the course's required lessons: videos'
    /// running time and reading lessons' required reading time.
    pub required_timed_secs: i64,
    pub enrolled_at: Option<DateTime<Utc>>,
}

/// A document without a declared reading time counts `document_default_secs`.
pub async fn course_time(
    db: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
    document_default_secs: i64,
) -> Result<CourseTime, DbErr> {
    let row = db
        .query_one_raw(stmt(
            db.get_database_backend(),
            "SELECT \
             (SELECT CAST(COALESCE(SUM(p.played_ms), 0) AS BIGINT) FROM lesson_progress p \
              JOIN lessons l ON l.id = p.lesson_id JOIN course_modules m ON m.id = l.module_id \
              WHERE m.course_id = ? AND p.user_id = ?) AS verified_ms, \
             (SELECT CAST(COALESCE(SUM(COALESCE(l.duration_secs, \
                CASE WHEN l.kind = 'document' THEN ? ELSE 0 END)), 0) AS BIGINT) FROM lessons l \
              JOIN course_modules m ON m.id = l.module_id \
              WHERE m.course_id = ? AND l.required = ?) AS timed_secs",
            vec![
                course.0.into(),
                user.0.into(),
                document_default_secs.into(),
                course.0.into(),
                true.into(),
            ],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("course time".into()))?;
    let enrolled_at = super::course_enrollments::find(db, course, user)
        .await?
        .map(|e| e.enrolled_at);
    Ok(CourseTime {
        verified_ms: row.try_get("", "verified_ms")?,
        required_timed_secs: row.try_get("", "timed_secs")?,
        enrolled_at,
    })
}

/// One line of the report: the flag with its trainee and subject's title.
#[derive(Debug, Clone)]
pub struct Listed {
    pub flag: Model,
    pub name: String,
    pub mobile: String,
    pub region_code: String,
    pub subject_title: Option<String>,
}

/// One page of the flags of `kinds` on trainees whose home region is within
/// `prefix` (`""`: everywhere), newest first, and how many there are in all.
pub async fn page(
    db: &impl ConnectionTrait,
    prefix: &str,
    kinds: &[IntegrityKind],
    limit: u64,
    offset: u64,
) -> Result<(Vec<Listed>, u64), DbErr> {
    let b = db.get_database_backend();
    let marks = vec!["?"; kinds.len().max(1)].join(", ");
    let mut values: Vec<Value> = vec![format!("{prefix}%").into()];
    values.extend(kinds.iter().map(|k| Value::from(k.as_str())));
    if kinds.is_empty() {
        values.push("".into());
    }
    let filter = format!("u.region_code LIKE ? AND f.kind IN ({marks})");
    let total = count_raw(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM integrity_flags f JOIN users u ON u.id = f.user_id \
             WHERE {filter}"
        ),
        values.clone(),
    )
    .await?;
    push_page(&mut values, limit, offset);
    let rows = db
        .query_all_raw(stmt(
            b,
            &format!(
                "SELECT f.id, f.user_id, f.kind, f.subject_id, f.count, f.first_at, f.last_at, \
                 f.measured_ms, f.expected_ms, f.basis, u.name, u.mobile, u.region_code, \
                 COALESCE(c.title, k.title) AS subject_title \
                 FROM integrity_flags f JOIN users u ON u.id = f.user_id \
                 LEFT JOIN courses c ON f.kind = '{course}' AND c.id = f.subject_id \
                 LEFT JOIN class_sessions s ON f.kind IN ('{lockout}', '{wrong}') AND s.id = f.subject_id \
                 LEFT JOIN classes k ON k.id = s.class_id \
                 WHERE {filter} ORDER BY f.last_at DESC, f.id DESC LIMIT ? OFFSET ?",
                course = IntegrityKind::FastCompletion.as_str(),
                lockout = IntegrityKind::CheckinLockout.as_str(),
                wrong = IntegrityKind::WrongCheckinCodes.as_str(),
            ),
            values,
        ))
        .await?;
    let listed = rows
        .iter()
        .map(|r| {
            Ok(Listed {
                flag: Model {
                    id: r.try_get("", "id")?,
                    user_id: r.try_get("", "user_id")?,
                    kind: r.try_get("", "kind")?,
                    subject_id: r.try_get("", "subject_id")?,
                    count: r.try_get("", "count")?,
                    first_at: r.try_get("", "first_at")?,
                    last_at: r.try_get("", "last_at")?,
                    measured_ms: r.try_get("", "measured_ms")?,
                    expected_ms: r.try_get("", "expected_ms")?,
                    basis: r.try_get("", "basis")?,
                },
                name: r.try_get("", "name")?,
                mobile: r.try_get("", "mobile")?,
                region_code: r.try_get("", "region_code")?,
                subject_title: r.try_get("", "subject_title")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok((listed, total))
}

//! Bulk loading for the generated data sets (the demo's activity, the demo at
//! national scale): trainees and enrollments as multi-row inserts, because a
//! domain call per person (a password hash, a transaction, counter updates)
//! would take minutes for thousands of people. The callers rebuild the
//! dashboard counters afterwards with one recount, so the counters agree with
//! the rows exactly as if every completion had been counted as it happened.

use chrono::{DateTime, Utc};
use cultivator_shared::EnrollmentStatus;
use sea_orm::{DatabaseConnection, DbErr, Value};

use crate::db;
use crate::domain::accounts::password;
use crate::domain::coordination::recount;
use crate::domain::seed::demo::{DEMO_PASSWORD, DemoError};

/// Rows per transaction: large enough to amortise commits, small enough to
/// keep PostgreSQL's WAL and SQLite's journal modest.
const ROWS_PER_TXN: usize = 60_000;

/// Inserts rows in transactions of [`ROWS_PER_TXN`], reporting each
/// committed chunk's size to `progress`.
pub async fn insert_all(
    db: &DatabaseConnection,
    table: &str,
    rows: Vec<Vec<Value>>,
    mut progress: impl FnMut(u64),
) -> Result<(), DbErr> {
    let b = db.get_database_backend();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(ROWS_PER_TXN).collect();
        let n = chunk.len() as u64;
        let txn = db::begin_write(db).await?;
        recount::insert_rows(&txn, b, table, chunk).await?;
        txn.commit().await?;
        progress(n);
    }
    Ok(())
}

/// The demo password's hash, shared by every generated trainee: hashing is
/// the slow part of registering (deliberately), not what these data sets are
/// for, and every generated account can still sign in with the demo password.
pub async fn shared_password_hash() -> Result<String, DemoError> {
    password::hash(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|_| DemoError::Malformed("password hash"))
}

/// A generated trainee.
pub struct NewTrainee {
    pub name: String,
    pub mobile: String,
    /// Home village code.
    pub region: String,
}

/// Inserts trainees (users with the trainee role) with explicit ids, so that
/// enrollments can refer to them without reading them back. Returns the id
/// of the first; the others follow in order.
pub async fn insert_trainees(
    db: &DatabaseConnection,
    people: Vec<NewTrainee>,
    hash: &str,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64),
) -> Result<i64, DbErr> {
    let first_user = db::next_id(db, "users").await?;
    let first_role = db::next_id(db, "user_roles").await?;
    let mut users = Vec::with_capacity(people.len());
    let mut roles = Vec::with_capacity(people.len());
    for (uid, person) in (first_user..).zip(people) {
        users.push(vec![
            uid.into(),
            person.name.into(),
            person.mobile.into(),
            hash.into(),
            person.region.into(),
            now.into(),
        ]);
        roles.push(vec![
            (first_role + uid - first_user).into(),
            uid.into(),
            "trainee".into(),
        ]);
    }
    insert_all(
        db,
        "users (id, name, mobile, password_hash, region_code, created_at)",
        users,
        &mut progress,
    )
    .await?;
    insert_all(db, "user_roles (id, user_id, role)", roles, &mut progress).await?;
    db::bump_sequence(db, "users").await?;
    db::bump_sequence(db, "user_roles").await?;
    Ok(first_user)
}

/// A generated enrollment. A `Completed` one needs `completed_at`: the
/// recount counts the person in that month.
pub struct NewEnrollment {
    pub class: i64,
    pub user: i64,
    pub status: EnrollmentStatus,
    pub waitlist_position: Option<i32>,
    pub applied_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

pub async fn insert_enrollments(
    db: &DatabaseConnection,
    enrollments: Vec<NewEnrollment>,
    progress: impl FnMut(u64),
) -> Result<(), DbErr> {
    let rows = enrollments
        .into_iter()
        .map(|e| {
            vec![
                e.class.into(),
                e.user.into(),
                e.status.as_str().into(),
                e.waitlist_position.into(),
                e.applied_at.into(),
                e.decided_at.into(),
                e.completed_at.into(),
            ]
        })
        .collect();
    insert_all(
        db,
        "enrollments (class_id, user_id, status, waitlist_position, applied_at, decided_at, \
         completed_at)",
        rows,
        progress,
    )
    .await
}

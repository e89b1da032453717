//! The dashboard's pre-aggregated counters (`trained_people`,
//! `trained_counts`) and the few enrollment reads and writes that maintain
//! them. Statements are plain SQL with `?` placeholders, numbered for
//! PostgreSQL by [`stmt`]; `ON CONFLICT` upserts run on both databases.

use chrono::{DateTime, Utc};
use cultivator_shared::EnrollmentStatus;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

/// A statement written with `?` placeholders, numbered `$1..` on PostgreSQL.
pub fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for ch in sql.chars() {
            if ch == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(ch);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The `n` of a `SELECT COUNT(...) AS n ...` query: a paged list's total.
pub async fn count_raw(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<u64, DbErr> {
    let n: i64 = match db
        .query_one_raw(stmt(db.get_database_backend(), sql, values))
        .await?
    {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Appends a page's `LIMIT ? OFFSET ?` values (clamped into the
/// database's signed range).
pub fn push_page(values: &mut Vec<Value>, limit: u64, offset: u64) {
    values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
    values.push(i64::try_from(offset).unwrap_or(i64::MAX).into());
}

/// What counting needs to know about one enrollment.
#[derive(Debug, Clone)]
pub struct EnrollmentFacts {
    pub user_id: i64,
    pub programme_id: i64,
    pub track: String,
    pub home_region: String,
    pub status: String,
}

pub async fn enrollment_facts(
    db: &impl ConnectionTrait,
    enrollment: i64,
) -> Result<Option<EnrollmentFacts>, DbErr> {
    let b = db.get_database_backend();
    let row = db
        .query_one_raw(stmt(
            b,
            "SELECT e.user_id, c.programme_id, c.track, u.region_code, e.status \
             FROM enrollments e JOIN classes c ON c.id = e.class_id \
             JOIN users u ON u.id = e.user_id WHERE e.id = ?",
            vec![enrollment.into()],
        ))
        .await?;
    row.map(|r| {
        Ok(EnrollmentFacts {
            user_id: r.try_get("", "user_id")?,
            programme_id: r.try_get("", "programme_id")?,
            track: r.try_get("", "track")?,
            home_region: r.try_get("", "region_code")?,
            status: r.try_get("", "status")?,
        })
    })
    .transpose()
}

/// Records a person as trained; false (and nothing changes) if they already are.
pub async fn insert_trained(
    db: &impl ConnectionTrait,
    programme: i64,
    track: &str,
    user: i64,
    region: &str,
    month: i32,
) -> Result<bool, DbErr> {
    let b = db.get_database_backend();
    let result = db
        .execute_raw(stmt(
            b,
            "INSERT INTO trained_people (programme_id, track, user_id, region_code, first_month) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            vec![
                programme.into(),
                track.into(),
                user.into(),
                region.into(),
                month.into(),
            ],
        ))
        .await?;
    Ok(result.rows_affected() == 1)
}

/// The region and month a trained person is counted in, locked on PostgreSQL
/// until the transaction ends (SQLite's write transaction already is).
pub async fn trained_for_update(
    db: &impl ConnectionTrait,
    programme: i64,
    track: &str,
    user: i64,
) -> Result<Option<(String, i32)>, DbErr> {
    let b = db.get_database_backend();
    let lock = if b == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let row = db
        .query_one_raw(stmt(
            b,
            &format!(
                "SELECT region_code, first_month FROM trained_people \
                 WHERE programme_id = ? AND track = ? AND user_id = ?{lock}"
            ),
            vec![programme.into(), track.into(), user.into()],
        ))
        .await?;
    row.map(|r| Ok((r.try_get("", "region_code")?, r.try_get("", "first_month")?)))
        .transpose()
}

pub async fn move_trained(
    db: &impl ConnectionTrait,
    programme: i64,
    track: &str,
    user: i64,
    month: i32,
) -> Result<(), DbErr> {
    let b = db.get_database_backend();
    db.execute_raw(stmt(
        b,
        "UPDATE trained_people SET first_month = ? \
         WHERE programme_id = ? AND track = ? AND user_id = ?",
        vec![month.into(), programme.into(), track.into(), user.into()],
    ))
    .await?;
    Ok(())
}

pub async fn delete_trained(
    db: &impl ConnectionTrait,
    programme: i64,
    track: &str,
    user: i64,
) -> Result<(), DbErr> {
    let b = db.get_database_backend();
    db.execute_raw(stmt(
        b,
        "DELETE FROM trained_people WHERE programme_id = ? AND track = ? AND user_id = ?",
        vec![programme.into(), track.into(), user.into()],
    ))
    .await?;
    Ok(())
}

/// Every (programme, track, region, first month) a person is counted as
/// trained in, locked on PostgreSQL until the transaction ends.
pub async fn trained_rows_of(
    db: &impl ConnectionTrait,
    user: i64,
) -> Result<Vec<(i64, String, String, i32)>, DbErr> {
    let b = db.get_database_backend();
    let lock = if b == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let rows = db
        .query_all_raw(stmt(
            b,
            &format!(
                "SELECT programme_id, track, region_code, first_month FROM trained_people \
                 WHERE user_id = ? ORDER BY programme_id, track{lock}"
            ),
            vec![user.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "programme_id")?,
                r.try_get("", "track")?,
                r.try_get("", "region_code")?,
                r.try_get("", "first_month")?,
            ))
        })
        .collect()
}

/// Counts every trained row of `user` in `region` from now on.
pub async fn rehome_trained(
    db: &impl ConnectionTrait,
    user: i64,
    region: &str,
) -> Result<(), DbErr> {
    let b = db.get_database_backend();
    db.execute_raw(stmt(
        b,
        "UPDATE trained_people SET region_code = ? WHERE user_id = ?",
        vec![region.into(), user.into()],
    ))
    .await?;
    Ok(())
}

/// One change to one counter row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CountDelta {
    pub prefix: String,
    pub programme: i64,
    pub track: String,
    pub month: i32,
    pub delta: i64,
}

/// Applies counter changes. Rows are touched in key order so that concurrent
/// transactions on PostgreSQL lock them in the same order and cannot deadlock;
/// rows falling to zero are removed so that the table holds only real counts.
pub async fn apply_deltas(
    db: &impl ConnectionTrait,
    deltas: &mut [CountDelta],
) -> Result<(), DbErr> {
    let b = db.get_database_backend();
    deltas.sort();
    for d in deltas.iter().filter(|d| d.delta != 0) {
        db.execute_raw(stmt(
            b,
            "INSERT INTO trained_counts (region_prefix, programme_id, track, month, people) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (region_prefix, programme_id, track, month) \
             DO UPDATE SET people = trained_counts.people + excluded.people",
            vec![
                d.prefix.clone().into(),
                d.programme.into(),
                d.track.clone().into(),
                d.month.into(),
                d.delta.into(),
            ],
        ))
        .await?;
        if d.delta < 0 {
            db.execute_raw(stmt(
                b,
                "DELETE FROM trained_counts WHERE region_prefix = ? AND programme_id = ? \
                 AND track = ? AND month = ? AND people <= 0",
                vec![
                    d.prefix.clone().into(),
                    d.programme.into(),
                    d.track.clone().into(),
                    d.month.into(),
                ],
            ))
            .await?;
        }
    }
    Ok(())
}

/// When the person's remaining completed enrollments on this programme and
/// track were completed (a handful of rows, found through the user index).
pub async fn completions_of(
    db: &impl ConnectionTrait,
    user: i64,
    programme: i64,
    track: &str,
) -> Result<Vec<DateTime<Utc>>, DbErr> {
    let b = db.get_database_backend();
    let rows = db
        .query_all_raw(stmt(
            b,
            "SELECT e.completed_at FROM enrollments e JOIN classes c ON c.id = e.class_id \
             WHERE e.user_id = ? AND c.programme_id = ? AND c.track = ? AND e.status = ? \
             AND e.completed_at IS NOT NULL",
            vec![
                user.into(),
                programme.into(),
                track.into(),
                EnrollmentStatus::Completed.as_str().into(),
            ],
        ))
        .await?;
    rows.iter()
        .map(|r| r.try_get::<DateTime<Utc>>("", "completed_at"))
        .collect()
}

/// Moves a completed enrollment back to `Enrolled`; false if it was not completed.
pub async fn mark_uncompleted(db: &impl ConnectionTrait, enrollment: i64) -> Result<bool, DbErr> {
    let b = db.get_database_backend();
    let result = db
        .execute_raw(stmt(
            b,
            "UPDATE enrollments SET status = ?, completed_at = NULL WHERE id = ? AND status = ?",
            vec![
                EnrollmentStatus::Enrolled.as_str().into(),
                enrollment.into(),
                EnrollmentStatus::Completed.as_str().into(),
            ],
        ))
        .await?;
    Ok(result.rows_affected() == 1)
}

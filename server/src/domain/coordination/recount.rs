//! `cultivator recount`: rebuilds the dashboard counters from the raw
//! enrollments and compares them with the stored ones, optionally replacing
//! them. The incremental counters must always agree with this; the property
//! test in `tests/tests/coordinators.rs` holds them to it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use cultivator_shared::EnrollmentStatus;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Value};

use crate::db::{self, counters::stmt};
use crate::domain::completion::trained_people::{month_of, prefixes};

/// (programme, track, user) → (home region, first month).
type People = HashMap<(i64, String, i64), (String, i32)>;
/// (prefix, programme, track, month) → people.
type Counts = BTreeMap<(String, i64, String, i32), i64>;

/// How the stored counters differ from the raw data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecountReport {
    pub trained_people: usize,
    pub counter_rows: usize,
    /// Trained-people rows missing, extra or with another month or region.
    pub people_differences: usize,
    /// Counter rows missing, extra or holding another number.
    pub counter_differences: usize,
    pub repaired: bool,
}

impl RecountReport {
    pub fn agrees(&self) -> bool {
        self.people_differences == 0 && self.counter_differences == 0
    }
}

const PAGE: i64 = 50_000;

/// The counters as the raw enrollments say they should be.
pub async fn expected(db: &impl ConnectionTrait) -> Result<(People, Counts), DbErr> {
    let b = db.get_database_backend();
    let mut people: People = HashMap::new();
    let mut after = 0_i64;
    loop {
        let rows = db
            .query_all_raw(stmt(
                b,
                "SELECT e.id, e.user_id, e.completed_at, c.programme_id, c.track, u.region_code \
                 FROM enrollments e JOIN classes c ON c.id = e.class_id \
                 JOIN users u ON u.id = e.user_id \
                 WHERE e.status = ? AND e.completed_at IS NOT NULL AND e.id > ? \
                 ORDER BY e.id LIMIT ?",
                vec![
                    EnrollmentStatus::Completed.as_str().into(),
                    after.into(),
                    PAGE.into(),
                ],
            ))
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("", "id")?;
        for r in &rows {
            let at: DateTime<Utc> = r.try_get("", "completed_at")?;
            let month = month_of(at);
            let key = (
                r.try_get::<i64>("", "programme_id")?,
                r.try_get::<String>("", "track")?,
                r.try_get::<i64>("", "user_id")?,
            );
            let region: String = r.try_get("", "region_code")?;
            people
                .entry(key)
                .and_modify(|(_, m)| *m = (*m).min(month))
                .or_insert((region, month));
        }
    }
    let mut counts: Counts = BTreeMap::new();
    for ((programme, track, _), (region, month)) in &people {
        for prefix in prefixes(region) {
            *counts
                .entry((prefix, *programme, track.clone(), *month))
                .or_default() += 1;
        }
    }
    Ok((people, counts))
}

async fn stored(db: &impl ConnectionTrait) -> Result<(People, Counts), DbErr> {
    let b = db.get_database_backend();
    let mut people: People = HashMap::new();
    for r in db
        .query_all_raw(stmt(
            b,
            "SELECT programme_id, track, user_id, region_code, first_month FROM trained_people",
            vec![],
        ))
        .await?
    {
        people.insert(
            (
                r.try_get("", "programme_id")?,
                r.try_get("", "track")?,
                r.try_get("", "user_id")?,
            ),
            (r.try_get("", "region_code")?, r.try_get("", "first_month")?),
        );
    }
    let mut counts: Counts = BTreeMap::new();
    for r in db
        .query_all_raw(stmt(
            b,
            "SELECT region_prefix, programme_id, track, month, people FROM trained_counts",
            vec![],
        ))
        .await?
    {
        counts.insert(
            (
                r.try_get("", "region_prefix")?,
                r.try_get("", "programme_id")?,
                r.try_get("", "track")?,
                r.try_get("", "month")?,
            ),
            r.try_get("", "people")?,
        );
    }
    Ok((people, counts))
}

/// Compares stored and recomputed counters; with `repair`, replaces the
/// stored ones by the recomputed ones in one transaction.
pub async fn recount(db: &DatabaseConnection, repair: bool) -> Result<RecountReport, DbErr> {
    let (want_people, want_counts) = expected(db).await?;
    let (have_people, have_counts) = stored(db).await?;
    let people_differences = {
        let mismatched = want_people
            .iter()
            .filter(|(k, v)| have_people.get(*k) != Some(*v))
            .count();
        let extra = have_people
            .keys()
            .filter(|k| !want_people.contains_key(*k))
            .count();
        mismatched + extra
    };
    let counter_differences = {
        let mismatched = want_counts
            .iter()
            .filter(|(k, v)| have_counts.get(*k) != Some(*v))
            .count();
        let extra = have_counts
            .keys()
            .filter(|k| !want_counts.contains_key(*k))
            .count();
        mismatched + extra
    };
    let mut report = RecountReport {
        trained_people: want_people.len(),
        counter_rows: want_counts.len(),
        people_differences,
        counter_differences,
        repaired: false,
    };
    if repair && !report.agrees() {
        write_all(db, &want_people, &want_counts).await?;
        report.repaired = true;
    }
    Ok(report)
}

/// Replaces both counter tables, in multi-row inserts small enough for
/// SQLite's limit on bound parameters.
pub async fn write_all(
    db: &DatabaseConnection,
    people: &People,
    counts: &Counts,
) -> Result<(), DbErr> {
    let b = db.get_database_backend();
    let txn = db::begin_write(db).await?;
    txn.execute_unprepared("DELETE FROM trained_people").await?;
    txn.execute_unprepared("DELETE FROM trained_counts").await?;
    let rows: Vec<Vec<Value>> = people
        .iter()
        .map(|((p, t, u), (r, m))| {
            vec![
                (*p).into(),
                t.clone().into(),
                (*u).into(),
                r.clone().into(),
                (*m).into(),
            ]
        })
        .collect();
    insert_rows(
        &txn,
        b,
        "trained_people (programme_id, track, user_id, region_code, first_month)",
        rows,
    )
    .await?;
    let rows: Vec<Vec<Value>> = counts
        .iter()
        .map(|((prefix, p, t, m), n)| {
            vec![
                prefix.clone().into(),
                (*p).into(),
                t.clone().into(),
                (*m).into(),
                (*n).into(),
            ]
        })
        .collect();
    insert_rows(
        &txn,
        b,
        "trained_counts (region_prefix, programme_id, track, month, people)",
        rows,
    )
    .await?;
    txn.commit().await
}

/// Inserts rows of equal width, as many per statement as stay under 30,000
/// bound parameters (SQLite's default limit is 32,766).
pub async fn insert_rows(
    db: &impl ConnectionTrait,
    backend: sea_orm::DbBackend,
    table_and_columns: &str,
    rows: Vec<Vec<Value>>,
) -> Result<(), DbErr> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    let per_statement = (30_000 / width.max(1)).max(1);
    let one = format!("({})", vec!["?"; width].join(", "));
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let sql = format!(
            "INSERT INTO {table_and_columns} VALUES {}",
            vec![one.as_str(); chunk.len()].join(", ")
        );
        db.execute_raw(stmt(backend, &sql, chunk.into_iter().flatten().collect()))
            .await?;
    }
    Ok(())
}

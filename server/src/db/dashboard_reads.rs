//! Reads of the pre-aggregated counters for the dashboard. Every query here
//! reads `trained_counts` by its primary key prefix; none touches enrollments.

use std::collections::HashMap;

use cultivator_shared::Track;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::counters::stmt;

/// Months and tracks to count.
#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub track: Option<Track>,
}

impl Period {
    fn sql(&self, values: &mut Vec<Value>) -> String {
        let mut sql = String::new();
        if let Some(from) = self.from {
            sql.push_str(" AND month >= ?");
            values.push(from.into());
        }
        if let Some(to) = self.to {
            sql.push_str(" AND month <= ?");
            values.push(to.into());
        }
        if let Some(track) = self.track {
            sql.push_str(" AND track = ?");
            values.push(track.as_str().into());
        }
        sql
    }
}

/// People first trained per (month, track) under one prefix (`""`: national).
pub async fn monthly(
    db: &impl ConnectionTrait,
    prefix: &str,
    programme: i64,
    period: Period,
) -> Result<Vec<(i32, String, i64)>, DbErr> {
    let mut values: Vec<Value> = vec![prefix.into(), programme.into()];
    let filter = period.sql(&mut values);
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            &format!(
                "SELECT month, track, people FROM trained_counts \
                 WHERE region_prefix = ? AND programme_id = ?{filter} ORDER BY month"
            ),
            values,
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "month")?,
                r.try_get("", "track")?,
                r.try_get("", "people")?,
            ))
        })
        .collect()
}

/// Trained people per (prefix, track) for several prefixes at once.
pub async fn totals(
    db: &impl ConnectionTrait,
    prefixes: &[String],
    programme: i64,
    period: Period,
) -> Result<HashMap<(String, String), i64>, DbErr> {
    if prefixes.is_empty() {
        return Ok(HashMap::new());
    }
    let marks = vec!["?"; prefixes.len()].join(", ");
    let mut values: Vec<Value> = prefixes.iter().map(|p| Value::from(p.clone())).collect();
    values.push(programme.into());
    let filter = period.sql(&mut values);
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            &format!(
                "SELECT region_prefix, track, CAST(SUM(people) AS BIGINT) AS people FROM trained_counts \
                 WHERE region_prefix IN ({marks}) AND programme_id = ?{filter} \
                 GROUP BY region_prefix, track"
            ),
            values,
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                (r.try_get("", "region_prefix")?, r.try_get("", "track")?),
                r.try_get::<i64>("", "people")?,
            ))
        })
        .collect()
}

/// A programme's id, title and last month (`yyyymm`): the one asked for, or
/// the newest.
pub async fn programme(
    db: &impl ConnectionTrait,
    id: Option<i64>,
) -> Result<Option<(i64, String, chrono::NaiveDate)>, DbErr> {
    let b = db.get_database_backend();
    let row = match id {
        Some(id) => {
            db.query_one_raw(stmt(
                b,
                "SELECT id, title, ends_on FROM programmes WHERE id = ?",
                vec![id.into()],
            ))
            .await?
        }
        None => {
            db.query_one_raw(stmt(
                b,
                "SELECT id, title, ends_on FROM programmes ORDER BY id DESC LIMIT 1",
                vec![],
            ))
            .await?
        }
    };
    row.map(|r| {
        Ok((
            r.try_get("", "id")?,
            r.try_get("", "title")?,
            r.try_get("", "ends_on")?,
        ))
    })
    .transpose()
}

/// Every programme, newest first: (id, title, starts on, ends on).
pub async fn programmes(
    db: &impl ConnectionTrait,
) -> Result<Vec<(i64, String, chrono::NaiveDate, chrono::NaiveDate)>, DbErr> {
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            "SELECT id, title, starts_on, ends_on FROM programmes ORDER BY id DESC",
            vec![],
        ))
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok((
                r.try_get("", "id")?,
                r.try_get("", "title")?,
                r.try_get("", "starts_on")?,
                r.try_get("", "ends_on")?,
            ))
        })
        .collect()
}

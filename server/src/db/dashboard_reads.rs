//! Reads of the pre-aggregated counters for the dashboard. Every query over
//! everyone reads `trained_counts` by its primary key prefix; none touches
//! enrollments. Counting only the people who registered through one platform
//! reads the per-person `trained_people` rows instead, since the counters do
//! not keep the platform: one indexed join, paid only by that filter.

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

/// Whose training is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Everyone,
    /// Only people who registered through this platform (its id).
    RegisteredOn(i64),
}

impl Period {
    /// The period's conditions on columns `month` and `track`.
    fn sql(&self, month: &str, track: &str, values: &mut Vec<Value>) -> String {
        let mut sql = String::new();
        if let Some(from) = self.from {
            sql.push_str(&format!(" AND {month} >= ?"));
            values.push(from.into());
        }
        if let Some(to) = self.to {
            sql.push_str(&format!(" AND {month} <= ?"));
            values.push(to.into());
        }
        if let Some(wanted) = self.track {
            sql.push_str(&format!(" AND {track} = ?"));
            values.push(wanted.as_str().into());
        }
        sql
    }
}

/// People trained per (month, track) under `prefix` among those who
/// registered through `platform`.
const MONTHLY_ON_PLATFORM: &str = "SELECT t.first_month AS month, t.track AS track, \
     COUNT(*) AS people FROM trained_people t JOIN users u ON u.id = t.user_id \
     WHERE u.platform_id = ? AND t.programme_id = ? AND t.region_code LIKE ?";

/// People first trained per (month, track) under one prefix (`""`: national).
pub async fn monthly(
    db: &impl ConnectionTrait,
    prefix: &str,
    programme: i64,
    period: Period,
    counted: Counted,
) -> Result<Vec<(i32, String, i64)>, DbErr> {
    let sql = match counted {
        Counted::Everyone => {
            let mut values: Vec<Value> = vec![prefix.into(), programme.into()];
            let filter = period.sql("month", "track", &mut values);
            let sql = format!(
                "SELECT month, track, people FROM trained_counts \
                 WHERE region_prefix = ? AND programme_id = ?{filter} ORDER BY month"
            );
            (sql, values)
        }
        Counted::RegisteredOn(platform) => {
            let mut values: Vec<Value> = vec![
                platform.into(),
                programme.into(),
                format!("{prefix}%").into(),
            ];
            let filter = period.sql("t.first_month", "t.track", &mut values);
            let sql = format!(
                "{MONTHLY_ON_PLATFORM}{filter} GROUP BY t.first_month, t.track ORDER BY t.first_month"
            );
            (sql, values)
        }
    };
    let rows = db
        .query_all_raw(stmt(db.get_database_backend(), &sql.0, sql.1))
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
    counted: Counted,
) -> Result<HashMap<(String, String), i64>, DbErr> {
    if prefixes.is_empty() {
        return Ok(HashMap::new());
    }
    if let Counted::RegisteredOn(platform) = counted {
        return totals_on_platform(db, prefixes, programme, period, platform).await;
    }
    let marks = vec!["?"; prefixes.len()].join(", ");
    let mut values: Vec<Value> = prefixes.iter().map(|p| Value::from(p.clone())).collect();
    values.push(programme.into());
    let filter = period.sql("month", "track", &mut values);
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

/// [`totals`] among people who registered through `platform`: their rows
/// grouped by the leading digits of their region code, once per code length
/// among `prefixes` (sibling regions share one length, so usually once).
async fn totals_on_platform(
    db: &impl ConnectionTrait,
    prefixes: &[String],
    programme: i64,
    period: Period,
    platform: i64,
) -> Result<HashMap<(String, String), i64>, DbErr> {
    let lengths: std::collections::BTreeSet<usize> = prefixes.iter().map(String::len).collect();
    let mut found = HashMap::new();
    for length in lengths {
        let wanted: Vec<&String> = prefixes.iter().filter(|p| p.len() == length).collect();
        let marks = vec!["?"; wanted.len()].join(", ");
        let mut values: Vec<Value> = vec![platform.into(), programme.into()];
        values.extend(wanted.iter().map(|p| Value::from((*p).clone())));
        let filter = period.sql("t.first_month", "t.track", &mut values);
        // `length` is a count of ASCII digits, written into the SQL as a
        // number; everything from outside is a bound value.
        let sql = format!(
            "SELECT SUBSTR(t.region_code, 1, {length}) AS region_prefix, t.track AS track, \
             COUNT(*) AS people FROM trained_people t JOIN users u ON u.id = t.user_id \
             WHERE u.platform_id = ? AND t.programme_id = ? \
             AND SUBSTR(t.region_code, 1, {length}) IN ({marks}){filter} \
             GROUP BY SUBSTR(t.region_code, 1, {length}), t.track"
        );
        let rows = db
            .query_all_raw(stmt(db.get_database_backend(), &sql, values))
            .await?;
        for r in &rows {
            found.insert(
                (r.try_get("", "region_prefix")?, r.try_get("", "track")?),
                r.try_get::<i64>("", "people")?,
            );
        }
    }
    Ok(found)
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

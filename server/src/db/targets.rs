//! Regional targets: people to be trained per programme, region, track and
//! (optionally) year. A missing year means the whole programme.

use std::collections::HashMap;

use cultivator_shared::Track;
use cultivator_shared::api::coordination::TrackPair;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::counters::stmt;

fn year_filter(year: Option<i32>) -> (&'static str, Option<Value>) {
    match year {
        Some(y) => ("year = ?", Some(y.into())),
        None => ("year IS NULL", None),
    }
}

/// The targets of `regions` for one programme and year, by region code.
pub async fn for_regions(
    db: &impl ConnectionTrait,
    programme: i64,
    regions: &[String],
    year: Option<i32>,
) -> Result<HashMap<String, TrackPair>, DbErr> {
    let mut out: HashMap<String, TrackPair> = HashMap::new();
    if regions.is_empty() {
        return Ok(out);
    }
    let (year_sql, year_value) = year_filter(year);
    let marks = vec!["?"; regions.len()].join(", ");
    let mut values: Vec<Value> = vec![programme.into()];
    values.extend(year_value);
    values.extend(regions.iter().map(|r| Value::from(r.clone())));
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            &format!(
                "SELECT region_code, track, people FROM targets \
                 WHERE programme_id = ? AND {year_sql} AND region_code IN ({marks})"
            ),
            values,
        ))
        .await?;
    for r in rows {
        let region: String = r.try_get("", "region_code")?;
        let track: String = r.try_get("", "track")?;
        let people: i64 = r.try_get("", "people")?;
        let entry = out.entry(region).or_default();
        let people = u64::try_from(people).unwrap_or(0);
        match Track::parse(&track) {
            Some(Track::Online) => entry.online = people,
            Some(Track::Offline) => entry.offline = people,
            None => return Err(super::corrupt("targets", "track", &track)),
        }
    }
    Ok(out)
}

/// Replaces one region's target on one track.
pub async fn set(
    db: &impl ConnectionTrait,
    programme: i64,
    region: &str,
    track: Track,
    year: Option<i32>,
    people: u64,
) -> Result<(), DbErr> {
    let b = db.get_database_backend();
    let (year_sql, year_value) = year_filter(year);
    let mut values: Vec<Value> = vec![programme.into(), region.into(), track.as_str().into()];
    values.extend(year_value);
    db.execute_raw(stmt(
        b,
        &format!(
            "DELETE FROM targets WHERE programme_id = ? AND region_code = ? AND track = ? \
             AND {year_sql}"
        ),
        values,
    ))
    .await?;
    db.execute_raw(stmt(
        b,
        "INSERT INTO targets (programme_id, region_code, track, year, people) \
         VALUES (?, ?, ?, ?, ?)",
        vec![
            programme.into(),
            region.into(),
            track.as_str().into(),
            year.into(),
            i64::try_from(people).unwrap_or(i64::MAX).into(),
        ],
    ))
    .await?;
    Ok(())
}

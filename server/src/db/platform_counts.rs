//! The per-platform table of the coordinators' dashboard: people who
//! registered through each platform, and of them those trained on a
//! programme, within one region. Both are grouped counts over indexed
//! columns; the table is read on its own, apart from the dashboard's
//! pre-aggregated headline.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr};

use super::counters::stmt;

/// A `LIKE` pattern for the codes inside region `prefix` (`""`: everywhere).
/// Region codes are digits, so nothing needs escaping.
fn within(prefix: &str) -> String {
    format!("{prefix}%")
}

/// Accounts per platform they registered through (`None`: made by staff).
pub async fn registrations(
    db: &impl ConnectionTrait,
    prefix: &str,
) -> Result<HashMap<Option<i64>, i64>, DbErr> {
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            "SELECT platform_id, COUNT(*) AS people FROM users \
             WHERE region_code LIKE ? GROUP BY platform_id",
            vec![within(prefix).into()],
        ))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "platform_id")?, r.try_get("", "people")?)))
        .collect()
}

/// People trained on `programme` per (platform they registered through,
/// track), counted where they are counted on the dashboard.
pub async fn trained(
    db: &impl ConnectionTrait,
    prefix: &str,
    programme: i64,
) -> Result<HashMap<(Option<i64>, String), i64>, DbErr> {
    let rows = db
        .query_all_raw(stmt(
            db.get_database_backend(),
            "SELECT u.platform_id, t.track, COUNT(*) AS people FROM trained_people t \
             JOIN users u ON u.id = t.user_id \
             WHERE t.programme_id = ? AND t.region_code LIKE ? \
             GROUP BY u.platform_id, t.track",
            vec![programme.into(), within(prefix).into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                (r.try_get("", "platform_id")?, r.try_get("", "track")?),
                r.try_get("", "people")?,
            ))
        })
        .collect()
}

//! Classes held within a region, with the counts their fill, attendance and
//! completion rates are computed from. Only the classes of one page are
//! counted, through the per-class indexes.

use std::collections::HashMap;

use cultivator_shared::EnrollmentStatus;
use cultivator_shared::api::checkin::AttendanceState;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::counters::stmt;

pub struct ClassCounts {
    pub id: i64,
    pub title: String,
    pub track: String,
    pub region_code: String,
    pub seat_limit: i32,
    pub enrolled: i64,
    pub completed: i64,
    pub sessions: i64,
    pub present: i64,
}

/// One page of the classes within `prefix` (`""`: everywhere), newest first,
/// and how many there are in all.
pub async fn page(
    db: &impl ConnectionTrait,
    prefix: &str,
    programme: Option<i64>,
    limit: u64,
    offset: u64,
) -> Result<(Vec<ClassCounts>, u64), DbErr> {
    let b = db.get_database_backend();
    let mut values: Vec<Value> = vec![format!("{prefix}%").into()];
    let mut filter = String::from("region_code LIKE ?");
    if let Some(p) = programme {
        filter.push_str(" AND programme_id = ?");
        values.push(p.into());
    }
    let total: i64 = match db
        .query_one_raw(stmt(
            b,
            &format!("SELECT COUNT(*) AS n FROM classes WHERE {filter}"),
            values.clone(),
        ))
        .await?
    {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    values.push(i64::try_from(limit).unwrap_or(100).into());
    values.push(i64::try_from(offset).unwrap_or(0).into());
    let rows = db
        .query_all_raw(stmt(
            b,
            &format!(
                "SELECT id, title, track, region_code, seat_limit FROM classes WHERE {filter} \
                 ORDER BY starts_on DESC, id DESC LIMIT ? OFFSET ?"
            ),
            values,
        ))
        .await?;
    let mut classes = Vec::new();
    for r in rows {
        classes.push(ClassCounts {
            id: r.try_get("", "id")?,
            title: r.try_get("", "title")?,
            track: r.try_get("", "track")?,
            region_code: r.try_get("", "region_code")?,
            seat_limit: r.try_get("", "seat_limit")?,
            enrolled: 0,
            completed: 0,
            sessions: 0,
            present: 0,
        });
    }
    if classes.is_empty() {
        return Ok((classes, u64::try_from(total).unwrap_or(0)));
    }
    let ids: Vec<Value> = classes.iter().map(|c| Value::from(c.id)).collect();
    let marks = vec!["?"; ids.len()].join(", ");
    let mut by_status: HashMap<(i64, String), i64> = HashMap::new();
    for r in db
        .query_all_raw(stmt(
            b,
            &format!(
                "SELECT class_id, status, COUNT(*) AS n FROM enrollments \
                 WHERE class_id IN ({marks}) GROUP BY class_id, status"
            ),
            ids.clone(),
        ))
        .await?
    {
        by_status.insert(
            (r.try_get("", "class_id")?, r.try_get("", "status")?),
            r.try_get("", "n")?,
        );
    }
    let sessions = count_by_class(
        db,
        &format!("SELECT class_id, COUNT(*) AS n FROM class_sessions WHERE class_id IN ({marks}) GROUP BY class_id"),
        ids.clone(),
    )
    .await?;
    // Attendance rows also record absent and excused marks; only presence counts.
    let present = count_by_class(
        db,
        &format!(
            "SELECT s.class_id, COUNT(*) AS n FROM attendance a \
             JOIN class_sessions s ON s.id = a.session_id \
             WHERE s.class_id IN ({marks}) AND a.state = '{}' GROUP BY s.class_id",
            AttendanceState::Present.as_str()
        ),
        ids,
    )
    .await?;
    let status =
        |id: i64, s: EnrollmentStatus| by_status.get(&(id, s.as_str().to_owned())).copied();
    for c in &mut classes {
        c.completed = status(c.id, EnrollmentStatus::Completed).unwrap_or(0);
        c.enrolled = c.completed + status(c.id, EnrollmentStatus::Enrolled).unwrap_or(0);
        c.sessions = sessions.get(&c.id).copied().unwrap_or(0);
        c.present = present.get(&c.id).copied().unwrap_or(0);
    }
    Ok((classes, u64::try_from(total).unwrap_or(0)))
}

async fn count_by_class(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<HashMap<i64, i64>, DbErr> {
    db.query_all_raw(stmt(db.get_database_backend(), sql, values))
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "class_id")?, r.try_get("", "n")?)))
        .collect()
}

//! A class's roster one page at a time, in the order instructors read it:
//! seated (enrolled or completed) first, then awaiting approval, then the
//! waitlist in line order, then the rest; ties by application. A class of
//! thousands is never read whole for one screen.

use cultivator_shared::api::classes::RosterEntry;
use cultivator_shared::{ClassId, EnrollmentId, EnrollmentStatus, UserId};
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::corrupt;
use super::counters::{count_raw, push_page, stmt};

/// One page of the roster, optionally of one status only, with how many
/// entries match in all. A waitlisted entry's `waitlist_position` is its
/// place in line (1, 2, ...), counted over the whole waitlist.
pub async fn page(
    db: &impl ConnectionTrait,
    class: ClassId,
    status: Option<EnrollmentStatus>,
    limit: u64,
    offset: u64,
) -> Result<(Vec<RosterEntry>, u64), DbErr> {
    let b = db.get_database_backend();
    let mut values: Vec<Value> = vec![class.0.into()];
    let mut filter = String::from("e.class_id = ?");
    if let Some(status) = status {
        filter.push_str(" AND e.status = ?");
        values.push(status.as_str().into());
    }
    let total = count_raw(
        db,
        &format!("SELECT COUNT(*) AS n FROM enrollments e WHERE {filter}"),
        values.clone(),
    )
    .await?;
    push_page(&mut values, limit, offset);
    // The place in line is numbered over every waitlisted entry with a
    // ticket (the window runs before LIMIT), so a page deep in the list
    // still shows 951, 952, ...
    let sql = format!(
        "SELECT e.id, e.user_id, e.status, e.applied_at, \
         COALESCE(u.name, '') AS name, COALESCE(u.mobile, '') AS mobile, \
         CASE WHEN e.status = '{waitlisted}' AND e.waitlist_position IS NOT NULL \
           THEN ROW_NUMBER() OVER (PARTITION BY e.status, e.waitlist_position IS NULL \
                                   ORDER BY e.waitlist_position, e.id) END AS place \
         FROM enrollments e LEFT JOIN users u ON u.id = e.user_id \
         WHERE {filter} \
         ORDER BY CASE e.status WHEN '{enrolled}' THEN 0 WHEN '{completed}' THEN 0 \
           WHEN '{applied}' THEN 1 WHEN '{waitlisted}' THEN 2 ELSE 3 END, \
           CASE WHEN e.status = '{waitlisted}' THEN COALESCE(e.waitlist_position, 0) ELSE 0 END, \
           e.id \
         LIMIT ? OFFSET ?",
        waitlisted = EnrollmentStatus::Waitlisted.as_str(),
        enrolled = EnrollmentStatus::Enrolled.as_str(),
        completed = EnrollmentStatus::Completed.as_str(),
        applied = EnrollmentStatus::Applied.as_str(),
    );
    let rows = db.query_all_raw(stmt(b, &sql, values)).await?;
    let entries = rows
        .iter()
        .map(|r| {
            let status: String = r.try_get("", "status")?;
            let place: Option<i64> = r.try_get("", "place")?;
            Ok(RosterEntry {
                enrollment: EnrollmentId(r.try_get("", "id")?),
                user: UserId(r.try_get("", "user_id")?),
                name: r.try_get("", "name")?,
                mobile: r.try_get("", "mobile")?,
                status: EnrollmentStatus::parse(&status)
                    .ok_or_else(|| corrupt("enrollments", "status", &status))?,
                waitlist_position: place.and_then(|p| u32::try_from(p).ok()),
                applied_at: r.try_get("", "applied_at")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok((entries, total))
}

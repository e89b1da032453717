//! The roster and the attendance sheet of a class as CSV, for the
//! spreadsheets county staff keep. Files start with a UTF-8 byte-order mark
//! so that Excel shows Chinese names correctly.

use std::collections::HashMap;

use cultivator_shared::api::checkin::AttendanceState;
use cultivator_shared::{ClassId, ClassSessionId, EnrollmentStatus};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::{attendance, class_sessions, enrollment_queue};

const BOM: &str = "\u{feff}";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing CSV failed: {0}")]
    Utf8(String),
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Utf8(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| ExportError::Utf8(e.to_string()))?;
    Ok(format!("{BOM}{text}"))
}

/// Everyone who applied: name, mobile, status, place in line, applied at.
pub async fn roster_csv(db: &impl ConnectionTrait, class: ClassId) -> Result<String, ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "name",
        "mobile",
        "status",
        "waitlist_position",
        "applied_at",
    ])?;
    for entry in enrollment_queue::roster(db, class).await? {
        writer.write_record([
            entry.name,
            entry.mobile,
            entry.status.as_str().to_owned(),
            entry
                .waitlist_position
                .map(|p| p.to_string())
                .unwrap_or_default(),
            entry.applied_at.to_rfc3339(),
        ])?;
    }
    finish(writer)
}

/// One row per trainee holding a seat, one column per session (its start),
/// each cell the attendance state, and the count of sessions attended.
pub async fn attendance_csv(
    db: &impl ConnectionTrait,
    class: ClassId,
) -> Result<String, ExportError> {
    let sessions = class_sessions::of_class(db, class).await?;
    let mut states: HashMap<(i64, i64), AttendanceState> = HashMap::new();
    for session in &sessions {
        for row in attendance::of_session(db, ClassSessionId(session.id)).await? {
            states.insert((session.id, row.user_id), row.state()?);
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["name".to_owned(), "mobile".to_owned()];
    header.extend(
        sessions
            .iter()
            .map(|s| s.starts_at.format("%Y-%m-%d %H:%M").to_string()),
    );
    header.push("present".to_owned());
    writer.write_record(&header)?;
    for entry in enrollment_queue::roster(db, class).await? {
        if !matches!(
            entry.status,
            EnrollmentStatus::Enrolled | EnrollmentStatus::Completed
        ) {
            continue;
        }
        let mut row = vec![entry.name, entry.mobile];
        let mut present = 0;
        for session in &sessions {
            let state = states.get(&(session.id, entry.user.0)).copied();
            if state == Some(AttendanceState::Present) {
                present += 1;
            }
            row.push(state.map(|s| s.as_str().to_owned()).unwrap_or_default());
        }
        row.push(present.to_string());
        writer.write_record(&row)?;
    }
    finish(writer)
}

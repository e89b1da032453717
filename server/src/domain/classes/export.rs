//! The roster and the attendance sheet of a class as CSV or XLSX, for the
//! spreadsheets county staff keep. Both formats hold the same table; CSV
//! files start with a UTF-8 byte-order mark so that Excel shows Chinese
//! names correctly.

use std::collections::HashMap;

use cultivator_shared::api::checkin::AttendanceState;
use cultivator_shared::privacy::MobileView;
use cultivator_shared::{ClassId, ClassSessionId, EnrollmentStatus};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::{attendance, class_sessions, enrollment_queue};
use crate::domain::spreadsheet::csv_cell;

const BOM: &str = "\u{feff}";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing CSV failed: {0}")]
    Utf8(String),
    #[error("writing XLSX failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Utf8(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| ExportError::Utf8(e.to_string()))?;
    Ok(format!("{BOM}{text}"))
}

/// A sheet: its header and its rows of text cells.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn csv(&self) -> Result<String, ExportError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for record in std::iter::once(&self.header).chain(&self.rows) {
            // Names and mobiles are typed by trainees; see `spreadsheet`.
            writer.write_record(record.iter().map(|cell| csv_cell(cell).into_owned()))?;
        }
        finish(writer)
    }

    /// Cells that are whole numbers (counts, places in line) are written as
    /// numbers; mobile numbers stay text so that Excel keeps every digit.
    pub fn xlsx(&self, numeric_columns: &[usize]) -> Result<Vec<u8>, ExportError> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, title) in (0_u16..).zip(&self.header) {
            sheet.write_string(0, col, title)?;
        }
        for (row_no, row) in (1_u32..).zip(&self.rows) {
            for (col, cell) in row.iter().enumerate() {
                let col_no = u16::try_from(col).unwrap_or(u16::MAX);
                match cell.parse::<u32>() {
                    Ok(n) if numeric_columns.contains(&col) => {
                        sheet.write_number(row_no, col_no, f64::from(n))?;
                    }
                    _ => {
                        sheet.write_string(row_no, col_no, cell)?;
                    }
                }
            }
        }
        Ok(book.save_to_buffer()?)
    }
}

/// The roster's numeric columns: the place in line.
pub const ROSTER_NUMBERS: &[usize] = &[3];

/// Everyone who applied: name, mobile (as `mobiles` allows), status, place
/// in line, applied at.
pub async fn roster(
    db: &impl ConnectionTrait,
    class: ClassId,
    mobiles: MobileView,
) -> Result<Table, ExportError> {
    let header = [
        "name",
        "mobile",
        "status",
        "waitlist_position",
        "applied_at",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut rows = Vec::new();
    for entry in enrollment_queue::roster(db, class).await? {
        rows.push(vec![
            entry.name,
            mobiles.show(&entry.mobile),
            entry.status.as_str().to_owned(),
            entry
                .waitlist_position
                .map(|p| p.to_string())
                .unwrap_or_default(),
            entry.applied_at.to_rfc3339(),
        ]);
    }
    Ok(Table { header, rows })
}

pub async fn roster_csv(
    db: &impl ConnectionTrait,
    class: ClassId,
    mobiles: MobileView,
) -> Result<String, ExportError> {
    roster(db, class, mobiles).await?.csv()
}

pub async fn attendance_csv(
    db: &impl ConnectionTrait,
    class: ClassId,
    mobiles: MobileView,
) -> Result<String, ExportError> {
    attendance(db, class, mobiles).await?.csv()
}

/// One row per trainee holding a seat, one column per session (its start),
/// each cell the attendance state, and the count of sessions attended.
pub async fn attendance(
    db: &impl ConnectionTrait,
    class: ClassId,
    mobiles: MobileView,
) -> Result<Table, ExportError> {
    let sessions = class_sessions::of_class(db, class).await?;
    let mut states: HashMap<(i64, i64), AttendanceState> = HashMap::new();
    for session in &sessions {
        for row in attendance::of_session(db, ClassSessionId(session.id)).await? {
            states.insert((session.id, row.user_id), row.state()?);
        }
    }
    let mut header = vec!["name".to_owned(), "mobile".to_owned()];
    header.extend(
        sessions
            .iter()
            .map(|s| s.starts_at.format("%Y-%m-%d %H:%M").to_string()),
    );
    header.push("present".to_owned());
    let mut rows = Vec::new();
    for entry in enrollment_queue::roster(db, class).await? {
        if !matches!(
            entry.status,
            EnrollmentStatus::Enrolled | EnrollmentStatus::Completed
        ) {
            continue;
        }
        let mut row = vec![entry.name, mobiles.show(&entry.mobile)];
        let mut present = 0;
        for session in &sessions {
            let state = states.get(&(session.id, entry.user.0)).copied();
            if state == Some(AttendanceState::Present) {
                present += 1;
            }
            row.push(state.map(|s| s.as_str().to_owned()).unwrap_or_default());
        }
        row.push(present.to_string());
        rows.push(row);
    }
    Ok(Table { header, rows })
}

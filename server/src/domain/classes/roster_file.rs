//! Reading a roster spreadsheet: XLSX (recognised by its ZIP signature,
//! streamed cell by cell with calamine, within limits checked before and
//! while it is read) or CSV (UTF-8 with or without a byte-order mark, or
//! GB18030 as Excel on a Chinese Windows saves it). The first non-empty row
//! is the header; columns are found by name in English or Chinese, in any
//! order, and unknown columns are ignored.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use cultivator_shared::api::rosters::{
    MAX_ROSTER_ROWS, RawRosterRow, RosterColumn, RosterProblem, RosterProblemCode,
};

/// A sheet as text cells, each row with its number as the spreadsheet shows it.
type Sheet = Vec<(u32, Vec<String>)>;

fn file_problem(code: RosterProblemCode, value: &str) -> RosterProblem {
    RosterProblem {
        row: 0,
        column: RosterColumn::File,
        code,
        value: value.to_owned(),
    }
}

fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Rows a sheet may reach down to: the data rows plus room for a title,
/// the header and blank lines.
const MAX_SHEET_ROWS: u32 = MAX_ROSTER_ROWS + 1_000;
/// Columns a sheet may reach across (A to BL): a roster has four, and a few
/// of notes.
const MAX_SHEET_COLUMNS: u32 = 64;
/// Bytes all the archive's parts may unpack to. A 20,000-row sheet unpacks
/// to a few MB; a "zip bomb" of kilobytes unpacks to gigabytes.
const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Parts an XLSX archive may hold (a plain workbook has about ten).
const MAX_ARCHIVE_ENTRIES: usize = 1_000;

/// Unpacks every part of the archive into nothing, counting, and refuses it
/// past [`MAX_UNPACKED_BYTES`]. The sizes an archive declares could lie, so
/// what counts is what actually comes out; memory stays constant.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), RosterProblem> {
    let unreadable =
        |e: &dyn std::fmt::Display| file_problem(RosterProblemCode::Unreadable, &e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if archive.len() > MAX_ARCHIVE_ENTRIES {
        return Err(file_problem(
            RosterProblemCode::TooLarge,
            &archive.len().to_string(),
        ));
    }
    let mut left = MAX_UNPACKED_BYTES;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|e| unreadable(&e))?;
        let unpacked = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|e| unreadable(&e))?;
        left = left.checked_sub(unpacked).ok_or_else(|| {
            file_problem(RosterProblemCode::TooLarge, &MAX_UNPACKED_BYTES.to_string())
        })?;
    }
    Ok(())
}

/// Refuses a sheet whose extent is beyond the limits: first as the sheet
/// declares it, then cell by cell (the declaration is optional and may lie).
fn check_extent(row: u32, column: u32) -> Result<(), RosterProblem> {
    if row >= MAX_SHEET_ROWS {
        return Err(file_problem(
            RosterProblemCode::TooManyRows,
            &row.saturating_add(1).to_string(),
        ));
    }
    if column >= MAX_SHEET_COLUMNS {
        return Err(file_problem(
            RosterProblemCode::TooManyColumns,
            &column.saturating_add(1).to_string(),
        ));
    }
    Ok(())
}

/// The first sheet's non-empty cells, streamed: nothing is allocated for
/// the sheet's declared grid, only for cells that hold text.
fn xlsx_cells(bytes: &[u8]) -> Result<Sheet, RosterProblem> {
    let unreadable =
        |e: &dyn std::fmt::Display| file_problem(RosterProblemCode::Unreadable, &e.to_string());
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| file_problem(RosterProblemCode::NoRows, ""))?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable(&e))?;
    let declared = cells.dimensions();
    check_extent(declared.end.0, declared.end.1)?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let text = match Data::from(cell.get_value().clone()) {
            // Mobile numbers and region codes typed as numbers.
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            other => other.to_string(),
        };
        if text.trim().is_empty() {
            continue;
        }
        check_extent(row, column)?;
        if rows.len() > MAX_ROSTER_ROWS as usize && !rows.contains_key(&row) {
            return Err(file_problem(
                RosterProblemCode::TooManyRows,
                &rows.len().to_string(),
            ));
        }
        let cells_of_row = rows.entry(row).or_default();
        let at = column as usize;
        if cells_of_row.len() <= at {
            cells_of_row.resize(at + 1, String::new());
        }
        if let Some(slot) = cells_of_row.get_mut(at) {
            *slot = text;
        }
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| (row.saturating_add(1), cells))
        .collect())
}

fn csv_cells(bytes: &[u8]) -> Result<Sheet, RosterProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(file_problem(RosterProblemCode::Unreadable, "encoding"));
            }
            text
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // The reader skips blank lines without counting them, so a record's line
    // number is found from its byte offset.
    let line_starts: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| file_problem(RosterProblemCode::Unreadable, &e.to_string()))?;
        let mut byte = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        // The position may point at blank lines skipped before the record.
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let row =
            u32::try_from(line_starts.partition_point(|nl| *nl < byte) + 1).unwrap_or(u32::MAX);
        rows.push((row, record.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

/// [`read`] on the blocking pool: parsing a large file is CPU work that
/// must not hold up a request worker.
pub async fn read_apart(bytes: Vec<u8>) -> Result<Vec<RawRosterRow>, Vec<RosterProblem>> {
    tokio::task::spawn_blocking(move || read(&bytes))
        .await
        .unwrap_or_else(|e| {
            Err(vec![file_problem(
                RosterProblemCode::Unreadable,
                &e.to_string(),
            )])
        })
}

/// The data rows of the file, or the problems that stop it from being read
/// at all (unreadable, too large, no rows, too many rows or columns, a
/// required column missing).
pub fn read(bytes: &[u8]) -> Result<Vec<RawRosterRow>, Vec<RosterProblem>> {
    let sheet = if is_xlsx(bytes) {
        xlsx_cells(bytes)
    } else {
        csv_cells(bytes)
    }
    .map_err(|p| vec![p])?;
    let mut rows = sheet
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((header_row, header)) = rows.next() else {
        return Err(vec![file_problem(RosterProblemCode::NoRows, "")]);
    };
    let position = |column: RosterColumn| {
        header
            .iter()
            .position(|cell| RosterColumn::from_header(cell) == Some(column))
    };
    let missing: Vec<RosterProblem> = RosterColumn::REQUIRED
        .iter()
        .filter(|c| position(**c).is_none())
        .map(|c| RosterProblem {
            row: header_row,
            column: *c,
            code: RosterProblemCode::MissingColumn,
            value: String::new(),
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let [name, mobile, region, category] = [
        RosterColumn::Name,
        RosterColumn::Mobile,
        RosterColumn::RegionCode,
        RosterColumn::Category,
    ]
    .map(position);
    let cell = |cells: &[String], at: Option<usize>| {
        at.and_then(|i| cells.get(i))
            .map(|c| c.trim().to_owned())
            .unwrap_or_default()
    };
    let data: Vec<RawRosterRow> = rows
        .map(|(row, cells)| RawRosterRow {
            row,
            name: cell(&cells, name),
            mobile: cell(&cells, mobile),
            region_code: cell(&cells, region),
            category: cell(&cells, category),
        })
        .collect();
    if data.is_empty() {
        return Err(vec![file_problem(RosterProblemCode::NoRows, "")]);
    }
    if data.len() > MAX_ROSTER_ROWS as usize {
        return Err(vec![file_problem(
            RosterProblemCode::TooManyRows,
            &data.len().to_string(),
        )]);
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_with_chinese_headers_in_any_order_is_read_with_row_numbers() {
        let file = "\u{feff}手机号,姓名,备注,行政区划代码\n13800000010,张秀英,,510121100201\n\n13800000011,杨德明,x,510121100202\n";
        let rows = read(file.as_bytes()).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (
                rows[1].row,
                rows[1].name.as_str(),
                rows[1].region_code.as_str()
            ),
            (4, "杨德明", "510121100202")
        );
        assert_eq!(rows[0].category, "");
    }

    #[test]
    fn a_gb18030_csv_from_excel_is_decoded() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("姓名,手机号,行政区划代码\n张秀英,13800000010,51\n");
        let rows = read(&bytes).unwrap_or_default();
        assert_eq!(rows.first().map(|r| r.name.as_str()), Some("张秀英"));
    }

    #[test]
    fn missing_columns_are_all_reported() {
        let problems = read(b"name,phone\nx,y\n").err().unwrap_or_default();
        let columns: Vec<RosterColumn> = problems.iter().map(|p| p.column).collect();
        assert_eq!(columns, [RosterColumn::Mobile, RosterColumn::RegionCode]);
        assert!(
            problems
                .iter()
                .all(|p| p.code == RosterProblemCode::MissingColumn)
        );
    }

    #[test]
    fn an_xlsx_with_numbers_for_mobiles_is_read() -> Result<(), rust_xlsxwriter::XlsxError> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, title) in (0_u16..).zip(["name", "mobile", "region_code", "category"]) {
            sheet.write_string(0, col, title)?;
        }
        sheet.write_string(1, 0, "张秀英")?;
        sheet.write_number(1, 1, 13_800_000_010.0)?;
        sheet.write_string(1, 2, "510121100201")?;
        sheet.write_string(1, 3, "乡村治理骨干")?;
        let bytes = book.save_to_buffer()?;
        let rows = read(&bytes).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].row, rows[0].mobile.as_str()), (2, "13800000010"));
        assert_eq!(rows[0].category, "乡村治理骨干");
        Ok(())
    }

    #[test]
    fn a_sheet_declared_or_written_beyond_the_limits_is_refused_before_it_is_read()
    -> Result<(), rust_xlsxwriter::XlsxError> {
        let cases = [
            (1_048_575, 0, RosterProblemCode::TooManyRows),
            (0, 16_383, RosterProblemCode::TooManyColumns),
            (5, 200, RosterProblemCode::TooManyColumns),
        ];
        for (row, col, code) in cases {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            sheet.write_string(0, 0, "name")?;
            sheet.write_string(row, col, "far away")?;
            let problems = read(&book.save_to_buffer()?).err().unwrap_or_default();
            assert_eq!(problems.first().map(|p| p.code), Some(code), "{row}, {col}");
        }
        Ok(())
    }

    #[test]
    fn garbage_is_unreadable_not_a_panic() {
        let problems = read(b"PK\x03\x04garbage").err().unwrap_or_default();
        assert_eq!(
            problems.first().map(|p| p.code),
            Some(RosterProblemCode::Unreadable)
        );
    }
}

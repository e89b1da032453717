//! Reading a roster spreadsheet: XLSX (recognised by its ZIP signature,
//! read with calamine) or CSV (UTF-8 with or without a byte-order mark, or
//! GB18030 as Excel on a Chinese Windows saves it). The first non-empty row
//! is the header; columns are found by name in English or Chinese, in any
//! order, and unknown columns are ignored.

use std::io::Cursor;

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

fn xlsx_cells(bytes: &[u8]) -> Result<Sheet, RosterProblem> {
    let unreadable =
        |e: &dyn std::fmt::Display| file_problem(RosterProblemCode::Unreadable, &e.to_string());
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_problem(RosterProblemCode::NoRows, ""))?
        .map_err(|e| unreadable(&e))?;
    let first_row = range.start().map_or(0, |(row, _)| row);
    Ok((first_row..)
        .zip(range.rows())
        .map(|(row, cells)| {
            let text = cells
                .iter()
                .map(|cell| match cell {
                    // Mobile numbers and region codes typed as numbers.
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
                    other => other.to_string(),
                })
                .collect();
            (row.saturating_add(1), text)
        })
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

/// The data rows of the file, or the problems that stop it from being read
/// at all (unreadable, no rows, too many rows, a required column missing).
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
    fn garbage_is_unreadable_not_a_panic() {
        let problems = read(b"PK\x03\x04garbage").err().unwrap_or_default();
        assert_eq!(
            problems.first().map(|p| p.code),
            Some(RosterProblemCode::Unreadable)
        );
    }
}

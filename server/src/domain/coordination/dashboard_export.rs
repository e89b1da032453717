//! The dashboard's children table as downloads: CSV and XLSX, same columns.

use cultivator_shared::api::coordination::Dashboard;

use crate::domain::spreadsheet::csv_cell;

const HEADER: [&str; 8] = [
    "code",
    "name_zh",
    "name_en",
    "online_trained",
    "online_target",
    "offline_trained",
    "offline_target",
    "shortfall",
];

fn numbers(row: &cultivator_shared::api::coordination::ChildRow) -> [u64; 5] {
    [
        row.trained.online,
        row.target.online,
        row.trained.offline,
        row.target.offline,
        row.shortfall,
    ]
}

/// UTF-8 with a byte-order mark, which Excel needs to read Chinese names.
pub fn children_csv(dashboard: &Dashboard) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    out.write_record(HEADER)?;
    for row in &dashboard.children {
        let mut record = vec![
            row.region.code.to_string(),
            row.region.name_zh.clone(),
            row.region.name_en.clone(),
        ];
        record.extend(numbers(row).iter().map(u64::to_string));
        out.write_record(record.iter().map(|cell| csv_cell(cell).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

pub fn children_xlsx(dashboard: &Dashboard) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in (0_u16..).zip(HEADER) {
        sheet.write_string(0, col, title)?;
    }
    for (row_no, row) in (1_u32..).zip(&dashboard.children) {
        sheet.write_string(row_no, 0, row.region.code.as_str())?;
        sheet.write_string(row_no, 1, &row.region.name_zh)?;
        sheet.write_string(row_no, 2, &row.region.name_en)?;
        for (col, n) in (3_u16..).zip(numbers(row)) {
            // Counts of people stay far below 2^53, exact in an f64.
            sheet.write_number(row_no, col, n as f64)?;
        }
    }
    book.save_to_buffer()
}

//! Cells of the CSV files we hand out, made safe to open in a spreadsheet.
//!
//! Excel, LibreOffice and WPS read a CSV cell that begins with `=`, `+`, `-`
//! or `@` as a formula, and a leading tab or carriage return can hide such a
//! prefix from a quick look; a trainee who registers as `=HYPERLINK(..)`
//! would otherwise put a live formula into the county office's roster
//! (CSV injection). A leading single quote makes the spreadsheet show the
//! text as typed. XLSX downloads need none of this: their cells are written
//! as strings, never as formulas.

use std::borrow::Cow;

/// What a spreadsheet may take for the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as it should be written to a CSV file: unchanged, or with a single
/// quote in front when it would otherwise be read as a formula.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formula_starts_are_quoted() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+1+2",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(csv_cell(cell), format!("'{cell}"));
        }
    }

    #[test]
    fn ordinary_text_and_numbers_are_unchanged() {
        for cell in [
            "张三",
            "13900000001",
            "2026-03-01T08:00:00+08:00",
            "",
            "a=b",
            "'quoted",
        ] {
            assert_eq!(csv_cell(cell), cell);
        }
    }
}

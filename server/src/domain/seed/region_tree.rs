//! Loading the region tree below provinces (prefecture → village) from CSV:
//! `code,parent,level,name_zh,name_en`. Every row is checked first and all
//! problems are reported together; then all rows are written in one
//! transaction, or none.

use std::collections::HashSet;
use std::io::Read;

use cultivator_shared::{RegionCode, RegionLevel};
use sea_orm::{DatabaseConnection, DbErr};

use crate::db::{self, regions};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRow {
    pub code: RegionCode,
    pub name_zh: String,
    pub name_en: String,
}

/// One problem in the file: 1-based line number (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub column: &'static str,
    pub reason: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.reason
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problem(s) in the file; nothing was imported", .0.len())]
    Invalid(Vec<RowProblem>),
    #[error("unreadable CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Db(#[from] DbErr),
}

#[derive(serde::Deserialize)]
struct RawRow {
    code: String,
    parent: String,
    level: String,
    name_zh: String,
    name_en: String,
}

const NAME_MAX: usize = 64;

/// Parses and checks the file without touching the database.
pub fn parse(input: impl Read) -> Result<Vec<RegionRow>, ImportError> {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (index, record) in csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(input)
        .deserialize()
        .enumerate()
    {
        let line = index + 2;
        let raw: RawRow = match record {
            Ok(raw) => raw,
            Err(err) => {
                problems.push(RowProblem {
                    line,
                    column: "*",
                    reason: err.to_string(),
                });
                continue;
            }
        };
        let mut problem = |column, reason: String| {
            problems.push(RowProblem {
                line,
                column,
                reason,
            })
        };
        let Ok(code) = RegionCode::parse(&raw.code) else {
            problem(
                "code",
                format!(
                    "{:?} is not a region code (2, 4, 6, 9 or 12 digits)",
                    raw.code
                ),
            );
            continue;
        };
        if code.level() == RegionLevel::Province {
            problem(
                "code",
                "provinces ship with the schema and cannot be imported".into(),
            );
        }
        if RegionLevel::parse(&raw.level) != Some(code.level()) {
            problem(
                "level",
                format!(
                    "{:?} does not match the code's level ({})",
                    raw.level,
                    code.level().as_str()
                ),
            );
        }
        let expected_parent = code.parent().map(String::from).unwrap_or_default();
        if raw.parent != expected_parent {
            problem(
                "parent",
                format!(
                    "{:?} is not the code's parent {expected_parent:?}",
                    raw.parent
                ),
            );
        }
        for (column, name) in [("name_zh", &raw.name_zh), ("name_en", &raw.name_en)] {
            if name.is_empty() || name.chars().count() > NAME_MAX {
                problem(column, format!("must have 1 to {NAME_MAX} characters"));
            }
        }
        rows.push(RegionRow {
            code,
            name_zh: raw.name_zh,
            name_en: raw.name_en,
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(ImportError::Invalid(problems))
    }
}

/// Checks that every row's parent exists (in the database or the file) and
/// writes all rows in one transaction. Returns how many rows were written.
pub async fn import(
    db: &DatabaseConnection,
    mut rows: Vec<RegionRow>,
) -> Result<usize, ImportError> {
    // Parents sort before their children, so inserts never break the parent key.
    rows.sort_by(|a, b| {
        a.code
            .as_str()
            .len()
            .cmp(&b.code.as_str().len())
            .then(a.code.cmp(&b.code))
    });
    let in_file: HashSet<&RegionCode> = rows.iter().map(|r| &r.code).collect();
    let parents: HashSet<String> = rows
        .iter()
        .filter_map(|r| r.code.parent())
        .filter(|p| !in_file.contains(p))
        .map(String::from)
        .collect();
    let known: HashSet<String> = regions::many(db, parents.iter().cloned().collect())
        .await?
        .into_iter()
        .map(|r| r.code.into())
        .collect();
    let missing: Vec<RowProblem> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let parent = r.code.parent()?;
            (!in_file.contains(&parent) && !known.contains(parent.as_str())).then(|| RowProblem {
                line: i + 2,
                column: "parent",
                reason: format!(
                    "parent region {parent} is neither in the database nor in the file"
                ),
            })
        })
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Invalid(missing));
    }
    let count = rows.len();
    let txn = db::begin_write(db).await?;
    regions::upsert(
        &txn,
        rows.iter()
            .map(|r| regions::new_row(&r.code, &r.name_zh, &r.name_en))
            .collect(),
    )
    .await?;
    txn.commit().await?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_bad_row_and_column() {
        let csv = "code,parent,level,name_zh,name_en\n\
                   5101,51,prefecture,成都市,Chengdu\n\
                   51x,51,prefecture,坏,Bad\n\
                   510121,5102,county,金堂县,Jintang\n\
                   510121100,510121,village,,Huaikou\n";
        let Err(ImportError::Invalid(problems)) = parse(csv.as_bytes()) else {
            panic!("bad rows must be refused");
        };
        let found: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(
            found,
            vec![(3, "code"), (4, "parent"), (5, "level"), (5, "name_zh")]
        );
    }

    #[test]
    fn parses_a_good_file() -> Result<(), ImportError> {
        let csv = "code,parent,level,name_zh,name_en\n5101,51,prefecture,成都市,Chengdu\n";
        let rows = parse(csv.as_bytes())?;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name_en, "Chengdu");
        Ok(())
    }
}

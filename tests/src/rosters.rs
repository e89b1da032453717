//! Roster files for tests and following an import job to its end.

use std::time::Duration;

use cultivator_shared::ClassId;
use cultivator_shared::api::rosters::{RosterImportJob, RosterImportState};
use reqwest::{Method, Response, StatusCode};

use crate::client::{ApiClient, expect_json};

/// A CSV roster with the English header and these rows (name, mobile, region, category).
pub fn csv(rows: &[[&str; 4]]) -> Vec<u8> {
    let mut out = String::from("name,mobile,region_code,category\n");
    for row in rows {
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

/// The same as an Excel workbook with the Chinese header.
pub fn xlsx(rows: &[[&str; 4]]) -> anyhow::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in (0_u16..).zip(["姓名", "手机号", "行政区划代码", "学员类别"])
    {
        sheet.write_string(0, col, title)?;
    }
    for (row_no, row) in (1_u32..).zip(rows) {
        for (col, cell) in (0_u16..).zip(row) {
            sheet.write_string(row_no, col, *cell)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

pub async fn upload(
    instructor: &ApiClient,
    class: ClassId,
    file: Vec<u8>,
) -> anyhow::Result<Response> {
    Ok(instructor
        .request(
            Method::POST,
            &format!("/api/v1/classes/{class}/roster-imports"),
        )
        .header("content-type", "application/octet-stream")
        .body(file)
        .send()
        .await?)
}

/// Polls the job until it is no longer running (gives up after an hour).
pub async fn wait_for(
    instructor: &ApiClient,
    job: &RosterImportJob,
) -> anyhow::Result<RosterImportJob> {
    for _ in 0..36_000 {
        let now: RosterImportJob = expect_json(
            instructor
                .get(&format!("/api/v1/roster-imports/{}", job.id))
                .await?,
            StatusCode::OK,
        )
        .await?;
        if now.state != RosterImportState::Running {
            return Ok(now);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("roster import {} still running after an hour", job.id)
}

/// The class's whole roster as `client` sees it, read a page of 100 at a
/// time (checking each page's total agrees).
pub async fn whole_roster(
    client: &ApiClient,
    class: ClassId,
) -> anyhow::Result<Vec<cultivator_shared::api::classes::RosterEntry>> {
    let mut entries = Vec::new();
    loop {
        let page: cultivator_shared::api::Page<cultivator_shared::api::classes::RosterEntry> =
            expect_json(
                client
                    .get(&format!(
                        "/api/v1/classes/{class}/enrollments?limit=100&offset={}",
                        entries.len()
                    ))
                    .await?,
                StatusCode::OK,
            )
            .await?;
        let last = page.items.len() < 100;
        entries.extend(page.items);
        anyhow::ensure!(
            entries.len() as u64 <= page.total,
            "more entries than the total"
        );
        if last {
            anyhow::ensure!(
                entries.len() as u64 == page.total,
                "fewer entries than the total"
            );
            return Ok(entries);
        }
    }
}

//! "Download my data": everything kept about the signed-in person, as JSON
//! or as one CSV file (a section per kind of record, each with its own
//! header row; every cell neutralised against spreadsheet formulas).

use chrono::{DateTime, Utc};
use cultivator_shared::EnrollmentStatus;
use cultivator_shared::UserId;
use cultivator_shared::api::personal_data::{
    AccountData, AttendanceData, CertificateData, CourseData, CreditData, EnrolmentData,
    PersonalData, ProgressData,
};
use sea_orm::DatabaseConnection;

use super::{AccountError, live_user};
use crate::db::{personal_data, regions, users};
use crate::domain::spreadsheet::csv_cell;

/// Everything kept about `id`.
pub async fn collect(db: &DatabaseConnection, id: UserId) -> Result<PersonalData, AccountError> {
    let user = live_user(db, id).await?;
    let region = user.region()?;
    let region_names = regions::lineage(db, &region)
        .await?
        .into_iter()
        .map(|r| r.name_zh)
        .collect();
    let roles = users::roles_of(db, id).await?;
    let rows = personal_data::of(db, id).await?;
    let class_title = |class: i64| {
        rows.classes
            .get(&class)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    };
    let enrolments = rows
        .enrolments
        .iter()
        .map(|e| EnrolmentData {
            class_id: e.class_id,
            class_title: class_title(e.class_id),
            track: rows
                .classes
                .get(&e.class_id)
                .map(|c| c.track.clone())
                .unwrap_or_default(),
            status: e.status.clone(),
            applied_at: e.applied_at,
            decided_at: e.decided_at,
            completed_at: e.completed_at,
        })
        .collect();
    let certificates = rows
        .enrolments
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Completed.as_str())
        .filter_map(|e| {
            Some(CertificateData {
                class_id: e.class_id,
                class_title: class_title(e.class_id),
                completed_at: e.completed_at?,
            })
        })
        .collect();
    let courses = rows
        .course_enrolments
        .iter()
        .map(|c| CourseData {
            course_id: c.course_id,
            course_title: rows.courses.get(&c.course_id).cloned().unwrap_or_default(),
            enrolled_at: c.enrolled_at,
            completed_at: c.completed_at,
        })
        .collect();
    let attendance = rows
        .attendance
        .iter()
        .filter_map(|a| {
            let session = rows.sessions.get(&a.session_id)?;
            Some(AttendanceData {
                session_id: a.session_id,
                class_title: class_title(session.class_id),
                session_starts_at: session.starts_at,
                state: a.state.clone(),
                method: a.method.clone(),
                recorded_at: a.recorded_at,
            })
        })
        .collect();
    let progress = rows
        .progress
        .iter()
        .map(|p| ProgressData {
            lesson_id: p.lesson_id,
            lesson_title: rows.lessons.get(&p.lesson_id).cloned().unwrap_or_default(),
            played_secs: p.played_ms / 1000,
            completed_at: p.completed_at,
            updated_at: p.updated_at,
        })
        .collect();
    let credits = rows
        .credits
        .iter()
        .map(|c| CreditData {
            source: c.source.clone(),
            source_id: c.source_id,
            credit_tenths: c.credit_tenths,
            earned_at: c.earned_at,
        })
        .collect();
    Ok(PersonalData {
        exported_at: Utc::now(),
        account: AccountData {
            id,
            name: user.name,
            mobile: user.mobile,
            region_code: region.to_string(),
            region_names,
            roles,
            created_at: user.created_at,
        },
        enrolments,
        courses,
        attendance,
        progress,
        credits,
        certificates,
    })
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

fn maybe(t: Option<DateTime<Utc>>) -> String {
    t.map(at).unwrap_or_default()
}

/// One section of the CSV file: its name, header and rows.
struct Section {
    name: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// The data as one CSV file (UTF-8 with a byte-order mark, for Excel): a
/// section per kind of record, a blank line between sections.
pub fn csv(data: &PersonalData) -> Result<Vec<u8>, csv::Error> {
    let mut sections: Vec<Section> = Vec::new();
    let a = &data.account;
    let roles = a
        .roles
        .iter()
        .map(|g| match &g.scope {
            Some(scope) => format!("{}:{scope}", g.role.as_str()),
            None => g.role.as_str().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(",");
    sections.push(Section {
        name: "account",
        header: vec![
            "id",
            "name",
            "mobile",
            "region_code",
            "region",
            "roles",
            "created_at",
        ],
        rows: vec![vec![
            a.id.0.to_string(),
            a.name.clone(),
            a.mobile.clone(),
            a.region_code.clone(),
            a.region_names.join(" "),
            roles,
            at(a.created_at),
        ]],
    });
    sections.push(Section {
        name: "enrolments",
        header: vec![
            "class_id",
            "class",
            "track",
            "status",
            "applied_at",
            "decided_at",
            "completed_at",
        ],
        rows: data
            .enrolments
            .iter()
            .map(|e| {
                vec![
                    e.class_id.to_string(),
                    e.class_title.clone(),
                    e.track.clone(),
                    e.status.clone(),
                    at(e.applied_at),
                    maybe(e.decided_at),
                    maybe(e.completed_at),
                ]
            })
            .collect(),
    });
    sections.push(Section {
        name: "courses",
        header: vec!["course_id", "course", "enrolled_at", "completed_at"],
        rows: data
            .courses
            .iter()
            .map(|c| {
                vec![
                    c.course_id.to_string(),
                    c.course_title.clone(),
                    at(c.enrolled_at),
                    maybe(c.completed_at),
                ]
            })
            .collect(),
    });
    sections.push(Section {
        name: "attendance",
        header: vec![
            "session_id",
            "class",
            "session_starts_at",
            "state",
            "method",
            "recorded_at",
        ],
        rows: data
            .attendance
            .iter()
            .map(|r| {
                vec![
                    r.session_id.to_string(),
                    r.class_title.clone(),
                    at(r.session_starts_at),
                    r.state.clone(),
                    r.method.clone(),
                    at(r.recorded_at),
                ]
            })
            .collect(),
    });
    sections.push(Section {
        name: "progress",
        header: vec![
            "lesson_id",
            "lesson",
            "played_secs",
            "completed_at",
            "updated_at",
        ],
        rows: data
            .progress
            .iter()
            .map(|p| {
                vec![
                    p.lesson_id.to_string(),
                    p.lesson_title.clone(),
                    p.played_secs.to_string(),
                    maybe(p.completed_at),
                    at(p.updated_at),
                ]
            })
            .collect(),
    });
    sections.push(Section {
        name: "credits",
        header: vec!["source", "source_id", "credit_hours", "earned_at"],
        rows: data
            .credits
            .iter()
            .map(|c| {
                vec![
                    c.source.clone(),
                    c.source_id.to_string(),
                    format!("{}.{}", c.credit_tenths / 10, c.credit_tenths % 10),
                    at(c.earned_at),
                ]
            })
            .collect(),
    });
    sections.push(Section {
        name: "certificates",
        header: vec!["class_id", "class", "completed_at"],
        rows: data
            .certificates
            .iter()
            .map(|c| {
                vec![
                    c.class_id.to_string(),
                    c.class_title.clone(),
                    at(c.completed_at),
                ]
            })
            .collect(),
    });

    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.write_record([""])?;
        }
        out.write_record([format!("# {}", section.name)])?;
        out.write_record(&section.header)?;
        for row in &section.rows {
            out.write_record(row.iter().map(|cell| csv_cell(cell).into_owned()))?;
        }
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

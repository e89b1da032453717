//! Roster import: an instructor uploads a spreadsheet of trainees (name,
//! mobile, region code, optional category) for a class.
//!
//! Every row is checked first and all problems are reported at once; a file
//! with any bad row imports nothing. Besides each row's own cells, the rows
//! are checked against the class and the accounts that exist
//! (`roster_eligibility`): the class's region, its stage's gate, and never
//! changing an existing account's name or category. A good file becomes a
//! background job (`domain::jobs`: any node runs it, another one if that
//! node dies) whose progress is kept in `roster_imports`, so any app node
//! can answer the UI's polling. The job hashes one-time passwords for new accounts in
//! parallel on the blocking pool (Argon2 with lighter parameters for
//! generated passwords, see `password::hash_generated`), then writes
//! everything in one transaction with the class locked: accounts matched by
//! mobile number or created, categories of those who have none, and
//! enrollments.
//!
//! Seats: an import enrols directly (it bypasses approval and invitation:
//! the instructor chose these people) but never over-fills the class. Rows
//! are placed in file order while seats are free; the rest join the end of
//! the waitlist in file order. Trainees already waitlisted, enrolled or
//! completed in the class stay as they are.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::rosters::{
    RawRosterRow, RosterColumn, RosterImportJob, RosterImportState, RosterProblem,
    RosterProblemCode, RosterRow, TraineeCategory,
};
use cultivator_shared::validation::Mobile;
use cultivator_shared::{
    ClassId, EnrollmentStatus, JobKind, RegionCode, RosterImportId, Track, UserId,
};
use rand::Rng;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::db::roster_accounts::{self, NewAccount, Placement};
use crate::db::roster_imports::{self, Outcome};
use crate::db::{self, classes, enrollment_queue as queue, jobs, regions};
use crate::domain::accounts::password::{self, PasswordError};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::classes::pathway::PathwayError;
use crate::domain::classes::roster_eligibility::{self, Target};
use crate::domain::classes::roster_file;
use crate::domain::jobs::MAX_ATTEMPTS;

#[derive(Debug, thiserror::Error)]
pub enum RosterImportError {
    #[error("the roster has {} problems", .problems.len())]
    Rejected {
        rows: u32,
        problems: Vec<RosterProblem>,
    },
    #[error("roster import not found")]
    NotFound,
    #[error("the password sheet was already downloaded")]
    SheetGone,
    #[error("class not found")]
    ClassNotFound,
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    Pathway(#[from] PathwayError),
}

/// Reads and checks the whole file against the class it fills: the rows to
/// import, or every problem.
pub async fn validate(
    db: &DatabaseConnection,
    target: &Target,
    bytes: &[u8],
) -> Result<Vec<RosterRow>, RosterImportError> {
    let raw = roster_file::read_apart(bytes.to_vec())
        .await
        .map_err(|problems| RosterImportError::Rejected { rows: 0, problems })?;
    let codes: HashSet<String> = raw
        .iter()
        .map(|r| r.region_code.trim().to_owned())
        .collect();
    let known: HashSet<String> = regions::many(db, codes.into_iter().collect())
        .await?
        .into_iter()
        .map(|r| r.code.to_string())
        .collect();
    let (rows, mut problems) = check_rows(&raw, &known);
    // Only rows without a problem of their own are held against the class,
    // so a row is not told both "unknown region" and "outside the class".
    let clean: Vec<RosterRow> = rows
        .iter()
        .filter(|r| !problems.iter().any(|p| p.row == r.row))
        .cloned()
        .collect();
    problems.extend(roster_eligibility::check(db, target, &clean).await?);
    sort_problems(&mut problems);
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(RosterImportError::Rejected {
            rows: u32::try_from(raw.len()).unwrap_or(u32::MAX),
            problems,
        })
    }
}

/// The rows that passed and every problem, in row then column order: each
/// row's own checks, mobile numbers repeated in the file (reported on the
/// later rows) and region codes that name no known region.
pub fn check_rows(
    raw: &[RawRosterRow],
    known_regions: &HashSet<String>,
) -> (Vec<RosterRow>, Vec<RosterProblem>) {
    let mut rows = Vec::with_capacity(raw.len());
    let mut problems = Vec::new();
    let mut first_seen: HashMap<String, u32> = HashMap::new();
    for row in raw {
        let mut row_problems = match row.check() {
            Ok(good) => {
                rows.push(good);
                Vec::new()
            }
            Err(found) => found,
        };
        if let Ok(mobile) = Mobile::parse(&row.mobile)
            && first_seen.insert(mobile.into_inner(), row.row).is_some()
        {
            row_problems.push(problem(
                row,
                RosterColumn::Mobile,
                RosterProblemCode::DuplicateMobile,
            ));
        }
        let code = row.region_code.trim();
        if !row_problems
            .iter()
            .any(|p| p.column == RosterColumn::RegionCode)
            && !code.is_empty()
            && !known_regions.contains(code)
            && cultivator_shared::validation::parse_region_code(code).is_ok()
        {
            row_problems.push(problem(
                row,
                RosterColumn::RegionCode,
                RosterProblemCode::UnknownRegion,
            ));
        }
        problems.extend(row_problems);
    }
    sort_problems(&mut problems);
    (rows, problems)
}

/// Row then column order (stable, so a cell's problems keep theirs).
fn sort_problems(problems: &mut [RosterProblem]) {
    let order = |c: RosterColumn| RosterColumn::ALL.iter().position(|x| *x == c);
    problems.sort_by_key(|p| (p.row, order(p.column)));
}

fn problem(row: &RawRosterRow, column: RosterColumn, code: RosterProblemCode) -> RosterProblem {
    let value = match column {
        RosterColumn::Mobile => &row.mobile,
        RosterColumn::RegionCode => &row.region_code,
        RosterColumn::Name => &row.name,
        RosterColumn::Category => &row.category,
        RosterColumn::File => "",
    };
    RosterProblem {
        row: row.row,
        column,
        code,
        value: value.to_owned(),
    }
}

/// Where each row lands, in file order: `None` leaves the trainee as they
/// are (already waitlisted, enrolled or completed); otherwise enrolled while
/// a seat is free, then waitlisted with the next queue tickets.
pub fn place_rows(
    seat_limit: u32,
    seats_taken: u32,
    last_ticket: Option<u32>,
    current: &[Option<EnrollmentStatus>],
) -> Vec<Option<(EnrollmentStatus, Option<u32>)>> {
    let mut taken = seats_taken;
    let mut ticket = last_ticket.unwrap_or(0);
    current
        .iter()
        .map(|status| match status {
            Some(
                EnrollmentStatus::Waitlisted
                | EnrollmentStatus::Enrolled
                | EnrollmentStatus::Completed,
            ) => None,
            _ if taken < seat_limit => {
                taken += 1;
                Some((EnrollmentStatus::Enrolled, None))
            }
            _ => {
                ticket = ticket.saturating_add(1);
                Some((EnrollmentStatus::Waitlisted, Some(ticket)))
            }
        })
        .collect()
}

/// Ten characters from an alphabet without look-alikes (no 0/O, 1/l/I),
/// always with a letter and a digit, so it passes the password rules.
pub fn one_time_password() -> String {
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    let mut rng = rand::thread_rng();
    let mut pick = |set: &[u8]| char::from(set[rng.gen_range(0..set.len())]);
    let mut password: Vec<char> = (0..8)
        .map(|i| {
            if i % 3 == 2 {
                pick(DIGITS)
            } else {
                pick(LETTERS)
            }
        })
        .collect();
    password.push(pick(DIGITS));
    password.push(pick(LETTERS));
    password.into_iter().collect()
}

/// What a queued import needs to run on any node: its rows as cells (they
/// check again to the same rows).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportJob {
    pub import: i64,
    pub class: i64,
    pub rows: Vec<RawRosterRow>,
}

/// Checks the file and records the import, its audit record and the job
/// that runs it (`domain::jobs`), in one transaction; whichever node is free
/// runs it, and another one if that node dies.
pub async fn start(
    db: &DatabaseConnection,
    actor: &Actor,
    class_row: &classes::Model,
    by: UserId,
    bytes: &[u8],
) -> Result<RosterImportJob, RosterImportError> {
    let class = ClassId(class_row.id);
    let target = Target::of(class_row)?;
    let rows = validate(db, &target, bytes).await?;
    let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let import = roster_imports::start(&txn, class, by, total, now).await?;
    let id = RosterImportId(import.id);
    let entry = Entry::new(AuditAction::RosterImported, AuditObject::RosterImport, id.0)
        .in_region(RegionCode::parse(&class_row.region_code).ok().as_ref());
    let entry = entry.after(&serde_json::json!({ "class": class.0, "rows": total }));
    audit::record(&txn, actor, entry, now).await?;
    let payload = ImportJob {
        import: id.0,
        class: class.0,
        rows: rows.iter().map(RosterRow::to_raw).collect(),
    };
    let payload = serde_json::to_string(&payload).map_err(|e| DbErr::Custom(e.to_string()))?;
    jobs::enqueue(&txn, JobKind::RosterImport, payload, MAX_ATTEMPTS, now).await?;
    txn.commit().await?;
    Ok(import.view()?)
}

/// Runs a queued import (on whichever node claimed its job). An import no
/// longer running (done by an earlier run, or given up) is left as it is.
pub async fn perform(db: &DatabaseConnection, job: &ImportJob) -> Result<(), RosterImportError> {
    let id = RosterImportId(job.import);
    let Some(import) = roster_imports::find(db, id).await? else {
        return Ok(());
    };
    if import.view()?.state != RosterImportState::Running {
        return Ok(());
    }
    let class_row = classes::Entity::find_by_id(job.class)
        .one(db)
        .await?
        .ok_or(RosterImportError::ClassNotFound)?;
    let target = Target::of(&class_row)?;
    let rows = job
        .rows
        .iter()
        .map(RawRosterRow::check)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|problems| DbErr::Custom(format!("a queued roster row fails: {problems:?}")))?;
    run(db, id, ClassId(job.class), &target, rows).await
}

/// Records that an import's job was given up after its last attempt.
pub async fn give_up(
    db: &DatabaseConnection,
    job: &ImportJob,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let message = "the import failed on every attempt and nothing was imported; see the server log";
    roster_imports::fail(db, RosterImportId(job.import), message, now).await
}

/// The job as it stands.
pub async fn job(
    db: &DatabaseConnection,
    id: RosterImportId,
) -> Result<RosterImportJob, RosterImportError> {
    Ok(roster_imports::find(db, id)
        .await?
        .ok_or(RosterImportError::NotFound)?
        .view()?)
}

/// The class a job imports into, for the caller's permission check.
pub async fn class_of(
    db: &DatabaseConnection,
    id: RosterImportId,
) -> Result<ClassId, RosterImportError> {
    Ok(ClassId(
        roster_imports::find(db, id)
            .await?
            .ok_or(RosterImportError::NotFound)?
            .class_id,
    ))
}

/// The one-time password sheet (CSV), handed out once; handing it out is
/// audited (in the class's region).
pub async fn take_password_sheet(
    db: &DatabaseConnection,
    actor: &Actor,
    class_region: &str,
    id: RosterImportId,
) -> Result<String, RosterImportError> {
    let txn = db::begin_write(db).await?;
    let sheet = roster_imports::take_password_sheet(&txn, id)
        .await?
        .ok_or(RosterImportError::SheetGone)?;
    let entry = Entry::new(
        AuditAction::PasswordSheetDownloaded,
        AuditObject::RosterImport,
        id.0,
    )
    .in_region(RegionCode::parse(class_region).ok().as_ref());
    audit::record(&txn, actor, entry, Utc::now()).await?;
    txn.commit().await?;
    Ok(sheet)
}

/// Hashes a one-time password for every row without an account, at most
/// one hash per core at a time, recording progress as it goes.
async fn hash_passwords(
    db: &DatabaseConnection,
    id: RosterImportId,
    new_rows: Vec<(usize, String)>,
    already_done: u32,
) -> Result<HashMap<usize, (String, String)>, RosterImportError> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let permits = Arc::new(Semaphore::new(cores));
    let mut tasks = JoinSet::new();
    for (index, plain) in new_rows {
        let permits = permits.clone();
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let hash = password::hash_generated(plain.clone()).await;
            (index, plain, hash)
        });
    }
    let mut hashed = HashMap::with_capacity(tasks.len());
    let mut done = already_done;
    while let Some(joined) = tasks.join_next().await {
        let (index, plain, hash) = joined.map_err(PasswordError::from)?;
        hashed.insert(index, (plain, hash?));
        done += 1;
        if done.is_multiple_of(100) {
            roster_imports::progress(db, id, done, Utc::now()).await?;
        }
    }
    Ok(hashed)
}

async fn run(
    db: &DatabaseConnection,
    id: RosterImportId,
    class: ClassId,
    target: &Target,
    rows: Vec<RosterRow>,
) -> Result<(), RosterImportError> {
    let mobiles: Vec<String> = rows.iter().map(|r| r.mobile.as_str().to_owned()).collect();
    let known = roster_accounts::by_mobile(db, &mobiles).await?;
    let new_rows: Vec<(usize, String)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !known.contains_key(r.mobile.as_str()))
        .map(|(i, _)| (i, one_time_password()))
        .collect();
    let matched = u32::try_from(rows.len() - new_rows.len()).unwrap_or(0);
    roster_imports::progress(db, id, matched, Utc::now()).await?;
    let mut hashed = hash_passwords(db, id, new_rows, matched).await?;

    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let class_row = queue::lock_class(&txn, class)
        .await?
        .ok_or(RosterImportError::ClassNotFound)?;
    // With the class locked, a run that raced this one has committed or
    // not started: an import already done is not done twice.
    let still_running = roster_imports::find(&txn, id)
        .await?
        .is_some_and(|row| row.state == RosterImportState::Running.as_str());
    if !still_running {
        return Ok(());
    }
    // Accounts registered while the passwords were hashed are matched too,
    // and held to the rules the file was checked by; those that fail them
    // are left out of the class.
    let now_known = roster_accounts::by_mobile(&txn, &mobiles).await?;
    let late: HashMap<usize, (RosterRow, crate::db::users::Model)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !known.contains_key(r.mobile.as_str()))
        .filter_map(|(i, r)| Some((i, (r.clone(), now_known.get(r.mobile.as_str())?.clone()))))
        .collect();
    let admissible = roster_eligibility::admissible_late_matches(&txn, target, &late).await?;
    let left_out: HashSet<usize> = late
        .keys()
        .filter(|i| !admissible.contains(i))
        .copied()
        .collect();
    let mut ids: HashMap<String, UserId> = now_known
        .into_iter()
        .map(|(mobile, user)| (mobile, user.user_id()))
        .collect();
    let mut outcome = Outcome {
        matched_accounts: u32::try_from(ids.len()).unwrap_or(0),
        ..Outcome::default()
    };
    let mut sheet = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    sheet
        .write_record(["name", "mobile", "one_time_password"])
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let mut creating = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if ids.contains_key(row.mobile.as_str()) {
            continue;
        }
        let Some((plain, hash)) = hashed.remove(&index) else {
            // Matched before hashing, gone since: a new password is needed.
            let plain = one_time_password();
            let hash = password::hash_generated(plain.clone()).await?;
            sheet_row(&mut sheet, row, &plain)?;
            creating.push(new_account(row, hash));
            continue;
        };
        sheet_row(&mut sheet, row, &plain)?;
        creating.push(new_account(row, hash));
    }
    outcome.created_accounts = u32::try_from(creating.len()).unwrap_or(0);
    ids.extend(roster_accounts::create(&txn, creating, now).await?);

    outcome.unchanged = u32::try_from(left_out.len()).unwrap_or(0);
    let placed: Vec<&RosterRow> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| !left_out.contains(i))
        .map(|(_, r)| r)
        .collect();
    let user_of = |row: &RosterRow| ids.get(row.mobile.as_str()).copied();
    let categories: Vec<(UserId, TraineeCategory)> = placed
        .iter()
        .filter_map(|r| Some((user_of(r)?, r.category?)))
        .collect();
    roster_accounts::add_missing_categories(&txn, &categories).await?;

    let users: Vec<UserId> = placed.iter().copied().filter_map(user_of).collect();
    let existing = roster_accounts::enrollments_in(&txn, class, &users).await?;
    let current: Vec<Option<EnrollmentStatus>> = users
        .iter()
        .map(|u| existing.get(u).map(queue::status_of).transpose())
        .collect::<Result<_, DbErr>>()?;
    let seat_limit = u32::try_from(class_row.seat_limit).unwrap_or(0);
    let taken = queue::seats_taken(&txn, class).await?;
    let last = queue::last_waitlist_ticket(&txn, class).await?;
    let mut placements = Vec::new();
    for (user, place) in users
        .iter()
        .zip(place_rows(seat_limit, taken, last, &current))
    {
        match place {
            None => outcome.unchanged += 1,
            Some((status, ticket)) => {
                if status == EnrollmentStatus::Enrolled {
                    outcome.enrolled += 1;
                } else {
                    outcome.waitlisted += 1;
                }
                placements.push(Placement {
                    user: *user,
                    status,
                    ticket,
                });
            }
        }
    }
    roster_accounts::place(&txn, class, &placements, &existing, now).await?;
    if class_row.track == Track::Online.as_str() {
        crate::domain::classes::online_courses::members_follow_courses(&txn, class, now).await?;
    }
    let sheet = sheet
        .into_inner()
        .map_err(|e| DbErr::Custom(e.to_string()))
        .and_then(|bytes| String::from_utf8(bytes).map_err(|e| DbErr::Custom(e.to_string())))?;
    let sheet = (outcome.created_accounts > 0).then_some(sheet);
    roster_imports::succeed(&txn, id, outcome, sheet, Utc::now()).await?;
    txn.commit().await?;
    Ok(())
}

fn new_account(row: &RosterRow, password_hash: String) -> NewAccount {
    NewAccount {
        name: row.name.as_str().to_owned(),
        mobile: row.mobile.as_str().to_owned(),
        password_hash,
        region: row.region.clone(),
    }
}

fn sheet_row(
    sheet: &mut csv::Writer<Vec<u8>>,
    row: &RosterRow,
    password: &str,
) -> Result<(), DbErr> {
    sheet
        .write_record([row.name.as_str(), row.mobile.as_str(), password])
        .map_err(|e| DbErr::Custom(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use EnrollmentStatus as S;

    #[test]
    fn imported_rows_fill_free_seats_in_file_order_then_join_the_waitlist() {
        let current = [
            None,
            Some(S::Enrolled),
            Some(S::Withdrawn),
            None,
            Some(S::Applied),
        ];
        let placed = place_rows(3, 1, Some(4), &current);
        assert_eq!(
            placed,
            [
                Some((S::Enrolled, None)),
                None,
                Some((S::Enrolled, None)),
                Some((S::Waitlisted, Some(5))),
                Some((S::Waitlisted, Some(6))),
            ]
        );
    }

    #[test]
    fn a_full_class_waitlists_every_imported_row() {
        let placed = place_rows(2, 2, None, &[None, None]);
        assert_eq!(
            placed,
            [
                Some((S::Waitlisted, Some(1))),
                Some((S::Waitlisted, Some(2)))
            ]
        );
    }

    #[test]
    fn duplicates_and_unknown_regions_are_reported_with_row_problems() {
        let raw = |row: u32, mobile: &str, region: &str| RawRosterRow {
            row,
            name: "张秀英".into(),
            mobile: mobile.into(),
            region_code: region.into(),
            category: String::new(),
        };
        let known: HashSet<String> = ["510121".to_owned()].into();
        let (rows, problems) = check_rows(
            &[
                raw(2, "13800000010", "510121"),
                raw(3, "138-0000-0010", "999999"),
                raw(4, "13800000011", "51x"),
            ],
            &known,
        );
        assert_eq!(rows.len(), 2);
        let found: Vec<(u32, RosterColumn, RosterProblemCode)> =
            problems.iter().map(|p| (p.row, p.column, p.code)).collect();
        assert_eq!(
            found,
            [
                (3, RosterColumn::Mobile, RosterProblemCode::DuplicateMobile),
                (
                    3,
                    RosterColumn::RegionCode,
                    RosterProblemCode::UnknownRegion
                ),
                (
                    4,
                    RosterColumn::RegionCode,
                    RosterProblemCode::InvalidRegionCode
                ),
            ]
        );
    }

    #[test]
    fn one_time_passwords_pass_the_password_rules() {
        for _ in 0..100 {
            let p = one_time_password();
            assert!(
                cultivator_shared::validation::Password::parse(&p).is_ok(),
                "{p}"
            );
        }
    }
}

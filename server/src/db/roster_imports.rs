//! Roster import jobs: their progress and outcome, kept in the database so
//! that whichever app node a poll reaches can answer it.

use chrono::{DateTime, Utc};
use cultivator_shared::api::rosters::{RosterImportJob, RosterImportState};
use cultivator_shared::{ClassId, RosterImportId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};

use super::corrupt;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roster_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_id: i64,
    pub created_by: i64,
    pub state: String,
    pub total_rows: i32,
    pub processed_rows: i32,
    pub created_accounts: i32,
    pub matched_accounts: i32,
    pub enrolled: i32,
    pub waitlisted: i32,
    pub unchanged: i32,
    pub error: Option<String>,
    pub password_sheet: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl Model {
    pub fn view(&self) -> Result<RosterImportJob, DbErr> {
        Ok(RosterImportJob {
            id: RosterImportId(self.id),
            class_id: ClassId(self.class_id),
            state: RosterImportState::parse(&self.state)
                .ok_or_else(|| corrupt("roster_imports", "state", &self.state))?,
            total_rows: count(self.total_rows),
            processed_rows: count(self.processed_rows),
            created_accounts: count(self.created_accounts),
            matched_accounts: count(self.matched_accounts),
            enrolled: count(self.enrolled),
            waitlisted: count(self.waitlisted),
            unchanged: count(self.unchanged),
            password_sheet_ready: self.password_sheet.is_some(),
            error: self.error.clone(),
            created_at: self.created_at,
            finished_at: self.finished_at,
        })
    }
}

pub async fn start(
    db: &impl ConnectionTrait,
    class: ClassId,
    by: UserId,
    total_rows: u32,
    now: DateTime<Utc>,
) -> Result<Model, DbErr> {
    ActiveModel {
        class_id: Set(class.0),
        created_by: Set(by.0),
        state: Set(RosterImportState::Running.as_str().to_owned()),
        total_rows: Set(int(total_rows)),
        processed_rows: Set(0),
        created_accounts: Set(0),
        matched_accounts: Set(0),
        enrolled: Set(0),
        waitlisted: Set(0),
        unchanged: Set(0),
        error: Set(None),
        password_sheet: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find(db: &impl ConnectionTrait, id: RosterImportId) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id.0).one(db).await
}

/// The latest imports into a class, newest first.
pub async fn of_class(db: &impl ConnectionTrait, class: ClassId) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::ClassId.eq(class.0))
        .order_by_desc(Column::Id)
        .limit(10)
        .all(db)
        .await
}

pub async fn progress(
    db: &impl ConnectionTrait,
    id: RosterImportId,
    processed: u32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::ProcessedRows, Expr::value(int(processed)))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// What an import did, recorded when it succeeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub created_accounts: u32,
    pub matched_accounts: u32,
    pub enrolled: u32,
    pub waitlisted: u32,
    pub unchanged: u32,
}

pub async fn succeed(
    db: &impl ConnectionTrait,
    id: RosterImportId,
    outcome: Outcome,
    password_sheet: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(
            Column::State,
            Expr::value(RosterImportState::Succeeded.as_str()),
        )
        .col_expr(Column::ProcessedRows, Expr::col(Column::TotalRows))
        .col_expr(
            Column::CreatedAccounts,
            Expr::value(int(outcome.created_accounts)),
        )
        .col_expr(
            Column::MatchedAccounts,
            Expr::value(int(outcome.matched_accounts)),
        )
        .col_expr(Column::Enrolled, Expr::value(int(outcome.enrolled)))
        .col_expr(Column::Waitlisted, Expr::value(int(outcome.waitlisted)))
        .col_expr(Column::Unchanged, Expr::value(int(outcome.unchanged)))
        .col_expr(Column::PasswordSheet, Expr::value(password_sheet))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::FinishedAt, Expr::value(Some(now)))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn fail(
    db: &impl ConnectionTrait,
    id: RosterImportId,
    error: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(
            Column::State,
            Expr::value(RosterImportState::Failed.as_str()),
        )
        .col_expr(Column::Error, Expr::value(Some(error.to_owned())))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::FinishedAt, Expr::value(Some(now)))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Hands out the password sheet and erases it: it can be downloaded once.
/// The erasing update only matches while the sheet is there, so of two
/// downloads racing, one gets it and the other gets nothing.
pub async fn take_password_sheet(
    db: &impl ConnectionTrait,
    id: RosterImportId,
) -> Result<Option<String>, DbErr> {
    let Some(sheet) = find(db, id).await?.and_then(|row| row.password_sheet) else {
        return Ok(None);
    };
    let erased = Entity::update_many()
        .col_expr(Column::PasswordSheet, Expr::value(Option::<String>::None))
        .filter(Column::Id.eq(id.0))
        .filter(Column::PasswordSheet.is_not_null())
        .exec(db)
        .await?;
    Ok((erased.rows_affected == 1).then_some(sheet))
}

/// How many imports are in each state (`running`, `succeeded`, `failed`),
/// for the metrics.
pub async fn count_by_state(db: &impl ConnectionTrait) -> Result<Vec<(String, i64)>, DbErr> {
    super::state_counts::per_state::<Entity>(db, Column::State).await
}

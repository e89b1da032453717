//! The staged pathway's queries: a stage and the one before it, who
//! completed a stage, and who has been selected for one. A selection row is
//! never deleted: withdrawing it records who did and when, and a person is
//! selected while that is empty.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use cultivator_shared::{EnrollmentStatus, RegionCode, StageId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Query;
use sea_orm::{FromQueryResult, QueryOrder, QuerySelect, Set};

use super::classes::{self, enrollments};
use super::counters::{count_raw, push_page, stmt};
use super::programmes::stages;
use super::{credit_entries, users};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stage_selections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub stage_id: i64,
    pub user_id: i64,
    pub selected_by: i64,
    pub selected_at: DateTimeUtc,
    pub unselected_by: Option<i64>,
    pub unselected_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub async fn stage(db: &impl ConnectionTrait, id: StageId) -> Result<Option<stages::Model>, DbErr> {
    stages::Entity::find_by_id(id.0).one(db).await
}

/// The stage just before `stage` in its programme's order, if any.
pub async fn previous(
    db: &impl ConnectionTrait,
    stage: &stages::Model,
) -> Result<Option<stages::Model>, DbErr> {
    stages::Entity::find()
        .filter(stages::Column::ProgrammeId.eq(stage.programme_id))
        .filter(stages::Column::Position.lt(stage.position))
        .order_by_desc(stages::Column::Position)
        .one(db)
        .await
}

fn completed_in_stage(stage: StageId) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(enrollments::Column::Status.eq(EnrollmentStatus::Completed.as_str()))
        .add(
            enrollments::Column::ClassId.in_subquery(
                Query::select()
                    .column(classes::Column::Id)
                    .from(classes::Entity)
                    .and_where(classes::Column::StageId.eq(stage.0))
                    .to_owned(),
            ),
        )
}

/// Whether the user completed a class of `stage`.
pub async fn has_completed(
    db: &impl ConnectionTrait,
    stage: StageId,
    user: UserId,
) -> Result<bool, DbErr> {
    Ok(enrollments::Entity::find()
        .filter(completed_in_stage(stage))
        .filter(enrollments::Column::UserId.eq(user.0))
        .count(db)
        .await?
        > 0)
}

/// The selection record of one person for one stage, withdrawn or not.
async fn record(
    db: &impl ConnectionTrait,
    stage: StageId,
    user: UserId,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::StageId.eq(stage.0))
        .filter(Column::UserId.eq(user.0))
        .one(db)
        .await
}

pub async fn is_selected(
    db: &impl ConnectionTrait,
    stage: StageId,
    user: UserId,
) -> Result<bool, DbErr> {
    Ok(record(db, stage, user)
        .await?
        .is_some_and(|r| r.unselected_at.is_none()))
}

/// Selects the user for the stage; true if they were not selected before.
/// Selecting someone already selected keeps the first record; selecting
/// someone whose selection was withdrawn records the new selector and
/// clears the withdrawal.
pub async fn select(
    db: &impl ConnectionTrait,
    stage: StageId,
    user: UserId,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    match record(db, stage, user).await? {
        Some(row) if row.unselected_at.is_none() => Ok(false),
        Some(row) => {
            let mut row: ActiveModel = row.into();
            row.selected_by = Set(by.0);
            row.selected_at = Set(now);
            row.unselected_by = Set(None);
            row.unselected_at = Set(None);
            row.update(db).await?;
            Ok(true)
        }
        None => {
            ActiveModel {
                stage_id: Set(stage.0),
                user_id: Set(user.0),
                selected_by: Set(by.0),
                selected_at: Set(now),
                unselected_by: Set(None),
                unselected_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?;
            Ok(true)
        }
    }
}

/// Withdraws a standing selection, recording who did and when; the row stays.
pub async fn unselect(
    db: &impl ConnectionTrait,
    stage: StageId,
    user: UserId,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::UnselectedBy, Expr::value(Some(by.0)))
        .col_expr(Column::UnselectedAt, Expr::value(Some(now)))
        .filter(Column::StageId.eq(stage.0))
        .filter(Column::UserId.eq(user.0))
        .filter(Column::UnselectedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// One person's completions of a stage.
pub struct Completion {
    pub user: users::Model,
    pub first_completed_at: DateTime<Utc>,
    pub classes: u32,
}

/// People living in `within` (or below) who completed a class of `stage`,
/// earliest first completion first (then by id), one page of them, with
/// how many there are in all. Grouped in the database, so a province of
/// thousands is never read whole for one page.
pub async fn completions(
    db: &impl ConnectionTrait,
    stage: StageId,
    within: &RegionCode,
    limit: u64,
    offset: u64,
) -> Result<(Vec<Completion>, u64), DbErr> {
    let b = db.get_database_backend();
    let from = format!(
        "FROM enrollments e JOIN classes c ON c.id = e.class_id JOIN users u ON u.id = e.user_id \
         WHERE e.status = '{}' AND c.stage_id = ? AND u.region_code LIKE ?",
        EnrollmentStatus::Completed.as_str()
    );
    let mut values: Vec<Value> = vec![stage.0.into(), format!("{within}%").into()];
    let total = count_raw(
        db,
        &format!("SELECT COUNT(DISTINCT e.user_id) AS n {from}"),
        values.clone(),
    )
    .await?;
    push_page(&mut values, limit, offset);
    let rows = db
        .query_all_raw(stmt(
            b,
            &format!(
                "SELECT e.user_id, MIN(COALESCE(e.completed_at, e.applied_at)) AS first_at, \
                 COUNT(*) AS classes {from} GROUP BY e.user_id \
                 ORDER BY first_at, e.user_id LIMIT ? OFFSET ?"
            ),
            values,
        ))
        .await?;
    let mut page: Vec<(i64, DateTime<Utc>, i64)> = Vec::with_capacity(rows.len());
    for r in &rows {
        page.push((
            r.try_get("", "user_id")?,
            r.try_get("", "first_at")?,
            r.try_get("", "classes")?,
        ));
    }
    let people: HashMap<i64, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(page.iter().map(|(u, _, _)| *u)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let completions = page
        .into_iter()
        .filter_map(|(id, at, classes)| {
            Some(Completion {
                user: people.get(&id)?.clone(),
                first_completed_at: at,
                classes: u32::try_from(classes).unwrap_or(0),
            })
        })
        .collect();
    Ok((completions, total))
}

/// Rows per `IN` list, below PostgreSQL's bind-parameter limit.
const BATCH: usize = 1000;

/// Of these users, those selected for the stage, with when.
pub async fn selected_among(
    db: &impl ConnectionTrait,
    stage: StageId,
    users: &[UserId],
) -> Result<HashMap<UserId, DateTime<Utc>>, DbErr> {
    let mut found = HashMap::new();
    for chunk in users.chunks(BATCH) {
        for row in Entity::find()
            .filter(Column::StageId.eq(stage.0))
            .filter(Column::UserId.is_in(chunk.iter().map(|u| u.0)))
            .filter(Column::UnselectedAt.is_null())
            .all(db)
            .await?
        {
            found.insert(UserId(row.user_id), row.selected_at);
        }
    }
    Ok(found)
}

/// Of these users, those who completed a class of `stage`.
pub async fn completed_among(
    db: &impl ConnectionTrait,
    stage: StageId,
    users: &[UserId],
) -> Result<HashSet<UserId>, DbErr> {
    let mut found = HashSet::new();
    for chunk in users.chunks(BATCH) {
        let ids: Vec<i64> = enrollments::Entity::find()
            .select_only()
            .column(enrollments::Column::UserId)
            .filter(completed_in_stage(stage))
            .filter(enrollments::Column::UserId.is_in(chunk.iter().map(|u| u.0)))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(ids.into_iter().map(UserId));
    }
    Ok(found)
}

#[derive(FromQueryResult)]
struct Total {
    user_id: i64,
    tenths: Option<i64>,
}

/// Each user's credit-hour total, in tenths.
pub async fn credit_totals(
    db: &impl ConnectionTrait,
    users: &[UserId],
) -> Result<HashMap<UserId, i64>, DbErr> {
    Ok(credit_entries::Entity::find()
        .select_only()
        .column(credit_entries::Column::UserId)
        .column_as(credit_entries::Column::CreditTenths.sum(), "tenths")
        .filter(credit_entries::Column::UserId.is_in(users.iter().map(|u| u.0)))
        .group_by(credit_entries::Column::UserId)
        .into_model::<Total>()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (UserId(t.user_id), t.tenths.unwrap_or(0)))
        .collect())
}

/// Every programme with its stages in order, newest programme first.
pub async fn programmes_with_stages(
    db: &impl ConnectionTrait,
) -> Result<Vec<(super::programmes::Model, Vec<stages::Model>)>, DbErr> {
    let programmes = super::programmes::Entity::find()
        .order_by_desc(super::programmes::Column::Id)
        .all(db)
        .await?;
    let mut all_stages: HashMap<i64, Vec<stages::Model>> = HashMap::new();
    for stage in stages::Entity::find()
        .order_by_asc(stages::Column::Position)
        .all(db)
        .await?
    {
        all_stages
            .entry(stage.programme_id)
            .or_default()
            .push(stage);
    }
    Ok(programmes
        .into_iter()
        .map(|p| {
            let stages = all_stages.remove(&p.id).unwrap_or_default();
            (p, stages)
        })
        .collect())
}

/// Which of `stages` classes or selections refer to (one query each).
pub async fn stages_in_use(
    db: &impl ConnectionTrait,
    stage_ids: &[i64],
) -> Result<HashSet<i64>, DbErr> {
    if stage_ids.is_empty() {
        return Ok(Default::default());
    }
    let by_class: Vec<Option<i64>> = classes::Entity::find()
        .select_only()
        .column(classes::Column::StageId)
        .filter(classes::Column::StageId.is_in(stage_ids.iter().copied()))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let by_selection: Vec<i64> = Entity::find()
        .select_only()
        .column(Column::StageId)
        .filter(Column::StageId.is_in(stage_ids.iter().copied()))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Ok(by_class.into_iter().flatten().chain(by_selection).collect())
}

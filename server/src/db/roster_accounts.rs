//! Bulk queries of a roster import: accounts matched by mobile number, new
//! accounts, their trainee role and category, and their enrollments, each
//! written in batches that stay below PostgreSQL's bind-parameter limit.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use cultivator_shared::api::rosters::TraineeCategory;
use cultivator_shared::{ClassId, EnrollmentStatus, RegionCode, Role, UserId};
use sea_orm::Set;
use sea_orm::entity::prelude::*;

use super::classes::enrollments;
use super::users;

/// Rows per multi-row statement (at most 8 columns each).
const BATCH: usize = 1000;

pub mod categories {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "trainee_categories")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        pub category: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Accounts holding these mobile numbers, by number.
pub async fn by_mobile(
    db: &impl ConnectionTrait,
    mobiles: &[String],
) -> Result<HashMap<String, users::Model>, DbErr> {
    let mut found = HashMap::with_capacity(mobiles.len());
    for chunk in mobiles.chunks(BATCH) {
        for user in users::Entity::find()
            .filter(users::Column::Mobile.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            found.insert(user.mobile.clone(), user);
        }
    }
    Ok(found)
}

pub struct NewAccount {
    pub name: String,
    pub mobile: String,
    pub password_hash: String,
    pub region: RegionCode,
}

/// Creates the accounts with the trainee role, each to set a password of
/// its own at first sign-in; returns their ids by mobile.
pub async fn create(
    db: &impl ConnectionTrait,
    accounts: Vec<NewAccount>,
    now: DateTime<Utc>,
) -> Result<HashMap<String, UserId>, DbErr> {
    let mobiles: Vec<String> = accounts.iter().map(|a| a.mobile.clone()).collect();
    let mut rows = accounts.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<users::ActiveModel> = rows
            .by_ref()
            .take(BATCH)
            .map(|a| users::ActiveModel {
                name: Set(a.name),
                mobile: Set(a.mobile),
                password_hash: Set(a.password_hash),
                region_code: Set(a.region.to_string()),
                created_at: Set(now),
                // One-time passwords are for the first sign-in only.
                must_change_password: Set(true),
                ..Default::default()
            })
            .collect();
        users::Entity::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    let ids: HashMap<String, UserId> = by_mobile(db, &mobiles)
        .await?
        .into_iter()
        .map(|(mobile, user)| (mobile, user.user_id()))
        .collect();
    let mut user_ids: Vec<UserId> = ids.values().copied().collect();
    user_ids.sort_unstable();
    for chunk in user_ids.chunks(BATCH) {
        let grants = chunk.iter().map(|id| users::roles::ActiveModel {
            user_id: Set(id.0),
            role: Set(Role::Trainee.as_str().to_owned()),
            scope_region: Set(None),
            ..Default::default()
        });
        users::roles::Entity::insert_many(grants)
            .exec_without_returning(db)
            .await?;
    }
    Ok(ids)
}

/// The categories these users already have, by user.
pub async fn categories_of(
    db: &impl ConnectionTrait,
    users: &[UserId],
) -> Result<HashMap<UserId, String>, DbErr> {
    let mut found = HashMap::with_capacity(users.len());
    for chunk in users.chunks(BATCH) {
        for row in categories::Entity::find()
            .filter(categories::Column::UserId.is_in(chunk.iter().map(|u| u.0)))
            .all(db)
            .await?
        {
            found.insert(UserId(row.user_id), row.category);
        }
    }
    Ok(found)
}

/// Records the category of each trainee who has none yet; a category
/// already recorded is never replaced by an import.
pub async fn add_missing_categories(
    db: &impl ConnectionTrait,
    categories: &[(UserId, TraineeCategory)],
) -> Result<(), DbErr> {
    for chunk in categories.chunks(BATCH) {
        let users: Vec<UserId> = chunk.iter().map(|(u, _)| *u).collect();
        let existing = categories_of(db, &users).await?;
        let rows: Vec<categories::ActiveModel> = chunk
            .iter()
            .filter(|(user, _)| !existing.contains_key(user))
            .map(|(user, category)| categories::ActiveModel {
                user_id: Set(user.0),
                category: Set(category.as_str().to_owned()),
            })
            .collect();
        if !rows.is_empty() {
            categories::Entity::insert_many(rows)
                .exec_without_returning(db)
                .await?;
        }
    }
    Ok(())
}

/// The enrollments these users already have in the class, by user.
pub async fn enrollments_in(
    db: &impl ConnectionTrait,
    class: ClassId,
    users: &[UserId],
) -> Result<HashMap<UserId, enrollments::Model>, DbErr> {
    let mut found = HashMap::new();
    for chunk in users.chunks(BATCH) {
        for row in enrollments::Entity::find()
            .filter(enrollments::Column::ClassId.eq(class.0))
            .filter(enrollments::Column::UserId.is_in(chunk.iter().map(|u| u.0)))
            .all(db)
            .await?
        {
            found.insert(UserId(row.user_id), row);
        }
    }
    Ok(found)
}

/// One enrollment decided by an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub user: UserId,
    pub status: EnrollmentStatus,
    pub ticket: Option<u32>,
}

/// Writes the placements: new rows in batches; rows the user already has in
/// the class (withdrawn, rejected or awaiting approval) are updated one by one.
pub async fn place(
    db: &impl ConnectionTrait,
    class: ClassId,
    placements: &[Placement],
    existing: &HashMap<UserId, enrollments::Model>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let ticket = |p: &Placement| p.ticket.map(|t| i32::try_from(t).unwrap_or(i32::MAX));
    let (renewed, fresh): (Vec<&Placement>, Vec<&Placement>) = placements
        .iter()
        .partition(|p| existing.contains_key(&p.user));
    for p in renewed {
        enrollments::Entity::update_many()
            .col_expr(enrollments::Column::Status, Expr::value(p.status.as_str()))
            .col_expr(
                enrollments::Column::WaitlistPosition,
                Expr::value(ticket(p)),
            )
            .col_expr(enrollments::Column::AppliedAt, Expr::value(now))
            .col_expr(enrollments::Column::DecidedAt, Expr::value(Some(now)))
            .col_expr(
                enrollments::Column::CompletedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(enrollments::Column::ClassId.eq(class.0))
            .filter(enrollments::Column::UserId.eq(p.user.0))
            .exec(db)
            .await?;
    }
    for chunk in fresh.chunks(BATCH) {
        let rows = chunk.iter().map(|p: &&Placement| enrollments::ActiveModel {
            class_id: Set(class.0),
            user_id: Set(p.user.0),
            status: Set(p.status.as_str().to_owned()),
            waitlist_position: Set(ticket(p)),
            applied_at: Set(now),
            decided_at: Set(Some(now)),
            completed_at: Set(None),
            ..Default::default()
        });
        enrollments::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

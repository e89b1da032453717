//! Sessions of a class (with their check-in secret) and the instructors who
//! run a class.

use chrono::{DateTime, Utc};
use cultivator_shared::api::classes::SessionView;
use cultivator_shared::{ClassId, ClassSessionId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

pub mod instructors {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "class_instructors")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub class_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_id: i64,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub venue: String,
    pub capacity_note: Option<String>,
    /// Hex key of the rotating check-in codes; never leaves the server.
    pub checkin_secret: String,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancel_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn view(&self) -> SessionView {
        SessionView {
            id: ClassSessionId(self.id),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            venue: self.venue.clone(),
            capacity_note: self.capacity_note.clone(),
            cancelled: self
                .cancelled_at
                .map(|at| cultivator_shared::api::classes::Cancellation {
                    at,
                    reason: self.cancel_reason.clone().unwrap_or_default(),
                }),
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }
}

pub struct NewSession<'a> {
    pub class: ClassId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: &'a str,
    pub capacity_note: Option<&'a str>,
    pub checkin_secret: &'a str,
}

pub async fn insert(db: &impl ConnectionTrait, session: NewSession<'_>) -> Result<Model, DbErr> {
    ActiveModel {
        class_id: Set(session.class.0),
        starts_at: Set(session.starts_at),
        ends_at: Set(session.ends_at),
        venue: Set(session.venue.to_owned()),
        capacity_note: Set(session.capacity_note.map(str::to_owned)),
        checkin_secret: Set(session.checkin_secret.to_owned()),
        cancelled_at: Set(None),
        cancel_reason: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Moves a session: its times, venue and note.
pub async fn update_times(
    db: &impl ConnectionTrait,
    id: ClassSessionId,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    venue: &str,
    capacity_note: Option<&str>,
) -> Result<Model, DbErr> {
    ActiveModel {
        id: sea_orm::Unchanged(id.0),
        starts_at: Set(starts_at),
        ends_at: Set(ends_at),
        venue: Set(venue.to_owned()),
        capacity_note: Set(capacity_note.map(str::to_owned)),
        ..Default::default()
    }
    .update(db)
    .await
}

pub async fn cancel(
    db: &impl ConnectionTrait,
    id: ClassSessionId,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<Model, DbErr> {
    ActiveModel {
        id: sea_orm::Unchanged(id.0),
        cancelled_at: Set(Some(at)),
        cancel_reason: Set(Some(reason.to_owned())),
        ..Default::default()
    }
    .update(db)
    .await
}

/// Sessions not cancelled that start in `[from, until)`, soonest first.
pub async fn starting_between(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::StartsAt.gte(from))
        .filter(Column::StartsAt.lt(until))
        .filter(Column::CancelledAt.is_null())
        .order_by_asc(Column::StartsAt)
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

pub async fn find(db: &impl ConnectionTrait, id: ClassSessionId) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id.0).one(db).await
}

pub async fn of_class(db: &impl ConnectionTrait, class: ClassId) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::ClassId.eq(class.0))
        .order_by_asc(Column::StartsAt)
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

pub async fn add_instructor(
    db: &impl ConnectionTrait,
    class: ClassId,
    user: UserId,
) -> Result<(), DbErr> {
    instructors::ActiveModel {
        class_id: Set(class.0),
        user_id: Set(user.0),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Takes `user` off the class's instructors; false if they were not on it.
pub async fn remove_instructor(
    db: &impl ConnectionTrait,
    class: ClassId,
    user: UserId,
) -> Result<bool, DbErr> {
    let result = instructors::Entity::delete_many()
        .filter(instructors::Column::ClassId.eq(class.0))
        .filter(instructors::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn instructors_of(
    db: &impl ConnectionTrait,
    class: ClassId,
) -> Result<Vec<UserId>, DbErr> {
    Ok(instructors::Entity::find()
        .filter(instructors::Column::ClassId.eq(class.0))
        .all(db)
        .await?
        .into_iter()
        .map(|i| UserId(i.user_id))
        .collect())
}

/// Classes this user runs (as an instructor listed on them).
pub async fn classes_run_by(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<ClassId>, DbErr> {
    Ok(instructors::Entity::find()
        .filter(instructors::Column::UserId.eq(user.0))
        .all(db)
        .await?
        .into_iter()
        .map(|i| ClassId(i.class_id))
        .collect())
}

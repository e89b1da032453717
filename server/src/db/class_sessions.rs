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
        }
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
        ..Default::default()
    }
    .insert(db)
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

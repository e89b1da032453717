//! Programmes and the stages of their pathway.

use chrono::{NaiveDate, Utc};
use cultivator_shared::{ProgrammeId, StageId, Track};
use sea_orm::Set;
use sea_orm::entity::prelude::*;

pub mod stages {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "stages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub programme_id: i64,
        pub position: i32,
        pub title: String,
        pub track: String,
        pub requires_previous: bool,
        pub requires_selection: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub async fn insert(
    db: &impl ConnectionTrait,
    title: &str,
    summary: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<ProgrammeId, DbErr> {
    let model = ActiveModel {
        title: Set(title.to_owned()),
        summary: Set(summary.to_owned()),
        starts_on: Set(starts_on),
        ends_on: Set(ends_on),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(ProgrammeId(model.id))
}

pub struct NewStage<'a> {
    pub position: i32,
    pub title: &'a str,
    pub track: Track,
    pub requires_previous: bool,
    pub requires_selection: bool,
}

pub async fn insert_stage(db: &impl ConnectionTrait, programme: ProgrammeId, stage: NewStage<'_>) -> Result<StageId, DbErr> {
    let model = stages::ActiveModel {
        programme_id: Set(programme.0),
        position: Set(stage.position),
        title: Set(stage.title.to_owned()),
        track: Set(stage.track.as_str().to_owned()),
        requires_previous: Set(stage.requires_previous),
        requires_selection: Set(stage.requires_selection),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(StageId(model.id))
}

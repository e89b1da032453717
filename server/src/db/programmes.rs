//! Programmes and the stages of their pathway.

use chrono::{DateTime, NaiveDate, Utc};
use cultivator_shared::api::programmes::{ProgrammeFields, StageFields};
use cultivator_shared::{ProgrammeId, RegionLevel, StageId, Track};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{QueryOrder, QuerySelect, Set};

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
        /// The coordinator level that selects candidates (`county`, ...).
        pub selected_by: String,
        /// Retired stages are offered for no new class.
        pub retired_at: Option<DateTimeUtc>,
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
    /// Unique; empty only between inserting a row and naming it.
    pub code: Option<String>,
    pub owner_region: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Inserts a programme named `programme-{id}` (seeds and tests).
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
        code: Set(None),
        owner_region: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let id = model.id;
    ActiveModel {
        id: Set(id),
        code: Set(Some(format!("programme-{id}"))),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(ProgrammeId(id))
}

/// Inserts a programme from the fields staff entered (validated).
pub async fn insert_fields(
    db: &impl ConnectionTrait,
    fields: &ProgrammeFields,
    at: DateTime<Utc>,
) -> Result<ProgrammeId, DbErr> {
    let model = ActiveModel {
        created_at: Set(at),
        ..fields_model(fields)
    }
    .insert(db)
    .await?;
    Ok(ProgrammeId(model.id))
}

fn fields_model(fields: &ProgrammeFields) -> ActiveModel {
    ActiveModel {
        title: Set(fields.title.trim().to_owned()),
        summary: Set(fields.summary.trim().to_owned()),
        starts_on: Set(fields.starts_on),
        ends_on: Set(fields.ends_on),
        code: Set(Some(fields.code.clone())),
        owner_region: Set(fields.owner_region.as_ref().map(|r| r.to_string())),
        ..Default::default()
    }
}

pub async fn update_fields(
    db: &impl ConnectionTrait,
    id: ProgrammeId,
    fields: &ProgrammeFields,
) -> Result<(), DbErr> {
    ActiveModel {
        id: Set(id.0),
        ..fields_model(fields)
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: ProgrammeId) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id.0).one(db).await
}

pub async fn find_by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<Model>, DbErr> {
    Entity::find().filter(Column::Code.eq(code)).one(db).await
}

/// Every programme, newest first.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Model>, DbErr> {
    Entity::find().order_by_desc(Column::Id).all(db).await
}

pub struct NewStage<'a> {
    pub position: i32,
    pub title: &'a str,
    pub track: Track,
    pub requires_previous: bool,
    pub requires_selection: bool,
    pub selected_by: RegionLevel,
}

impl<'a> NewStage<'a> {
    pub fn from_fields(position: i32, fields: &'a StageFields) -> NewStage<'a> {
        NewStage {
            position,
            title: fields.title.trim(),
            track: fields.track,
            requires_previous: fields.requires_previous,
            requires_selection: fields.requires_selection,
            selected_by: fields.selected_by,
        }
    }
}

pub async fn insert_stage(
    db: &impl ConnectionTrait,
    programme: ProgrammeId,
    stage: NewStage<'_>,
) -> Result<StageId, DbErr> {
    let model = stages::ActiveModel {
        programme_id: Set(programme.0),
        position: Set(stage.position),
        title: Set(stage.title.to_owned()),
        track: Set(stage.track.as_str().to_owned()),
        requires_previous: Set(stage.requires_previous),
        requires_selection: Set(stage.requires_selection),
        selected_by: Set(stage.selected_by.as_str().to_owned()),
        retired_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(StageId(model.id))
}

/// A programme's stages in pathway order.
pub async fn stages_of(
    db: &impl ConnectionTrait,
    programme: ProgrammeId,
) -> Result<Vec<stages::Model>, DbErr> {
    stages::Entity::find()
        .filter(stages::Column::ProgrammeId.eq(programme.0))
        .order_by_asc(stages::Column::Position)
        .all(db)
        .await
}

/// The position after the programme's last stage.
pub async fn next_position(
    db: &impl ConnectionTrait,
    programme: ProgrammeId,
) -> Result<i32, DbErr> {
    let last: Option<Option<i32>> = stages::Entity::find()
        .select_only()
        .column_as(stages::Column::Position.max(), "max")
        .filter(stages::Column::ProgrammeId.eq(programme.0))
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.flatten().unwrap_or(0) + 1)
}

/// Changes a stage's settings and whether it is retired (keeping the
/// original retirement time when it stays retired).
pub async fn update_stage(
    db: &impl ConnectionTrait,
    stage: &stages::Model,
    fields: &StageFields,
    retired: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let retired_at = match (retired, stage.retired_at) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(now),
        (false, _) => None,
    };
    stages::ActiveModel {
        id: Set(stage.id),
        title: Set(fields.title.trim().to_owned()),
        track: Set(fields.track.as_str().to_owned()),
        requires_previous: Set(fields.requires_previous),
        requires_selection: Set(fields.requires_selection),
        selected_by: Set(fields.selected_by.as_str().to_owned()),
        retired_at: Set(retired_at),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn delete_stage(db: &impl ConnectionTrait, stage: StageId) -> Result<(), DbErr> {
    stages::Entity::delete_by_id(stage.0).exec(db).await?;
    Ok(())
}

/// Which of `stages` classes or selections refer to (one query each).
pub async fn stages_in_use(
    db: &impl ConnectionTrait,
    stage_ids: &[i64],
) -> Result<std::collections::HashSet<i64>, DbErr> {
    use super::{classes, stage_selections};
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
    let by_selection: Vec<i64> = stage_selections::Entity::find()
        .select_only()
        .column(stage_selections::Column::StageId)
        .filter(stage_selections::Column::StageId.is_in(stage_ids.iter().copied()))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Ok(by_class.into_iter().flatten().chain(by_selection).collect())
}

/// Takes a row lock on the programme (PostgreSQL; SQLite's write
/// transaction already holds the database), so that two staff adding stages
/// at once do not both take the same next position.
pub async fn lock(db: &impl ConnectionTrait, id: ProgrammeId) -> Result<bool, DbErr> {
    let found = Entity::update_many()
        .col_expr(Column::Id, Expr::col(Column::Id))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(found.rows_affected > 0)
}

//! The region tree (province → village), keyed by its nesting code.

use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{RegionCode, RegionLevel};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{QueryOrder, Set};

use super::corrupt;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "regions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub parent_code: Option<String>,
    pub level: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl TryFrom<Model> for RegionView {
    type Error = DbErr;
    fn try_from(m: Model) -> Result<Self, DbErr> {
        let code = RegionCode::parse(&m.code).map_err(|_| corrupt("regions", "code", &m.code))?;
        let level = RegionLevel::parse(&m.level).ok_or_else(|| corrupt("regions", "level", &m.level))?;
        Ok(RegionView { code, level, name_zh: m.name_zh, name_en: m.name_en })
    }
}

fn views(models: Vec<Model>) -> Result<Vec<RegionView>, DbErr> {
    models.into_iter().map(RegionView::try_from).collect()
}

pub async fn find(db: &impl ConnectionTrait, code: &RegionCode) -> Result<Option<RegionView>, DbErr> {
    Entity::find_by_id(code.as_str()).one(db).await?.map(RegionView::try_from).transpose()
}

pub async fn exists(db: &impl ConnectionTrait, code: &RegionCode) -> Result<bool, DbErr> {
    Ok(Entity::find_by_id(code.as_str()).count(db).await? > 0)
}

pub async fn provinces(db: &impl ConnectionTrait) -> Result<Vec<RegionView>, DbErr> {
    views(Entity::find().filter(Column::ParentCode.is_null()).order_by_asc(Column::Code).all(db).await?)
}

pub async fn children(db: &impl ConnectionTrait, parent: &RegionCode) -> Result<Vec<RegionView>, DbErr> {
    views(Entity::find().filter(Column::ParentCode.eq(parent.as_str())).order_by_asc(Column::Code).all(db).await?)
}

/// The region and all regions above it, province first. Codes missing from
/// the table are skipped.
pub async fn lineage(db: &impl ConnectionTrait, code: &RegionCode) -> Result<Vec<RegionView>, DbErr> {
    let codes: Vec<String> = code.lineage().into_iter().map(String::from).collect();
    views(Entity::find().filter(Column::Code.is_in(codes)).order_by_asc(Column::Code).all(db).await?)
}

/// Fetches many regions by code at once.
pub async fn many(db: &impl ConnectionTrait, codes: Vec<String>) -> Result<Vec<RegionView>, DbErr> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    views(Entity::find().filter(Column::Code.is_in(codes)).all(db).await?)
}

/// Inserts regions or renames existing ones. Parents must come before children.
pub async fn upsert(db: &impl ConnectionTrait, rows: Vec<ActiveModel>) -> Result<(), DbErr> {
    // Bounded batches keep each statement under SQLite's parameter limit.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<ActiveModel> = rows.by_ref().take(500).collect();
        Entity::insert_many(batch)
            .on_conflict(
                OnConflict::column(Column::Code).update_columns([Column::NameZh, Column::NameEn]).to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

pub fn new_row(code: &RegionCode, name_zh: &str, name_en: &str) -> ActiveModel {
    ActiveModel {
        code: Set(code.to_string()),
        parent_code: Set(code.parent().map(String::from)),
        level: Set(code.level().as_str().to_owned()),
        name_zh: Set(name_zh.to_owned()),
        name_en: Set(name_en.to_owned()),
    }
}

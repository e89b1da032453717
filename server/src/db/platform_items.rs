//! What a platform features on its home page (`platform_featured`) and owns
//! (the `platform_id` of courses and classes); the catalogue's rule for
//! what a platform shows is `platforms::shown_on`.

use cultivator_shared::api::platforms::{PlatformItem, PlatformItemKind, PlatformItemRef};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

use super::{classes, courses};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "platform_featured")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub platform_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: i64,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The featured items of `platform`, in order, with their titles; items
/// deleted since are left out.
pub async fn featured(
    db: &impl ConnectionTrait,
    platform: i64,
) -> Result<Vec<PlatformItem>, DbErr> {
    let rows = Entity::find()
        .filter(Column::PlatformId.eq(platform))
        .order_by_asc(Column::Position)
        .all(db)
        .await?;
    let refs: Vec<PlatformItemRef> = rows
        .iter()
        .filter_map(|r| {
            PlatformItemKind::parse(&r.kind).map(|kind| PlatformItemRef {
                kind,
                id: r.item_id,
            })
        })
        .collect();
    titled(db, &refs).await
}

/// `refs` with their titles, in the same order; unknown ones are left out.
pub async fn titled(
    db: &impl ConnectionTrait,
    refs: &[PlatformItemRef],
) -> Result<Vec<PlatformItem>, DbErr> {
    let ids = |kind| refs.iter().filter(move |r| r.kind == kind).map(|r| r.id);
    let course_titles: std::collections::HashMap<i64, String> = courses::Entity::find()
        .filter(courses::Column::Id.is_in(ids(PlatformItemKind::Course)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let class_titles: std::collections::HashMap<i64, String> = classes::Entity::find()
        .filter(classes::Column::Id.is_in(ids(PlatformItemKind::Class)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    Ok(refs
        .iter()
        .filter_map(|r| {
            let titles = match r.kind {
                PlatformItemKind::Course => &course_titles,
                PlatformItemKind::Class => &class_titles,
            };
            titles.get(&r.id).map(|title| PlatformItem {
                kind: r.kind,
                id: r.id,
                title: title.clone(),
            })
        })
        .collect())
}

/// Replaces the featured items of `platform` with `items`, in order.
pub async fn replace_featured(
    db: &impl ConnectionTrait,
    platform: i64,
    items: &[PlatformItemRef],
) -> Result<(), DbErr> {
    Entity::delete_many()
        .filter(Column::PlatformId.eq(platform))
        .exec(db)
        .await?;
    if items.is_empty() {
        return Ok(());
    }
    let rows = items.iter().zip(0..).map(|(item, position)| ActiveModel {
        platform_id: Set(platform),
        kind: Set(item.kind.as_str().to_owned()),
        item_id: Set(item.id),
        position: Set(position),
    });
    Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// The courses and classes `platform` owns, courses first, newest first.
pub async fn owned(db: &impl ConnectionTrait, platform: i64) -> Result<Vec<PlatformItem>, DbErr> {
    let courses = courses::Entity::find()
        .filter(courses::Column::PlatformId.eq(platform))
        .order_by_desc(courses::Column::Id)
        .all(db)
        .await?;
    let classes = classes::Entity::find()
        .filter(classes::Column::PlatformId.eq(platform))
        .order_by_desc(classes::Column::Id)
        .all(db)
        .await?;
    let courses = courses.into_iter().map(|c| PlatformItem {
        kind: PlatformItemKind::Course,
        id: c.id,
        title: c.title,
    });
    let classes = classes.into_iter().map(|c| PlatformItem {
        kind: PlatformItemKind::Class,
        id: c.id,
        title: c.title,
    });
    Ok(courses.chain(classes).collect())
}

fn owned_by(owner: impl ColumnTrait, platform: Option<i64>) -> sea_orm::sea_query::Expr {
    match platform {
        Some(id) => owner.eq(id),
        None => owner.is_null(),
    }
}

/// Gives the course or class owned by `from` to `to` (`None`: shared
/// nationally); false if its owner was no longer `from`, so that two
/// platforms claiming one course at once cannot both succeed.
pub async fn set_owner(
    db: &impl ConnectionTrait,
    item: PlatformItemRef,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<bool, DbErr> {
    let result = match item.kind {
        PlatformItemKind::Course => {
            courses::Entity::update_many()
                .col_expr(courses::Column::PlatformId, Expr::value(to))
                .filter(courses::Column::Id.eq(item.id))
                .filter(owned_by(courses::Column::PlatformId, from))
                .exec(db)
                .await?
        }
        PlatformItemKind::Class => {
            classes::Entity::update_many()
                .col_expr(classes::Column::PlatformId, Expr::value(to))
                .filter(classes::Column::Id.eq(item.id))
                .filter(owned_by(classes::Column::PlatformId, from))
                .exec(db)
                .await?
        }
    };
    Ok(result.rows_affected == 1)
}

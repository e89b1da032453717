//! In-app notifications, newest first.

use chrono::{DateTime, Utc};
use cultivator_shared::api::classes::{NotificationKind, NotificationView};
use cultivator_shared::{ClassId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};

use super::{classes, corrupt};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub class_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub async fn insert(
    db: &impl ConnectionTrait,
    user: UserId,
    kind: NotificationKind,
    class: Option<ClassId>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    ActiveModel {
        user_id: Set(user.0),
        kind: Set(kind.as_str().to_owned()),
        class_id: Set(class.map(|c| c.0)),
        created_at: Set(at),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn of_user(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: u64,
) -> Result<Vec<NotificationView>, DbErr> {
    let rows = Entity::find()
        .filter(Column::UserId.eq(user.0))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let titles: std::collections::HashMap<i64, String> = classes::Entity::find()
        .filter(classes::Column::Id.is_in(rows.iter().filter_map(|r| r.class_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    rows.into_iter()
        .map(|r| {
            Ok(NotificationView {
                id: r.id,
                kind: NotificationKind::parse(&r.kind)
                    .ok_or_else(|| corrupt("notifications", "kind", &r.kind))?,
                class_id: r.class_id.map(ClassId),
                class_title: r.class_id.and_then(|c| titles.get(&c).cloned()),
                created_at: r.created_at,
            })
        })
        .collect()
}

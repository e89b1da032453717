//! The audit trail's rows: appended in the transaction of the change they
//! record, listed newest first. Nothing here updates or deletes a row.

use chrono::{DateTime, Utc};
use cultivator_shared::RegionCode;
use cultivator_shared::api::audit::{AuditAction, AuditObject, AuditRecordView};
use cultivator_shared::region::Scope;
use sea_orm::entity::prelude::*;
use sea_orm::{Condition, QueryOrder, QuerySelect, Set};

use super::{corrupt, users};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub actor_roles: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: i64,
    pub region_code: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// One record to append.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    pub at: DateTime<Utc>,
    pub actor: Option<i64>,
    pub actor_roles: &'a str,
    pub action: AuditAction,
    pub object_kind: AuditObject,
    pub object_id: i64,
    pub region: Option<&'a RegionCode>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub address: Option<String>,
}

pub async fn insert(db: &impl ConnectionTrait, record: NewRecord<'_>) -> Result<(), DbErr> {
    ActiveModel {
        at: Set(record.at),
        actor_id: Set(record.actor),
        actor_roles: Set(record.actor_roles.to_owned()),
        action: Set(record.action.as_str().to_owned()),
        object_kind: Set(record.object_kind.as_str().to_owned()),
        object_id: Set(record.object_id),
        region_code: Set(record.region.map(|r| r.as_str().to_owned())),
        before: Set(record.before),
        after: Set(record.after),
        address: Set(record.address),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// What to list: records visible in any of `scopes` (a national scope sees
/// every record, a regional one only records about objects in its region),
/// narrowed by the other fields.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub scopes: Vec<Scope>,
    pub actor: Option<i64>,
    pub action: Option<AuditAction>,
    pub object_kind: Option<AuditObject>,
    pub object_id: Option<i64>,
    pub region: Option<RegionCode>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

fn condition(filter: &Filter) -> Condition {
    let mut visible = Condition::any();
    for scope in &filter.scopes {
        visible = match scope.region() {
            None => visible.add(Expr::value(true)),
            Some(region) => visible.add(Column::RegionCode.starts_with(region.as_str())),
        };
    }
    let mut all = Condition::all().add(visible);
    if let Some(actor) = filter.actor {
        all = all.add(Column::ActorId.eq(actor));
    }
    if let Some(action) = filter.action {
        all = all.add(Column::Action.eq(action.as_str()));
    }
    if let Some(kind) = filter.object_kind {
        all = all.add(Column::ObjectKind.eq(kind.as_str()));
    }
    if let Some(id) = filter.object_id {
        all = all.add(Column::ObjectId.eq(id));
    }
    if let Some(region) = &filter.region {
        all = all.add(Column::RegionCode.starts_with(region.as_str()));
    }
    if let Some(from) = filter.from {
        all = all.add(Column::At.gte(from));
    }
    if let Some(until) = filter.until {
        all = all.add(Column::At.lt(until));
    }
    all
}

/// One page of matching records, newest first, with the number matching in all.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &Filter,
    limit: u64,
    offset: u64,
) -> Result<(Vec<AuditRecordView>, u64), DbErr> {
    let query = Entity::find().filter(condition(filter));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(Column::At)
        .order_by_desc(Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((views(db, rows).await?, total))
}

/// Every record of one object, oldest first (for tests and object pages).
pub async fn of_object(
    db: &impl ConnectionTrait,
    kind: AuditObject,
    id: i64,
) -> Result<Vec<AuditRecordView>, DbErr> {
    let rows = Entity::find()
        .filter(Column::ObjectKind.eq(kind.as_str()))
        .filter(Column::ObjectId.eq(id))
        .order_by_asc(Column::Id)
        .all(db)
        .await?;
    views(db, rows).await
}

/// How many records there are in all (for tests that check one action
/// writes exactly one).
pub async fn count_all(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Entity::find().count(db).await
}

async fn views(db: &impl ConnectionTrait, rows: Vec<Model>) -> Result<Vec<AuditRecordView>, DbErr> {
    let actors: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names = users::names_of(db, &actors).await?;
    rows.into_iter()
        .map(|row| {
            Ok(AuditRecordView {
                id: row.id,
                at: row.at,
                actor: row.actor_id.map(cultivator_shared::UserId),
                actor_name: row.actor_id.and_then(|id| names.get(&id).cloned()),
                actor_roles: row.actor_roles,
                action: AuditAction::parse(&row.action)
                    .ok_or_else(|| corrupt("audit_records", "action", &row.action))?,
                object_kind: AuditObject::parse(&row.object_kind)
                    .ok_or_else(|| corrupt("audit_records", "object_kind", &row.object_kind))?,
                object_id: row.object_id,
                region: row.region_code,
                before: row.before,
                after: row.after,
                address: row.address,
            })
        })
        .collect()
}

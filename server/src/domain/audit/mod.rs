//! The audit trail (DOMAIN.md: 操作日志). Every privileged change calls
//! [`record`] on the transaction that makes the change, so the record and
//! the change are committed together or not at all. The trail is only ever
//! appended to and read ([`page`], [`csv`]).
//!
//! Who acted arrives as an [`Actor`]: plain values the route layer takes
//! from the signed-in user and the request, so the rules here never see
//! either.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use cultivator_shared::api::Page;
use cultivator_shared::api::audit::{AuditAction, AuditObject, AuditRecordView};
use cultivator_shared::{RegionCode, RoleGrant, UserId};
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

use crate::db::audit_records::{self, NewRecord};
use crate::domain::spreadsheet::csv_cell;

pub use crate::db::audit_records::Filter;

/// The export holds at most this many records (the newest); narrow the
/// filters for more.
pub const EXPORT_MAX_ROWS: u64 = 50_000;

/// Who is acting, as the trail records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `None` for the system itself (a scheduled job, the command line).
    pub user: Option<UserId>,
    /// The role grants held when acting, e.g. `admin,coordinator:510121`.
    pub roles: String,
    pub address: Option<IpAddr>,
}

impl Actor {
    pub fn user(user: UserId, grants: &[RoleGrant], address: Option<IpAddr>) -> Actor {
        Actor {
            user: Some(user),
            roles: describe(grants),
            address,
        }
    }

    /// The command line or a scheduled job.
    pub fn system(what: &str) -> Actor {
        Actor {
            user: None,
            roles: what.to_owned(),
            address: None,
        }
    }
}

/// Role grants as one short text: `coordinator:510121`, `instructor` (a
/// grant without a region covers the whole country).
pub fn describe(grants: &[RoleGrant]) -> String {
    grants
        .iter()
        .map(|g| match &g.scope {
            Some(scope) => format!("{}:{scope}", g.role.as_str()),
            None => g.role.as_str().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// What was done to which object, in which region, with the fields that
/// changed where it matters.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: AuditAction,
    pub object: AuditObject,
    pub object_id: i64,
    pub region: Option<RegionCode>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Entry {
    pub fn new(action: AuditAction, object: AuditObject, object_id: i64) -> Entry {
        Entry {
            action,
            object,
            object_id,
            region: None,
            before: None,
            after: None,
        }
    }

    pub fn in_region(mut self, region: Option<&RegionCode>) -> Entry {
        self.region = region.cloned();
        self
    }

    pub fn before(mut self, value: &impl Serialize) -> Entry {
        self.before = serde_json::to_string(value).ok();
        self
    }

    pub fn after(mut self, value: &impl Serialize) -> Entry {
        self.after = serde_json::to_string(value).ok();
        self
    }
}

/// Appends one record. Call it on the transaction that makes the change.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entry: Entry,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_records::insert(
        db,
        NewRecord {
            at,
            actor: actor.user.map(|u| u.0),
            actor_roles: &actor.roles,
            action: entry.action,
            object_kind: entry.object,
            object_id: entry.object_id,
            region: entry.region.as_ref(),
            before: entry.before,
            after: entry.after,
            address: actor.address.map(|a| a.to_string()),
        },
    )
    .await
}

/// One page of the records the filter lets through, newest first.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &Filter,
    limit: u64,
    offset: u64,
) -> Result<Page<AuditRecordView>, DbErr> {
    let (items, total) = audit_records::list(db, filter, limit, offset).await?;
    Ok(Page { items, total })
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("writing the CSV file failed: {0}")]
    Csv(#[from] csv::Error),
}

const HEADER: [&str; 11] = [
    "at",
    "actor_id",
    "actor_name",
    "actor_roles",
    "action",
    "object_kind",
    "object_id",
    "region",
    "before",
    "after",
    "address",
];

fn row(r: &AuditRecordView) -> [String; 11] {
    [
        r.at.to_rfc3339(),
        r.actor.map(|a| a.0.to_string()).unwrap_or_default(),
        r.actor_name.clone().unwrap_or_default(),
        r.actor_roles.clone(),
        r.action.as_str().to_owned(),
        r.object_kind.as_str().to_owned(),
        r.object_id.to_string(),
        r.region.clone().unwrap_or_default(),
        r.before.clone().unwrap_or_default(),
        r.after.clone().unwrap_or_default(),
        r.address.clone().unwrap_or_default(),
    ]
}

/// The matching records as CSV (UTF-8 with a byte-order mark, for Excel),
/// every cell neutralised against formulas.
pub async fn csv(db: &impl ConnectionTrait, filter: &Filter) -> Result<Vec<u8>, ExportError> {
    let found = page(db, filter, EXPORT_MAX_ROWS, 0).await?;
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    out.write_record(HEADER)?;
    for record in &found.items {
        out.write_record(row(record).iter().map(|cell| csv_cell(cell).into_owned()))?;
    }
    out.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

#[cfg(test)]
mod tests {
    use cultivator_shared::Role;

    use super::*;

    #[test]
    fn grants_are_described_with_their_regions() {
        let grants = [
            RoleGrant::global(Role::Admin),
            RoleGrant::coordinator(RegionCode::parse("510121").ok()),
            RoleGrant::instructor(None),
        ];
        assert_eq!(describe(&grants), "admin,coordinator:510121,instructor");
        assert_eq!(describe(&[]), "");
    }
}

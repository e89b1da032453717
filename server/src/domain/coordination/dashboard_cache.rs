//! Each app node's cache of computed dashboards.
//!
//! A dashboard is a dozen small queries; a cached one costs none beyond
//! reading the dashboard epoch (which the caller reads together with the
//! signed-in user), which triggers move on every change to counters, targets,
//! regions or programmes. An entry computed under an older epoch is never
//! served, so every node shows a completion on the very next request, with no
//! messages between nodes.

use std::sync::Arc;

use chrono::Utc;
use cultivator_shared::RegionCode;
use cultivator_shared::api::coordination::{Dashboard, DashboardQuery};
use sea_orm::DatabaseConnection;

use crate::domain::completion::trained_people::month_of;
use crate::domain::coordination::dashboard::dashboard;
use crate::domain::coordination::targets::CoordinationError;
use crate::domain::epoch_cache::EpochCache;
use cultivator_shared::region::Scope;

/// Distinct (viewer scope, region, filters) combinations kept per node.
const CAPACITY: usize = 20_000;

/// What a dashboard depends on besides the database: who looks (their scope
/// shapes the breadcrumb), where, with which filters, and in which month (the
/// pace and projection depend on today).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    scope: Option<RegionCode>,
    region: Option<RegionCode>,
    programme: Option<i64>,
    track: Option<&'static str>,
    from: Option<i32>,
    to: Option<i32>,
    platform: Option<String>,
    month: i32,
}

/// A computed dashboard and its JSON, serialised once for every reader.
#[derive(Debug)]
pub struct Cached {
    pub board: Dashboard,
    pub json: bytes::Bytes,
}

#[derive(Clone)]
pub struct DashboardCache {
    entries: Arc<EpochCache<Key, Cached>>,
}

impl Default for DashboardCache {
    fn default() -> Self {
        Self {
            entries: Arc::new(EpochCache::new(CAPACITY)),
        }
    }
}

impl DashboardCache {
    /// The dashboard of `region` as [`dashboard`] computes it, from the cache
    /// when nothing it shows has changed since. `epoch` must have been read
    /// before this call (a change during the computation then moves the epoch
    /// past it, so the entry is recomputed next time).
    pub async fn get(
        &self,
        db: &DatabaseConnection,
        epoch: i64,
        scope: &Scope,
        region: Option<&RegionCode>,
        query: &DashboardQuery,
    ) -> Result<Arc<Cached>, CoordinationError> {
        let key = Key {
            scope: scope.region().cloned(),
            region: region.cloned(),
            programme: query.programme.map(|p| p.0),
            track: query.track.map(|t| t.as_str()),
            from: query.from,
            to: query.to,
            platform: query.platform.clone(),
            month: month_of(Utc::now()),
        };
        let compute = async {
            let board = dashboard(db, scope, region, query).await?;
            let json = serde_json::to_vec(&board)
                .map_err(|e| CoordinationError::Encode(e.to_string()))?
                .into();
            Ok(Cached { board, json })
        };
        self.entries.get_or(key, epoch, compute).await
    }
}

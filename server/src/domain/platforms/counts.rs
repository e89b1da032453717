//! The coordinators' per-platform table: within a region, how many people
//! registered through each platform and how many of them were trained on a
//! programme's online and offline tracks.

use cultivator_shared::api::platforms::PlatformCounts;
use cultivator_shared::{RegionCode, Track};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::{dashboard_reads, platform_counts, platforms};

fn to_u64(n: Option<&i64>) -> u64 {
    n.copied().and_then(|n| u64::try_from(n).ok()).unwrap_or(0)
}

/// One row per platform, in the platforms' order, then one for accounts
/// made by staff if there are any; `region` `None` is the whole country,
/// `programme` `None` the newest programme (as on the dashboard).
pub async fn by_platform(
    db: &impl ConnectionTrait,
    region: Option<&RegionCode>,
    programme: Option<i64>,
) -> Result<Vec<PlatformCounts>, DbErr> {
    let Some((programme, _, _)) = dashboard_reads::programme(db, programme).await? else {
        return Ok(Vec::new());
    };
    let prefix = region.map_or("", RegionCode::as_str);
    let registered = platform_counts::registrations(db, prefix).await?;
    let trained = platform_counts::trained(db, prefix, programme).await?;
    let row = |id: Option<i64>, code: Option<String>, short_zh: String, short_en: String| {
        let on = |track: Track| to_u64(trained.get(&(id, track.as_str().to_owned())));
        PlatformCounts {
            code,
            short_zh,
            short_en,
            registrations: to_u64(registered.get(&id)),
            online_trained: on(Track::Online),
            offline_trained: on(Track::Offline),
        }
    };
    let mut rows: Vec<PlatformCounts> = platforms::all(db)
        .await?
        .into_iter()
        .map(|p| row(Some(p.id), Some(p.code), p.short_zh, p.short_en))
        .collect();
    let staff_made = row(
        None,
        None,
        "工作人员创建".to_owned(),
        "Made by staff".to_owned(),
    );
    if staff_made.registrations + staff_made.online_trained + staff_made.offline_trained > 0 {
        rows.push(staff_made);
    }
    Ok(rows)
}

//! Classes in a coordinator's scope with fill, attendance and completion rates.

use cultivator_shared::api::Page;
use cultivator_shared::api::coordination::ClassRates;
use cultivator_shared::{ClassId, RegionCode, Track};
use sea_orm::{DatabaseConnection, DbErr};

use crate::db::{class_rates, corrupt};

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

pub async fn in_region(
    db: &DatabaseConnection,
    region: Option<&RegionCode>,
    programme: Option<i64>,
    limit: u64,
    offset: u64,
) -> Result<Page<ClassRates>, DbErr> {
    let prefix = region.map(RegionCode::to_string).unwrap_or_default();
    let (classes, total) = class_rates::page(db, &prefix, programme, limit, offset).await?;
    let items = classes
        .into_iter()
        .map(|c| {
            Ok(ClassRates {
                id: ClassId(c.id),
                track: Track::parse(&c.track)
                    .ok_or_else(|| corrupt("classes", "track", &c.track))?,
                region: RegionCode::parse(&c.region_code)
                    .map_err(|_| corrupt("classes", "region_code", &c.region_code))?,
                seat_limit: u32::try_from(c.seat_limit).unwrap_or(0),
                enrolled: u64::try_from(c.enrolled).unwrap_or(0),
                completed: u64::try_from(c.completed).unwrap_or(0),
                fill_rate: percent(c.enrolled, i64::from(c.seat_limit)).unwrap_or(0.0),
                attendance_rate: percent(c.present, c.sessions * c.enrolled),
                completion_rate: percent(c.completed, c.enrolled),
                title: c.title,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(Page { items, total })
}

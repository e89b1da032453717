//! What a platform features on its home page and which courses and classes
//! it owns (listed only on it). Both are changed by the platform's
//! coordinators (the caller checked that), each change audited in its
//! transaction.
//!
//! A platform may own only what lies in its home region: a class held
//! there, or a course whose author lives there. Otherwise a provincial
//! coordinator could hide a national course from every other province.

use chrono::{DateTime, Utc};
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::platforms::{
    FeaturedItems, PlatformItemKind, PlatformItemRef, PlatformItems,
};
use cultivator_shared::{PublishState, RegionCode, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

use super::PlatformError;
use crate::db::{self, classes, courses, platform_items, platforms, users};
use crate::domain::audit::{self, Actor, Entry};

/// A course or class as the ownership and featuring rules see it.
struct Item {
    /// Where it lies: a class's region, a course author's home.
    region: Option<RegionCode>,
    owner: Option<i64>,
    /// Listed for trainees: published (and, for a class, not cancelled).
    listed: bool,
}

async fn item(db: &impl ConnectionTrait, at: PlatformItemRef) -> Result<Item, PlatformError> {
    let published = PublishState::Published.as_str();
    match at.kind {
        PlatformItemKind::Course => {
            let course = courses::Entity::find_by_id(at.id)
                .one(db)
                .await?
                .ok_or(PlatformError::ItemNotFound)?;
            let author = users::find(db, UserId(course.author_id)).await?;
            Ok(Item {
                region: author.and_then(|a| a.region().ok()),
                owner: course.platform_id,
                listed: course.state == published,
            })
        }
        PlatformItemKind::Class => {
            let class = classes::Entity::find_by_id(at.id)
                .one(db)
                .await?
                .ok_or(PlatformError::ItemNotFound)?;
            Ok(Item {
                region: RegionCode::parse(&class.region_code).ok(),
                owner: class.platform_id,
                listed: class.state == published && !class.is_cancelled(),
            })
        }
    }
}

/// Whether a platform whose home is `home` may own something lying in
/// `region` (a national platform, with no home, may own anything).
pub fn may_own(home: Option<&RegionCode>, region: Option<&RegionCode>) -> bool {
    match (home, region) {
        (None, _) => true,
        (Some(home), Some(region)) => region.is_within(home),
        (Some(_), None) => false,
    }
}

/// What `platform` features and owns.
pub async fn of(
    db: &impl ConnectionTrait,
    platform: &platforms::Model,
) -> Result<PlatformItems, PlatformError> {
    Ok(PlatformItems {
        featured: platform_items::featured(db, platform.id).await?,
        owned: platform_items::owned(db, platform.id).await?,
    })
}

/// Replaces what `platform` features: each item must be listed on it
/// (published, and shared nationally or its own).
pub async fn feature(
    db: &DatabaseConnection,
    actor: &Actor,
    platform: &platforms::Model,
    featured: &FeaturedItems,
    now: DateTime<Utc>,
) -> Result<PlatformItems, PlatformError> {
    featured.validate().map_err(PlatformError::Invalid)?;
    let items = featured.distinct();
    let txn = db::begin_write(db).await?;
    for at in &items {
        let found = item(&txn, *at).await?;
        if !found.listed || found.owner.is_some_and(|owner| owner != platform.id) {
            return Err(PlatformError::ItemNotListed);
        }
    }
    let before = platform_items::featured(&txn, platform.id).await?;
    platform_items::replace_featured(&txn, platform.id, &items).await?;
    let entry = Entry::new(
        AuditAction::PlatformFeaturedChanged,
        AuditObject::Platform,
        platform.id,
    )
    .in_region(platform.home().as_ref())
    .before(&before)
    .after(&items);
    audit::record(&txn, actor, entry, now).await?;
    let changed = of(&txn, platform).await?;
    txn.commit().await?;
    Ok(changed)
}

/// Makes a course or class `platform`'s own (`owned`), or shares it
/// nationally again. Sharing something the platform does not own changes
/// nothing; owning something another platform owns is refused.
pub async fn set_ownership(
    db: &DatabaseConnection,
    actor: &Actor,
    platform: &platforms::Model,
    at: PlatformItemRef,
    owned: bool,
    now: DateTime<Utc>,
) -> Result<PlatformItems, PlatformError> {
    let txn = db::begin_write(db).await?;
    let found = item(&txn, at).await?;
    let action = match (owned, found.owner) {
        (true, Some(owner)) if owner == platform.id => None,
        (true, Some(_)) => return Err(PlatformError::ItemElsewhere),
        (true, None) if !may_own(platform.home().as_ref(), found.region.as_ref()) => {
            return Err(PlatformError::ItemOutsideRegion);
        }
        (true, None) => Some((Some(platform.id), AuditAction::PlatformItemOwned)),
        (false, Some(owner)) if owner == platform.id => {
            Some((None, AuditAction::PlatformItemShared))
        }
        (false, _) => None,
    };
    if let Some((owner, action)) = action {
        if !platform_items::set_owner(&txn, at, found.owner, owner).await? {
            return Err(PlatformError::ItemElsewhere);
        }
        let object = match at.kind {
            PlatformItemKind::Course => AuditObject::Course,
            PlatformItemKind::Class => AuditObject::Class,
        };
        let entry = Entry::new(action, object, at.id)
            .in_region(found.region.as_ref())
            .after(&platform.code);
        audit::record(&txn, actor, entry, now).await?;
    }
    let changed = of(&txn, platform).await?;
    txn.commit().await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap_or_else(|_| panic!("{s}"))
    }

    #[test]
    fn a_platform_owns_only_what_lies_in_its_home_region() {
        let sichuan = code("51");
        assert!(may_own(Some(&sichuan), Some(&code("510121"))));
        assert!(may_own(Some(&sichuan), Some(&sichuan)));
        assert!(!may_own(Some(&sichuan), Some(&code("44"))));
        // Where an item lies is unknown: only a national platform may own it.
        assert!(!may_own(Some(&sichuan), None));
        assert!(may_own(None, Some(&code("44"))));
        assert!(may_own(None, None));
    }
}

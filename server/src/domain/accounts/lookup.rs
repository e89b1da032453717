//! Staff looking people up in the regions they oversee (to issue a reset
//! code, or move someone's home): by part of a name or a whole mobile
//! number, the numbers masked for all but administrators.

use cultivator_shared::api::Page;
use cultivator_shared::api::admin::PersonSummary;
use cultivator_shared::privacy::MobileView;
use cultivator_shared::region::Scope;
use cultivator_shared::validation::Mobile;
use cultivator_shared::{RegionCode, RoleGrant};
use sea_orm::DatabaseConnection;

use super::AccountError;
use crate::db::{regions, users};

/// What the reader may see and do: where, how much of the number, and
/// whether they may reset the password of someone living at a home with
/// these roles.
pub struct Reader<'a> {
    pub scopes: &'a [Scope],
    pub mobiles: MobileView,
    pub may_reset: &'a (dyn Fn(&RegionCode, &[RoleGrant]) -> bool + Sync),
}

/// One page of the people living within the reader's scopes who match `q`.
pub async fn people(
    db: &DatabaseConnection,
    reader: &Reader<'_>,
    q: &str,
    limit: u64,
    offset: u64,
) -> Result<Page<PersonSummary>, AccountError> {
    let homes: Vec<String> = reader
        .scopes
        .iter()
        .map(|s| s.region().map(ToString::to_string).unwrap_or_default())
        .collect();
    let q = q.trim();
    let mobile = Mobile::parse(q).ok();
    let name = if mobile.is_some() { "" } else { q };
    let (found, total) = users::search_in(
        db,
        &homes,
        name,
        mobile.as_ref().map(Mobile::as_str),
        limit,
        offset,
    )
    .await?;
    let mut items = Vec::with_capacity(found.len());
    for user in found {
        let home = user.region()?;
        let roles = users::roles_of(db, user.user_id()).await?;
        items.push(PersonSummary {
            id: user.user_id(),
            mobile: reader.mobiles.show(&user.mobile),
            name: user.name,
            region_path: regions::lineage(db, &home).await?,
            may_reset_password: (reader.may_reset)(&home, &roles),
        });
    }
    Ok(Page { items, total })
}

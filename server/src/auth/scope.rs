//! Every regional scope rule in one place: which regions a user may see and
//! act on. Region codes nest by prefix (DOMAIN.md), so "may this user see
//! region X" is a prefix test against the regions they manage. Handlers ask
//! this module; none decides scope on its own.

pub use cultivator_shared::region::{Scope, class_serves, regions_serving};
use cultivator_shared::{RegionCode, Role};

use super::CurrentUser;
use crate::ApiError;

/// The widest scope the user oversees, or `None` if they oversee no region.
/// Administrators oversee the country; a coordinator their granted region
/// (no region on the grant means national). A user holding several
/// coordinator grants is given the widest; grants on disjoint regions are
/// answered by [`may_see`], which checks each.
pub fn oversight(user: &CurrentUser) -> Option<Scope> {
    if user.has_role(Role::Admin) {
        return Some(Scope::National);
    }
    let mut widest: Option<Scope> = None;
    for scope in coordinator_scopes(user) {
        widest = match widest {
            Some(w) if w.contains(&scope) => Some(w),
            _ => Some(scope),
        };
    }
    widest
}

fn coordinator_scopes(user: &CurrentUser) -> impl Iterator<Item = Scope> + '_ {
    user.roles
        .iter()
        .filter(|g| g.role == Role::Coordinator)
        .map(|g| Scope::of(g.scope.clone()))
}

/// May the user see and act on `region` (`None`: the whole country)?
pub fn may_see(user: &CurrentUser, region: Option<&RegionCode>) -> bool {
    let asked = Scope::of(region.cloned());
    user.has_role(Role::Admin) || coordinator_scopes(user).any(|s| s.contains(&asked))
}

/// Refuses (403) a region outside the user's scope.
pub fn require(user: &CurrentUser, region: Option<&RegionCode>) -> Result<(), ApiError> {
    if may_see(user, region) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The region a dashboard opens on when none is asked for.
pub fn home(user: &CurrentUser) -> Result<Scope, ApiError> {
    oversight(user).ok_or(ApiError::Forbidden)
}

/// May the user set the targets of `child`? Targets are set by whoever
/// oversees the child's parent: provinces by national coordinators and
/// administrators, a prefecture by its province, and so on.
pub fn may_set_target_for(user: &CurrentUser, child: &RegionCode) -> bool {
    may_see(user, child.parent().as_ref())
}

#[cfg(test)]
mod tests {
    use cultivator_shared::{RoleGrant, UserId};

    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap_or_else(|_| panic!("{s}"))
    }

    fn user(grants: Vec<RoleGrant>) -> CurrentUser {
        CurrentUser {
            id: UserId(1),
            region: code("5101"),
            roles: grants,
        }
    }

    #[test]
    fn a_provincial_coordinator_sees_their_province_and_nothing_else() {
        let sichuan = user(vec![RoleGrant::coordinator(Some(code("51")))]);
        assert!(may_see(&sichuan, Some(&code("51"))));
        assert!(may_see(&sichuan, Some(&code("510121100201"))));
        assert!(!may_see(&sichuan, Some(&code("52"))));
        assert!(!may_see(&sichuan, None));
        assert_eq!(oversight(&sichuan), Some(Scope::Region(code("51"))));
    }

    #[test]
    fn a_county_coordinator_cannot_see_the_neighbouring_county() {
        let jintang = user(vec![RoleGrant::coordinator(Some(code("510121")))]);
        assert!(may_see(&jintang, Some(&code("510121100"))));
        assert!(!may_see(&jintang, Some(&code("510122"))));
        assert!(!may_see(&jintang, Some(&code("5101"))));
    }

    #[test]
    fn national_coordinators_and_admins_see_everything_trainees_nothing() {
        let national = user(vec![RoleGrant::coordinator(None)]);
        let admin = user(vec![RoleGrant::global(Role::Admin)]);
        let trainee = user(vec![RoleGrant::global(Role::Trainee)]);
        for u in [&national, &admin] {
            assert!(may_see(u, None));
            assert!(may_see(u, Some(&code("65"))));
            assert_eq!(oversight(u), Some(Scope::National));
        }
        assert!(!may_see(&trainee, Some(&code("51"))));
        assert_eq!(oversight(&trainee), None);
    }

    #[test]
    fn targets_are_set_by_whoever_oversees_the_parent() {
        let national = user(vec![RoleGrant::coordinator(None)]);
        let sichuan = user(vec![RoleGrant::coordinator(Some(code("51")))]);
        assert!(may_set_target_for(&national, &code("51")));
        assert!(!may_set_target_for(&sichuan, &code("51")));
        assert!(may_set_target_for(&sichuan, &code("5101")));
        assert!(!may_set_target_for(&sichuan, &code("5201")));
    }

    #[test]
    fn several_grants_are_each_honoured() {
        let two = user(vec![
            RoleGrant::coordinator(Some(code("510121"))),
            RoleGrant::coordinator(Some(code("52"))),
        ]);
        assert!(may_see(&two, Some(&code("5226"))));
        assert!(may_see(&two, Some(&code("510121100"))));
        assert!(!may_see(&two, Some(&code("51"))));
    }
}

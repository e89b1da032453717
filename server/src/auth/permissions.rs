//! Every authorisation rule in one place: what each role may do, and where.
//!
//! Regions: a coordinator's grant names the region they manage, an
//! instructor's the region they run classes in (`None`: the whole country).
//! Rules are asked of the roles a user holds on this request (they are read
//! fresh each time), so removing a role ends its powers on the next request:
//! being listed on a class, or having created it, grants nothing without it.

use cultivator_shared::privacy::MobileView;
use cultivator_shared::region::Scope;
use cultivator_shared::{RegionCode, RegionLevel, Role, RoleGrant};

use super::CurrentUser;
use crate::ApiError;
use crate::domain::classes::setup::ClassStaff;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// List accounts and change the roles they hold.
    ManageUsers,
    /// Enrol in online courses, learn in them and see one's own credit hours.
    LearnOnline,
    /// Create courses and edit them: their lessons, question banks and quizzes.
    AuthorCourses,
    /// Create a class (instructors, coordinators and admins), somewhere:
    /// where is decided by [`may_create_class_in`].
    CreateClass,
    /// Apply to a class: only accounts holding the trainee role (every
    /// registered person does; staff accounts made without it do not).
    ApplyToClass,
}

pub fn can(user: &CurrentUser, action: Action) -> bool {
    match action {
        Action::ManageUsers => user.has_role(Role::Admin),
        Action::LearnOnline => user.has_role(Role::Trainee),
        Action::AuthorCourses => user.has_role(Role::Instructor) || user.has_role(Role::Admin),
        Action::CreateClass => {
            user.has_role(Role::Instructor)
                || user.has_role(Role::Coordinator)
                || user.has_role(Role::Admin)
        }
        Action::ApplyToClass => user.has_role(Role::Trainee),
    }
}

pub fn authorize(user: &CurrentUser, action: Action) -> Result<(), ApiError> {
    allow(can(user, action))
}

fn allow(allowed: bool) -> Result<(), ApiError> {
    if allowed {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The regions the user works in as `role`, one per grant.
fn scopes(user: &CurrentUser, role: Role) -> impl Iterator<Item = Scope> + '_ {
    user.roles
        .iter()
        .filter(move |g| g.role == role)
        .map(|g| Scope::of(g.scope.clone()))
}

/// Editing one course: its author, or an admin.
pub fn authorize_course_edit(
    user: &CurrentUser,
    author: cultivator_shared::UserId,
) -> Result<(), ApiError> {
    authorize(user, Action::AuthorCourses)?;
    allow(user.id == author || user.has_role(Role::Admin))
}

/// Creating a class for `region`: an admin anywhere; an instructor or a
/// coordinator only inside their own region.
pub fn may_create_class_in(user: &CurrentUser, region: &RegionCode) -> bool {
    user.has_role(Role::Admin)
        || scopes(user, Role::Instructor)
            .chain(scopes(user, Role::Coordinator))
            .any(|scope| scope.covers(region))
}

pub fn authorize_class_creation(user: &CurrentUser, region: &RegionCode) -> Result<(), ApiError> {
    authorize(user, Action::CreateClass)?;
    allow(may_create_class_in(user, region))
}

/// One of the class's instructors, holding the instructor role today.
pub fn is_class_instructor(user: &CurrentUser, staff: &ClassStaff) -> bool {
    user.has_role(Role::Instructor) && staff.instructors.contains(&user.id)
}

/// An admin, or a coordinator whose region contains the class's region (a
/// national coordinator's contains every region).
pub fn oversees_class(user: &CurrentUser, staff: &ClassStaff) -> bool {
    user.has_role(Role::Admin)
        || scopes(user, Role::Coordinator).any(|scope| scope.covers(&staff.region))
}

/// Manage a class (sessions, roster decisions, attendance, imports): its
/// instructors and whoever oversees its region. Creatorship alone grants
/// nothing: a creator who is not (or no longer) an instructor of the class
/// manages it only as a coordinator over its region.
pub fn can_manage_class(user: &CurrentUser, staff: &ClassStaff) -> bool {
    is_class_instructor(user, staff) || oversees_class(user, staff)
}

pub fn authorize_class(user: &CurrentUser, staff: &ClassStaff) -> Result<(), ApiError> {
    allow(can_manage_class(user, staff))
}

/// Changing a class once it runs (its settings; moving or cancelling its
/// sessions; cancelling it) and adding or removing its instructors: whoever
/// manages it, i.e. its instructors and the coordinators over its region
/// and admins. A coordinator of another region may not.
pub fn authorize_class_change(user: &CurrentUser, staff: &ClassStaff) -> Result<(), ApiError> {
    authorize_class(user, staff)
}

/// Who can be made an instructor of a class in `region`: someone holding the
/// instructor role with a region that contains the class's (or none: the
/// whole country). Asked of the roles they hold when they are added.
pub fn may_run_class_in(grants: &[RoleGrant], region: &RegionCode) -> bool {
    grants
        .iter()
        .filter(|g| g.role == Role::Instructor)
        .any(|g| Scope::of(g.scope.clone()).covers(region))
}

/// The live check-in code lets whoever holds it check people in: only those
/// who run the class (listed on it, as its creator is) and still manage it
/// get it, not everyone who oversees the class.
pub fn authorize_checkin_code(user: &CurrentUser, staff: &ClassStaff) -> Result<(), ApiError> {
    allow(staff.instructors.contains(&user.id) && can_manage_class(user, staff))
}

/// Mobile numbers on a class's roster and its exports: whole for its
/// instructors, who call trainees about their sessions; masked for everyone
/// else who manages the class (docs/personal-data.md).
pub fn roster_mobiles(user: &CurrentUser, staff: &ClassStaff) -> MobileView {
    if is_class_instructor(user, staff) {
        MobileView::Full
    } else {
        MobileView::Masked
    }
}

/// Selecting someone living in `candidate_home` for a gated stage (and
/// undoing it): a coordinator whose region contains theirs, at the level the
/// stage names (`selected_by`, county by default) or above; a national
/// coordinator is above every level. Instructors and admins select no one.
pub fn may_select_for_stage(
    user: &CurrentUser,
    candidate_home: &RegionCode,
    selected_by: RegionLevel,
) -> bool {
    scopes(user, Role::Coordinator).any(|scope| {
        let high_enough = scope.region().is_none_or(|r| r.level() <= selected_by);
        high_enough && scope.covers(candidate_home)
    })
}

/// Creating platforms (and choosing their code, host and home region): admins.
pub fn authorize_platform_creation(user: &CurrentUser) -> Result<(), ApiError> {
    allow(user.has_role(Role::Admin))
}

/// Changing a platform's branding: admins, and coordinators over the whole
/// of its home region (the national platform's: national coordinators).
pub fn may_brand_platform(user: &CurrentUser, home: Option<&RegionCode>) -> bool {
    let whole = Scope::of(home.cloned());
    user.has_role(Role::Admin) || scopes(user, Role::Coordinator).any(|own| own.contains(&whole))
}

pub fn authorize_platform_branding(
    user: &CurrentUser,
    home: Option<&RegionCode>,
) -> Result<(), ApiError> {
    allow(may_brand_platform(user, home))
}

/// Setting up programmes and their stages: national coordinators and admins.
pub fn may_manage_programmes(user: &CurrentUser) -> bool {
    user.has_role(Role::Admin)
        || scopes(user, Role::Coordinator).any(|scope| scope.region().is_none())
}

pub fn authorize_programme_setup(user: &CurrentUser) -> Result<(), ApiError> {
    allow(may_manage_programmes(user))
}

/// Designing a programme's certificates (issuer, signatory, logo, seal):
/// national coordinators and admins, as for the programme itself. What
/// they set is signed into every certificate the programme issues after.
pub fn may_design_certificates(user: &CurrentUser) -> bool {
    may_manage_programmes(user)
}

pub fn authorize_certificate_design(user: &CurrentUser) -> Result<(), ApiError> {
    allow(may_design_certificates(user))
}

pub fn authorize_selection(
    user: &CurrentUser,
    candidate_home: &RegionCode,
    selected_by: RegionLevel,
) -> Result<(), ApiError> {
    allow(may_select_for_stage(user, candidate_home, selected_by))
}

/// Issuing a password reset code for someone living in `home` who holds
/// `roles`: an admin for anyone; a coordinator whose region contains the
/// person's home, for trainees only (a code takes over the account, so a
/// coordinator must not be able to take over staff, an admin above all).
pub fn may_reset_password_of(user: &CurrentUser, home: &RegionCode, roles: &[RoleGrant]) -> bool {
    if user.has_role(Role::Admin) {
        return true;
    }
    let trainee_only = roles.iter().all(|g| g.role == Role::Trainee);
    trainee_only && scopes(user, Role::Coordinator).any(|scope| scope.covers(home))
}

pub fn authorize_password_reset(
    user: &CurrentUser,
    home: &RegionCode,
    roles: &[RoleGrant],
) -> Result<(), ApiError> {
    allow(may_reset_password_of(user, home, roles))
}

/// Looking people up by name or number (to help them with their account):
/// an admin everywhere, seeing whole numbers; a coordinator in their
/// regions, seeing numbers masked. `None`: no access.
pub fn people_lookup(user: &CurrentUser) -> Option<(Vec<Scope>, MobileView)> {
    if user.has_role(Role::Admin) {
        return Some((vec![Scope::National], MobileView::Full));
    }
    let scopes: Vec<Scope> = scopes(user, Role::Coordinator).collect();
    (!scopes.is_empty()).then_some((scopes, MobileView::Masked))
}

/// Moving someone's home region from `from` to `to` (people never move
/// their own: where they live decides whom they are counted for): an admin;
/// a coordinator whose region contains both, for trainees only.
pub fn may_move_home(
    user: &CurrentUser,
    from: &RegionCode,
    to: &RegionCode,
    roles: &[RoleGrant],
) -> bool {
    if user.has_role(Role::Admin) {
        return true;
    }
    let trainee_only = roles.iter().all(|g| g.role == Role::Trainee);
    trainee_only
        && scopes(user, Role::Coordinator).any(|scope| scope.covers(from))
        && scopes(user, Role::Coordinator).any(|scope| scope.covers(to))
}

pub fn authorize_home_move(
    user: &CurrentUser,
    from: &RegionCode,
    to: &RegionCode,
    roles: &[RoleGrant],
) -> Result<(), ApiError> {
    allow(may_move_home(user, from, to, roles))
}

/// Seeing and downloading a certificate: its holder; whoever manages the
/// class it certifies (its instructors, coordinators over the class's
/// region); a coordinator over the holder's home region; an admin.
pub fn may_see_certificate(
    user: &CurrentUser,
    holder: cultivator_shared::UserId,
    holder_home: Option<&RegionCode>,
    class: Option<&ClassStaff>,
) -> bool {
    user.id == holder
        || user.has_role(Role::Admin)
        || class.is_some_and(|staff| can_manage_class(user, staff))
        || holder_home
            .is_some_and(|home| scopes(user, Role::Coordinator).any(|scope| scope.covers(home)))
}

pub fn authorize_certificate(
    user: &CurrentUser,
    holder: cultivator_shared::UserId,
    holder_home: Option<&RegionCode>,
    class: Option<&ClassStaff>,
) -> Result<(), ApiError> {
    allow(may_see_certificate(user, holder, holder_home, class))
}

/// Reading the audit trail: an admin all of it, a coordinator the records
/// about objects in their region (a national coordinator's is the whole
/// country). `None`: no access.
pub fn audit_scopes(user: &CurrentUser) -> Option<Vec<Scope>> {
    if user.has_role(Role::Admin) {
        return Some(vec![Scope::National]);
    }
    let scopes: Vec<Scope> = scopes(user, Role::Coordinator).collect();
    (!scopes.is_empty()).then_some(scopes)
}

#[cfg(test)]
mod tests {
    use cultivator_shared::{RoleGrant, UserId};

    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap_or_else(|_| panic!("{s}"))
    }

    fn user(id: i64, grants: Vec<RoleGrant>) -> CurrentUser {
        CurrentUser {
            id: UserId(id),
            region: code("510121"),
            roles: grants,
        }
    }

    fn class_in(region: &str, instructors: &[i64]) -> ClassStaff {
        ClassStaff {
            created_by: UserId(1),
            instructors: instructors.iter().map(|i| UserId(*i)).collect(),
            region: code(region),
        }
    }

    #[test]
    fn classes_are_created_only_inside_ones_own_region() {
        let jintang = user(1, vec![RoleGrant::coordinator(Some(code("510121")))]);
        assert!(may_create_class_in(&jintang, &code("510121100")));
        assert!(!may_create_class_in(&jintang, &code("52")));
        assert!(!may_create_class_in(&jintang, &code("51")));
        let sichuan_teacher = user(2, vec![RoleGrant::instructor(Some(code("51")))]);
        assert!(may_create_class_in(&sichuan_teacher, &code("5101")));
        assert!(!may_create_class_in(&sichuan_teacher, &code("5226")));
        let trainee = user(3, vec![RoleGrant::global(Role::Trainee)]);
        assert!(authorize_class_creation(&trainee, &code("510121")).is_err());
    }

    #[test]
    fn creating_a_class_grants_nothing_and_a_removed_role_ends_management() {
        let class = class_in("52", &[1]);
        let was_instructor = user(1, vec![RoleGrant::global(Role::Trainee)]);
        assert!(!can_manage_class(&was_instructor, &class));
        let instructor = user(1, vec![RoleGrant::instructor(Some(code("51")))]);
        assert!(can_manage_class(&instructor, &class));
        let creator_coordinator = user(1, vec![RoleGrant::coordinator(Some(code("510121")))]);
        assert!(!can_manage_class(
            &creator_coordinator,
            &class_in("52", &[])
        ));
    }

    #[test]
    fn instructors_are_added_only_where_their_region_covers_the_class() {
        let jintang = code("510121");
        assert!(may_run_class_in(
            &[RoleGrant::instructor(Some(code("51")))],
            &jintang
        ));
        assert!(may_run_class_in(&[RoleGrant::instructor(None)], &jintang));
        assert!(!may_run_class_in(
            &[RoleGrant::instructor(Some(code("52")))],
            &jintang
        ));
        assert!(!may_run_class_in(
            &[RoleGrant::instructor(Some(code("510121100")))],
            &jintang
        ));
        assert!(!may_run_class_in(
            &[RoleGrant::coordinator(Some(code("51")))],
            &jintang
        ));
        let neighbour = user(3, vec![RoleGrant::coordinator(Some(code("510122")))]);
        assert!(authorize_class_change(&neighbour, &class_in("510121", &[5])).is_err());
        let county = user(4, vec![RoleGrant::coordinator(Some(code("510121")))]);
        assert!(authorize_class_change(&county, &class_in("510121", &[5])).is_ok());
    }

    #[test]
    fn only_the_class_instructors_get_the_checkin_code() {
        let class = class_in("510121", &[5]);
        let sichuan = user(3, vec![RoleGrant::coordinator(Some(code("51")))]);
        assert!(can_manage_class(&sichuan, &class));
        assert!(authorize_checkin_code(&sichuan, &class).is_err());
        let instructor = user(5, vec![RoleGrant::instructor(None)]);
        assert!(authorize_checkin_code(&instructor, &class).is_ok());
    }

    #[test]
    fn only_the_class_instructors_see_whole_mobile_numbers() {
        let class = class_in("510121", &[5]);
        let instructor = user(5, vec![RoleGrant::instructor(None)]);
        let sichuan = user(3, vec![RoleGrant::coordinator(Some(code("51")))]);
        let admin = user(6, vec![RoleGrant::global(Role::Admin)]);
        assert_eq!(roster_mobiles(&instructor, &class), MobileView::Full);
        assert_eq!(roster_mobiles(&sichuan, &class), MobileView::Masked);
        assert_eq!(roster_mobiles(&admin, &class), MobileView::Masked);
    }

    #[test]
    fn resets_are_issued_over_the_home_region_and_coordinators_reset_only_trainees() {
        let home = code("510121100201");
        let trainee = [RoleGrant::global(Role::Trainee)];
        let staff = [
            RoleGrant::global(Role::Trainee),
            RoleGrant::global(Role::Admin),
        ];
        let county = user(1, vec![RoleGrant::coordinator(Some(code("510121")))]);
        let neighbour = user(2, vec![RoleGrant::coordinator(Some(code("510122")))]);
        let admin = user(3, vec![RoleGrant::global(Role::Admin)]);
        let instructor = user(4, vec![RoleGrant::instructor(None)]);
        assert!(may_reset_password_of(&county, &home, &trainee));
        assert!(!may_reset_password_of(&county, &home, &staff));
        assert!(!may_reset_password_of(&neighbour, &home, &trainee));
        assert!(!may_reset_password_of(&instructor, &home, &trainee));
        assert!(may_reset_password_of(&admin, &home, &staff));
    }

    #[test]
    fn a_coordinator_moves_a_home_only_within_their_region() {
        let from = code("510121100201");
        let trainee = [RoleGrant::global(Role::Trainee)];
        let county = user(1, vec![RoleGrant::coordinator(Some(code("510121")))]);
        let province = user(2, vec![RoleGrant::coordinator(Some(code("51")))]);
        assert!(may_move_home(
            &county,
            &from,
            &code("510121100202"),
            &trainee
        ));
        assert!(!may_move_home(&county, &from, &code("510122"), &trainee));
        assert!(may_move_home(&province, &from, &code("510122"), &trainee));
    }

    #[test]
    fn selection_is_made_by_a_coordinator_at_county_level_or_above_over_the_candidate() {
        let home = code("510121100201");
        let county = user(1, vec![RoleGrant::coordinator(Some(code("510121")))]);
        let township = user(2, vec![RoleGrant::coordinator(Some(code("510121100")))]);
        let neighbour = user(3, vec![RoleGrant::coordinator(Some(code("510122")))]);
        let national = user(4, vec![RoleGrant::coordinator(None)]);
        let instructor = user(5, vec![RoleGrant::instructor(None)]);
        let admin = user(6, vec![RoleGrant::global(Role::Admin)]);
        let by_county = RegionLevel::County;
        assert!(may_select_for_stage(&county, &home, by_county));
        assert!(may_select_for_stage(&national, &home, by_county));
        assert!(!may_select_for_stage(&township, &home, by_county));
        assert!(!may_select_for_stage(&neighbour, &home, by_county));
        assert!(!may_select_for_stage(&instructor, &home, by_county));
        assert!(!may_select_for_stage(&admin, &home, by_county));
    }

    #[test]
    fn the_stage_names_the_level_that_selects() {
        let home = code("510121100201");
        let county = user(1, vec![RoleGrant::coordinator(Some(code("510121")))]);
        let township = user(2, vec![RoleGrant::coordinator(Some(code("510121100")))]);
        let province = user(3, vec![RoleGrant::coordinator(Some(code("51")))]);
        let national = user(4, vec![RoleGrant::coordinator(None)]);
        assert!(!may_select_for_stage(&county, &home, RegionLevel::Province));
        assert!(may_select_for_stage(
            &province,
            &home,
            RegionLevel::Province
        ));
        assert!(may_select_for_stage(
            &national,
            &home,
            RegionLevel::Province
        ));
        assert!(may_select_for_stage(
            &township,
            &home,
            RegionLevel::Township
        ));
        assert!(may_select_for_stage(&county, &home, RegionLevel::Township));
    }

    #[test]
    fn programmes_are_set_up_nationally() {
        let national = user(1, vec![RoleGrant::coordinator(None)]);
        let province = user(2, vec![RoleGrant::coordinator(Some(code("51")))]);
        let admin = user(3, vec![RoleGrant::global(Role::Admin)]);
        let instructor = user(4, vec![RoleGrant::instructor(None)]);
        assert!(may_manage_programmes(&national));
        assert!(may_manage_programmes(&admin));
        assert!(!may_manage_programmes(&province));
        assert!(!may_manage_programmes(&instructor));
    }

    #[test]
    fn a_platform_is_branded_by_coordinators_over_all_of_its_home() {
        let sichuan = code("51");
        let national = user(1, vec![RoleGrant::coordinator(None)]);
        let province = user(2, vec![RoleGrant::coordinator(Some(code("51")))]);
        let county = user(3, vec![RoleGrant::coordinator(Some(code("510121")))]);
        let guizhou = user(4, vec![RoleGrant::coordinator(Some(code("52")))]);
        let admin = user(5, vec![RoleGrant::global(Role::Admin)]);
        assert!(may_brand_platform(&province, Some(&sichuan)));
        assert!(may_brand_platform(&national, Some(&sichuan)));
        assert!(may_brand_platform(&admin, Some(&sichuan)));
        assert!(!may_brand_platform(&county, Some(&sichuan)));
        assert!(!may_brand_platform(&guizhou, Some(&sichuan)));
        // The national platform: national coordinators and admins only.
        assert!(may_brand_platform(&national, None));
        assert!(may_brand_platform(&admin, None));
        assert!(!may_brand_platform(&province, None));
        assert!(authorize_platform_creation(&national).is_err());
        assert!(authorize_platform_creation(&admin).is_ok());
    }
}

//! A role in words, a coordinator's or an instructor's with the name of the
//! region they work in (looked up when it is not on the person's own home
//! path).

use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{Role, RoleGrant};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::{
    Locale, Msg, coordinator_with_scope, instructor_with_scope, region_path, role_name, use_i18n,
};

/// A role in words; a coordinator's or an instructor's with the name of the
/// region they work in.
#[component]
pub fn RoleName(grant: RoleGrant, home: Vec<RegionView>) -> impl IntoView {
    let i18n = use_i18n();
    let RoleGrant { role, scope } = grant;
    let with_scope: fn(Locale, &str) -> String = match role {
        Role::Coordinator => coordinator_with_scope,
        Role::Instructor => instructor_with_scope,
        _ => return (move || role_name(i18n.locale(), role)).into_any(),
    };
    // Without a region, a coordinator coordinates nationally; an
    // instructor is shown by role alone.
    let Some(scope) = scope else {
        if role == Role::Instructor {
            return (move || role_name(i18n.locale(), role)).into_any();
        }
        return (move || with_scope(i18n.locale(), i18n.t(Msg::WholeCountry))).into_any();
    };
    // Until the region's name is known, its code stands in.
    let code = scope.to_string();
    // Usually the scope lies on the person's own path; otherwise ask the API.
    let known: Vec<RegionView> = home
        .into_iter()
        .take_while(|r| scope.is_within(&r.code))
        .collect();
    let path = if known.last().is_some_and(|r| r.code == scope) {
        LocalResource::new(move || std::future::ready(Ok::<_, ApiError>(known.clone())))
    } else {
        LocalResource::new(move || {
            let scope = scope.clone();
            async move { api::region_path(&scope).await }
        })
    };
    (move || {
        let name = match path.get() {
            Some(Ok(path)) if !path.is_empty() => region_path(i18n.locale(), &path),
            _ => code.clone(),
        };
        with_scope(i18n.locale(), &name)
    })
    .into_any()
}

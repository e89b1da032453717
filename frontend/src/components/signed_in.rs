//! The signed-in user, for pages that are only for someone signed in.

use cultivator_shared::api::auth::UserView;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiResult};

/// Loads who is signed in; a visitor who is not is sent to `/login`, and an
/// account that must set a password of its own to `/set-password` (that
/// page replaces this one in the history).
pub fn signed_in_user() -> LocalResource<ApiResult<UserView>> {
    let me = LocalResource::new(|| {
        api::first_screen::track();
        api::me()
    });
    let navigate = use_navigate();
    Effect::new(move || {
        let to = match me.get() {
            Some(Err(e)) if e.is_unauthenticated() => "/login",
            Some(Ok(user)) if user.must_change_password => "/set-password",
            _ => return,
        };
        navigate(
            to,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
    me
}

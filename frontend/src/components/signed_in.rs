//! The signed-in user, for pages that are only for someone signed in.

use cultivator_shared::api::auth::UserView;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiResult};

/// Loads who is signed in; a visitor who is not is sent to `/login` (the
/// login page replaces this one in the history).
pub fn signed_in_user() -> LocalResource<ApiResult<UserView>> {
    let me = LocalResource::new(api::me);
    let navigate = use_navigate();
    Effect::new(move || {
        if me
            .get()
            .is_some_and(|r| r.is_err_and(|e| e.is_unauthenticated()))
        {
            navigate(
                "/login",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    me
}

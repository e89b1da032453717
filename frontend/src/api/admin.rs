//! Administrators: finding accounts and replacing the roles they hold.

use cultivator_shared::UserId;
use cultivator_shared::api::Page;
use cultivator_shared::api::admin::SetRolesRequest;
use cultivator_shared::api::auth::UserView;
use gloo_net::http::Request;

use super::{ApiResult, get, send_json, url};

/// Accounts per page of the list.
pub const PAGE_SIZE: u64 = 20;

/// Accounts whose name or mobile number contains `q` (every account when
/// blank), newest first, skipping `offset`.
pub async fn users(q: &str, offset: u64) -> ApiResult<Page<UserView>> {
    let mut path = format!("/admin/users?limit={PAGE_SIZE}&offset={offset}");
    let q = q.trim();
    if !q.is_empty() {
        path.push_str("&q=");
        path.push_str(&String::from(js_sys::encode_uri_component(q)));
    }
    get(&url(&path)).await
}

/// Replaces every role `user` holds; answers with the account as it now is.
pub async fn set_roles(user: UserId, request: &SetRolesRequest) -> ApiResult<UserView> {
    send_json(
        Request::put(&url(&format!("/admin/users/{user}/roles"))),
        request,
    )
    .await
}

/// Ends every session of `user`, on every device.
pub async fn sign_out(user: UserId) -> ApiResult<()> {
    super::post_empty(&format!("/admin/users/{user}/sign-out")).await
}

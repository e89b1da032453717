//! The first screen's data the server wrote into the page
//! (`<script id="first-screen">`), answered here instead of over the
//! network: on a rural 3G link each request the app would make after
//! starting costs a round trip of about half a second.
//!
//! What it says holds only while it can still be true. Who is signed in,
//! and the home page's lists, hold for the path the page was served for
//! until the app moves to another page or changes anything. That nobody is
//! signed in holds until the app changes something (signing in is a change):
//! a visitor sent from `/` to `/login` asks nothing of the server.
//!
//! On a return visit the service worker may serve the page from its cache
//! (it marks it so): the app shows that at once, asks the network for a
//! fresh copy, and when it comes, swaps its data in and lets the views that
//! read them ([`track`]) load again.

use std::cell::{Cell, RefCell};

use leptos::prelude::{ArcRwSignal, Track, Update};

use cultivator_shared::api::auth::UserView;
use cultivator_shared::api::first_screen::{FIRST_SCREEN_ID, FirstScreen, HomeLists};
use cultivator_shared::{ApiErrorBody, ErrorCode};

use super::{ApiError, ApiResult};

thread_local! {
    static SCREEN: RefCell<Option<FirstScreen>> = RefCell::new(read_page());
    /// False once the app has moved to another page.
    static ON_FIRST_PAGE: Cell<bool> = const { Cell::new(true) };
    /// False once the app has changed anything.
    static UNCHANGED: Cell<bool> = const { Cell::new(true) };
    /// Bumped when fresh data replace those of a cached page.
    static REFRESHED: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// The request header that has the service worker fetch the page from the
/// network (and cache it) instead of answering from its cache.
const FRESH_HEADER: &str = "x-cultivator-fresh";

fn read_page() -> Option<FirstScreen> {
    let text = web_sys::window()?
        .document()?
        .get_element_by_id(FIRST_SCREEN_ID)?
        .text_content()?;
    serde_json::from_str(&text).ok()
}

/// The first screen's data in a page's HTML.
fn in_html(html: &str) -> Option<FirstScreen> {
    let start = format!("<script type=\"application/json\" id=\"{FIRST_SCREEN_ID}\">");
    let from = html.find(&start)? + start.len();
    let len = html[from..].find("</script>")?;
    serde_json::from_str(&html[from..from + len]).ok()
}

/// Whether the service worker served this page from its cache.
fn served_from_cache() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name='cultivator-cached']").ok())
        .flatten()
        .is_some()
}

/// A view that shows first-screen data calls this in its loader, to load
/// again when fresh data replace a cached page's.
pub fn track() {
    REFRESHED.with(|r| r.track());
}

/// When the page came from the service worker's cache, fetches a fresh
/// copy of it and swaps its data in, if they still hold for the page shown.
/// Offline, the cached data stay.
pub async fn refresh_if_cached() {
    if !served_from_cache() {
        return;
    }
    let Some(path) = current_path() else { return };
    let Ok(response) = gloo_net::http::Request::get(&path)
        .header(FRESH_HEADER, "1")
        .send()
        .await
    else {
        return;
    };
    let Some(screen) = response.text().await.ok().and_then(|html| in_html(&html)) else {
        return;
    };
    if !UNCHANGED.with(Cell::get) || !ON_FIRST_PAGE.with(Cell::get) || screen.path != path {
        return;
    }
    SCREEN.with(|s| *s.borrow_mut() = Some(screen));
    REFRESHED.with(|r| r.update(|n| *n = n.wrapping_add(1)));
}

/// The app has moved to another page.
pub fn left_first_page() {
    ON_FIRST_PAGE.with(|on| on.set(false));
}

/// The app has sent a change: from now on, the server is asked.
pub fn changed_something() {
    UNCHANGED.with(|u| u.set(false));
    SCREEN.with(|s| s.borrow_mut().take());
}

fn current_path() -> Option<String> {
    web_sys::window()?.location().pathname().ok()
}

/// The data, while they hold for the page the app shows.
fn fresh<T>(read: impl FnOnce(&FirstScreen) -> Option<T>) -> Option<T> {
    if !UNCHANGED.with(Cell::get) || !ON_FIRST_PAGE.with(Cell::get) {
        return None;
    }
    let path = current_path()?;
    SCREEN.with(|s| {
        s.borrow()
            .as_ref()
            .filter(|s| s.path == path)
            .and_then(read)
    })
}

/// The answer a call needing a signed-in person gets from the server
/// when nobody is.
fn unauthenticated() -> ApiError {
    ApiError::Api {
        status: 401,
        body: ApiErrorBody {
            code: ErrorCode::Unauthenticated,
            message: "not signed in".to_owned(),
            fields: Vec::new(),
        },
    }
}

/// Whether the page said nobody is signed in, and nothing has changed since.
fn signed_out() -> bool {
    UNCHANGED.with(Cell::get)
        && SCREEN.with(|s| s.borrow().as_ref().is_some_and(|s| s.me.is_none()))
}

/// `GET /auth/me` as the page answered it, if it still holds.
pub fn me() -> Option<ApiResult<UserView>> {
    if signed_out() {
        return Some(Err(unauthenticated()));
    }
    fresh(|s| s.me.clone()).map(Ok)
}

/// A call only a signed-in person may make, answered from the home page's
/// lists (`pick`), or refused without a request when nobody is signed in.
pub fn signed_in_list<T>(pick: impl FnOnce(&HomeLists) -> T) -> Option<ApiResult<T>> {
    if signed_out() {
        return Some(Err(unauthenticated()));
    }
    fresh(|s| s.home.as_ref().map(pick)).map(Ok)
}

/// A public call answered from the home page's lists, if they hold.
pub fn public_list<T>(pick: impl FnOnce(&HomeLists) -> T) -> Option<T> {
    fresh(|s| s.home.as_ref().map(pick))
}

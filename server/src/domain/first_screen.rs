//! The first screen's data, written into the app's page by the server (see
//! `cultivator_shared::api::first_screen`): one request, one session lookup,
//! instead of the page and then six API calls one after another.

use chrono::NaiveDate;
use cultivator_shared::api::first_screen::{
    FIRST_SCREEN_ID, FirstScreen, HOME_NOTIFICATIONS, HomeLists,
};
use cultivator_shared::api::notifications::UnreadCount;
use cultivator_shared::{RegionCode, RoleGrant, UserId};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::{course_enrollments, credit_entries};
use crate::domain::accounts::{self, AccountError};
use crate::domain::learning::summaries;
use crate::domain::page_cache::PageCache;
use crate::domain::{notifications, page_data};

/// The page whose first screen carries the home lists.
pub const HOME_PATH: &str = "/";

/// The person the page is for, as the session says.
#[derive(Debug, Clone)]
pub struct Reader {
    pub id: UserId,
    pub home: RegionCode,
    pub roles: Vec<RoleGrant>,
    /// Must set a password before anything else: only who they are is
    /// written in, the app sends them on.
    pub must_change_password: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum FirstScreenError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What a page's shared parts are read through: this node's cache, and the
/// catalogue epoch read with the session.
pub struct Shared<'a> {
    pub cache: &'a PageCache,
    pub epoch: i64,
    pub platform: i64,
}

/// The data for the page at `path`, for `reader` (`None`: nobody is signed
/// in, which the app then knows without asking).
pub async fn for_page(
    db: &impl ConnectionTrait,
    shared: &Shared<'_>,
    path: &str,
    reader: Option<&Reader>,
    today: NaiveDate,
) -> Result<FirstScreen, FirstScreenError> {
    let Some(reader) = reader else {
        return Ok(FirstScreen {
            path: path.to_owned(),
            me: None,
            home: None,
        });
    };
    let user = accounts::live_user(db, reader.id).await?;
    let lineage = shared.cache.lineage(db, shared.epoch, &reader.home).await?;
    let me = accounts::profile_view(user, reader.roles.clone(), lineage);
    let home = if path == HOME_PATH && !reader.must_change_password {
        Some(home_lists(db, shared, reader, today).await?)
    } else {
        None
    };
    Ok(FirstScreen {
        path: path.to_owned(),
        me: Some(me),
        home,
    })
}

/// Each list exactly as its own API call answers it. One after another on
/// one connection: under load, taking six pooled connections per page
/// would cost more than the waits it saves.
async fn home_lists(
    db: &impl ConnectionTrait,
    shared: &Shared<'_>,
    reader: &Reader,
    today: NaiveDate,
) -> Result<HomeLists, DbErr> {
    let (cache, epoch) = (shared.cache, shared.epoch);
    let enrollments = course_enrollments::of_user(db, reader.id).await?;
    let ids: Vec<i64> = enrollments.iter().map(|e| e.course_id).collect();
    let shapes = cache.shapes(db, epoch, &ids).await?;
    let my_courses = summaries::my_courses_of(db, reader.id, enrollments, &shapes).await?;
    let credits = credit_entries::ledger(db, reader.id).await?;
    let (notifications_page, unread) =
        notifications::page_and_unread(db, reader.id, HOME_NOTIFICATIONS).await?;
    let courses = cache.catalogue(db, epoch, shared.platform).await?;
    let near_me = cache
        .classes_near(db, epoch, shared.platform, &reader.home, today)
        .await?;
    Ok(HomeLists {
        my_courses,
        credits,
        notifications: notifications_page,
        unread: UnreadCount { unread },
        courses,
        near_me,
    })
}

/// `html` with the first screen's data written in.
pub fn in_page(html: &str, screen: &FirstScreen) -> String {
    page_data::with_json_element(html, FIRST_SCREEN_ID, screen)
}

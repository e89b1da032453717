//! The first screen's data, written into the app's page by the server (see
//! `cultivator_shared::api::first_screen`): one request, one session lookup,
//! instead of the page and then six API calls one after another.

use chrono::NaiveDate;
use cultivator_shared::api::first_screen::{
    FIRST_SCREEN_ID, FirstScreen, HOME_LIST, HOME_NOTIFICATIONS, HomeLists,
};
use cultivator_shared::api::notifications::UnreadCount;
use cultivator_shared::region::regions_serving;
use cultivator_shared::{RegionCode, UserId};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::{classes, course_views, credit_entries};
use crate::domain::accounts::{self, AccountError};
use crate::domain::learning::summaries;
use crate::domain::{notifications, page_data};

/// The page whose first screen carries the home lists.
pub const HOME_PATH: &str = "/";

/// The person the page is for, as the session says.
#[derive(Debug, Clone)]
pub struct Reader {
    pub id: UserId,
    pub home: RegionCode,
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

/// The data for the page at `path` on the platform `platform`, for `reader`
/// (`None`: nobody is signed in, which the app then knows without asking).
pub async fn for_page(
    db: &impl ConnectionTrait,
    path: &str,
    reader: Option<&Reader>,
    platform: i64,
    today: NaiveDate,
) -> Result<FirstScreen, FirstScreenError> {
    let Some(reader) = reader else {
        return Ok(FirstScreen {
            path: path.to_owned(),
            me: None,
            home: None,
        });
    };
    let me = accounts::profile(db, reader.id).await?;
    let home = if path == HOME_PATH && !reader.must_change_password {
        Some(home_lists(db, reader, platform, today).await?)
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
    reader: &Reader,
    platform: i64,
    today: NaiveDate,
) -> Result<HomeLists, DbErr> {
    let my_courses = summaries::my_courses(db, reader.id).await?;
    let credits = credit_entries::ledger(db, reader.id).await?;
    let notifications_page = notifications::page(db, reader.id, HOME_NOTIFICATIONS, 0).await?;
    let unread = notifications::unread(db, reader.id).await?;
    let (items, total) =
        course_views::published_matching(db, platform, None, None, HOME_LIST, 0).await?;
    let courses = cultivator_shared::api::Page { items, total };
    let serving = regions_serving(&reader.home);
    let (items, total) = classes::open_in(db, platform, &serving, today, HOME_LIST, 0).await?;
    Ok(HomeLists {
        my_courses,
        credits,
        notifications: notifications_page,
        unread: UnreadCount { unread },
        courses,
        near_me: cultivator_shared::api::Page { items, total },
    })
}

/// `html` with the first screen's data written in.
pub fn in_page(html: &str, screen: &FirstScreen) -> String {
    page_data::with_json_element(html, FIRST_SCREEN_ID, screen)
}

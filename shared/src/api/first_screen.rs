//! What the server writes into the app's page so that the first screen
//! needs no request of its own: who is signed in (or that nobody is) and,
//! on the home page, the lists it shows. On a rural 3G link every request
//! the app makes after it starts costs a round trip of about half a second;
//! with these the first screen costs none.

use serde::{Deserialize, Serialize};

use super::Page;
use super::auth::UserView;
use super::catalog::{ClassSummary, CourseSummary};
use super::learning::CreditLedger;
use super::my_learning::MyCourse;
use super::notifications::{NotificationView, UnreadCount};

/// The `id` of the `<script type="application/json">` element holding it.
pub const FIRST_SCREEN_ID: &str = "first-screen";

/// How many notifications the home page lists (the app asks for as many).
pub const HOME_NOTIFICATIONS: u64 = 50;
/// How many courses and classes the home page lists: one page of the
/// catalogue's default size.
pub const HOME_LIST: u64 = 20;

/// The data of the page's first view, as of when it was served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstScreen {
    /// The path the page was served for: the data belong to that view.
    pub path: String,
    /// The signed-in person; `None` when nobody is signed in.
    pub me: Option<UserView>,
    /// The home page's lists, for a signed-in person on `/`.
    pub home: Option<HomeLists>,
}

/// Everything the home page shows a signed-in person, each exactly as its
/// own API call would answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeLists {
    /// `GET /me/courses`
    pub my_courses: Vec<MyCourse>,
    /// `GET /me/credits`
    pub credits: CreditLedger,
    /// `GET /notifications?limit=50`
    pub notifications: Page<NotificationView>,
    /// `GET /notifications/unread-count`
    pub unread: UnreadCount,
    /// `GET /courses`
    pub courses: Page<CourseSummary>,
    /// `GET /classes/near-me`
    pub near_me: Page<ClassSummary>,
}

//! Pieces that more than one page uses.

mod catalog;
mod continue_learning;
mod download;
mod field;
mod header;
mod notifications;
mod online_form;
mod pager;
mod region_cascade;
mod region_picker;
mod role_name;
mod signed_in;
mod status;
mod video_player;

pub use catalog::{ClassCard, CourseCard};
pub use continue_learning::ContinueLearning;
pub use download::save_file;
pub use field::{TextField, field_error};
pub use header::AppHeader;
pub use notifications::{NoticeBoard, Notifications, UnreadBadge};
pub use online_form::{CheckBox, Input, TextArea};
pub use pager::{page_buttons, page_links};
pub use region_cascade::{RegionCascade, RegionSelects};
pub use region_picker::RegionPicker;
pub use role_name::RoleName;
pub use signed_in::signed_in_user;
pub use status::{ErrorAlert, LoadingLine};
pub use video_player::VideoPlayer;

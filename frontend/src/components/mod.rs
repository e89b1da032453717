//! Pieces that more than one page uses.

mod catalog;
mod field;
mod header;
mod region_picker;
mod role_name;
mod status;
// Online track.
mod continue_learning;
mod online_form;
mod video_player;
// offline rosters and pathway
mod notifications;

pub use catalog::{ClassCard, CourseCard};
pub use field::{TextField, field_error};
pub use header::AppHeader;
pub use notifications::Notifications;
pub use region_picker::RegionPicker;
pub use role_name::RoleName;
pub use status::{ErrorAlert, LoadingLine};
// Online track.
pub use continue_learning::ContinueLearning;
pub use online_form::{CheckBox, Input, TextArea};
pub use video_player::VideoPlayer;

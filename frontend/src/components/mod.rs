//! Pieces that more than one page uses.

mod catalog;
mod field;
mod header;
mod region_picker;
mod status;
// offline rosters and pathway
mod notifications;

pub use catalog::{ClassCard, CourseCard};
pub use field::{TextField, field_error};
pub use header::AppHeader;
pub use notifications::Notifications;
pub use region_picker::RegionPicker;
pub use status::{ErrorAlert, LoadingLine};

//! Instructors' pages under `/teach/…`: the classes they run, creating an
//! offline class with its first session, and managing one class.

mod attendance;
mod candidates;
mod class_manage;
mod classes;
mod local_time;
mod roster_import;

pub use class_manage::TeachClassPage;
pub use classes::TeachClasses;

use local_time::{from_local_input, local_time, now, to_local_input};

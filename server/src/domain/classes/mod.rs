//! Classes (培训班), online and offline: setting one up, applications, seats
//! and the waitlist, check-in and attendance, roster imports and exports, the
//! courses an online class follows, and the staged pathway between classes.

pub mod applications;
pub mod attendance_marks;
pub mod attendance_time;
pub mod changes;
pub mod checkin;
pub mod export;
pub mod member_progress;
pub mod online_courses;
pub mod pathway;
pub mod roster_eligibility;
pub mod roster_file;
pub mod roster_import;
pub mod session_changes;
pub mod setup;
pub mod staffing;

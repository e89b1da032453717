//! Classes: setting one up and finding one, changing or cancelling it and
//! its sessions, its instructors, applications and decisions,
//! check-in and attendance, roster imports and exports, the courses an online
//! class follows, and selection for the pathway's gated stages.

pub mod applications;
pub mod changes;
pub mod checkin;
pub mod export;
pub mod online_courses;
pub mod pathway;
pub mod rosters;
pub mod setup;
pub mod staffing;

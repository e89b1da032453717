//! Business rules as plain async functions over a database connection, callable
//! from handlers, the command line and tests alike.

pub mod accounts;
pub mod completion;
pub mod demo;
pub mod password;
pub mod region_import;
pub mod throttle;
// Offline track.
pub mod checkin;
pub mod class_export;
pub mod class_setup;
pub mod enrollment;
pub mod offline_completion;

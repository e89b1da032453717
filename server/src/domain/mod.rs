//! Business rules as plain async functions over a database connection, callable
//! from handlers, the command line and tests alike.

pub mod accounts;
pub mod authoring;
pub mod checkin;
pub mod class_export;
pub mod class_rates;
pub mod class_setup;
pub mod completion;
pub mod counting;
pub mod course_order;
pub mod dashboard;
pub mod dashboard_cache;
pub mod dashboard_export;
pub mod demo;
pub mod demo_scale;
pub mod enrollment;
pub mod learning;
pub mod markdown;
pub mod media;
pub mod my_learning;
pub mod offline_completion;
pub mod online_classes;
pub mod password;
pub mod pathway;
pub mod progress;
pub mod quiz_grading;
pub mod quizzes;
pub mod recount;
pub mod region_import;
pub mod roster_file;
pub mod roster_import;
pub mod targets;
pub mod throttle;
pub mod watch;

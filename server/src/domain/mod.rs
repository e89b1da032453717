//! Business rules as plain async functions over a database connection, callable
//! from handlers, the command line and tests alike.

pub mod accounts;
pub mod authoring;
pub mod completion;
pub mod demo;
pub mod learning;
pub mod markdown;
pub mod media;
pub mod password;
pub mod progress;
pub mod quiz_grading;
pub mod quizzes;
pub mod region_import;
pub mod throttle;
pub mod watch;

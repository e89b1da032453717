//! What coordinators steer by: regional targets, the dashboard over the
//! trained-people counters (and each node's cache of it), classes' rates in a
//! scope, and the recount that checks the counters against the enrolments.

pub mod class_rates;
pub mod dashboard;
pub mod dashboard_cache;
pub mod dashboard_export;
pub mod recount;
pub mod targets;

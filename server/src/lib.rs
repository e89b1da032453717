//! Cultivator's server: HTTP routes, domain rules, persistence and the command line.

pub mod assets;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod routes;
pub mod startup;
pub mod telemetry;

pub use config::{AppConfig, DbConfig};
pub use error::ApiError;
pub use startup::AppState;

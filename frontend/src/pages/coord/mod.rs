//! Coordinators' pages, under `/coord/`: only in the staff bundle.

mod charts;
mod dashboard;
mod filters;
mod sections;
mod targets;

pub use dashboard::DashboardPage;
pub use targets::TargetsPage;

//! Coordinators' pages, under `/coord/`: only in the staff bundle.

mod charts;
mod dashboard;
mod filters;
mod integrity;
mod people;
mod sections;
mod targets;

pub use dashboard::DashboardPage;
pub use integrity::IntegrityPage;
pub use people::PeoplePage;
pub use targets::TargetsPage;

//! Coordinators' pages, under `/coord/`: only in the staff bundle.

mod audit;
mod certificate_design;
mod charts;
mod dashboard;
mod filters;
mod integrity;
mod people;
mod person_certificates;
mod platform;
mod platform_items;
mod platform_table;
mod programme;
mod programmes;
mod sections;
mod stage_form;
mod targets;

pub use audit::AuditPage;
pub use dashboard::DashboardPage;
pub use integrity::IntegrityPage;
pub use people::PeoplePage;
pub use platform::PlatformPage;
pub use programme::ProgrammePage;
pub use programmes::ProgrammesPage;
pub use targets::TargetsPage;

//! One module per page (route).

mod home;
mod login;
mod not_found;
mod register;
// Offline track.
mod checkin;
mod class_detail;
// Staff pages (instructors, coordinators): only in the staff bundle.
#[cfg(feature = "staff")]
pub mod coord;
#[cfg(feature = "staff")]
pub mod teach;

pub use checkin::Checkin;
pub use class_detail::ClassDetailPage;
pub use home::Home;
pub use login::Login;
pub use not_found::NotFound;
pub use register::Register;

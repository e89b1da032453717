//! One module per page (route).

mod home;
mod login;
mod not_found;
mod register;
// Offline track.
mod checkin;
mod checkin_screen;
mod class_detail;
// offline rosters and pathway
mod teach;

pub use checkin::Checkin;
pub use checkin_screen::CheckinScreen;
pub use class_detail::ClassDetailPage;
pub use home::Home;
pub use login::Login;
pub use not_found::NotFound;
pub use register::Register;
pub use teach::{TeachClassPage, TeachClasses};

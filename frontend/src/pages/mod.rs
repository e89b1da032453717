//! One module per page (route).

mod home;
mod login;
mod not_found;
mod register;
// Offline track.
mod checkin;
mod class_detail;
// Online track.
mod catalogue;
pub(crate) mod course;
mod credits;
mod lesson;
mod quiz;
// Staff pages (instructors, coordinators, administrators): only in the staff bundle.
#[cfg(feature = "staff")]
pub mod admin;
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
// Online track.
pub use catalogue::Catalogue;
pub use course::CoursePage;
pub use credits::CreditsPage;
pub use lesson::LessonPage;
pub use quiz::QuizPage;

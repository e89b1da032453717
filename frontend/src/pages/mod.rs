//! One module per page (route).

mod account;
mod catalogue;
mod certificates;
mod checkin;
mod class_detail;
pub(crate) mod course;
mod credits;
mod home;
mod lesson;
mod login;
mod not_found;
mod quiz;
mod register;
mod reset_password;
mod set_password;
mod verify;
// Staff pages (instructors, coordinators, administrators): only in the staff bundle.
#[cfg(feature = "staff")]
pub mod admin;
#[cfg(feature = "staff")]
pub mod coord;
#[cfg(feature = "staff")]
pub mod teach;

pub use account::AccountPage;
pub use catalogue::Catalogue;
pub use certificates::CertificatesPage;
pub use checkin::Checkin;
pub use class_detail::ClassDetailPage;
pub use course::CoursePage;
pub use credits::CreditsPage;
pub use home::Home;
pub use lesson::LessonPage;
pub use login::Login;
pub use not_found::NotFound;
pub use quiz::QuizPage;
pub use register::Register;
pub use reset_password::ResetPasswordPage;
pub use set_password::SetPasswordPage;
pub use verify::VerifyPage;

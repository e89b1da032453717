//! Instructors' pages, under `/teach/`: only in the staff bundle.

mod checkin_screen;

pub use checkin_screen::CheckinScreen;

//! Online learning: self-paced courses authored by instructors, their media,
//! verified watch time and progress, quizzes, and what the learning pages show.

pub mod attention;
pub mod authoring;
pub mod checkpoints;
pub mod course_order;
pub mod enrolment;
pub mod markdown;
pub mod media;
pub mod offline_progress;
pub mod progress;
pub mod quiz_grading;
pub mod quizzes;
pub mod reading;
pub mod study_clock;
pub mod summaries;
pub mod watch;

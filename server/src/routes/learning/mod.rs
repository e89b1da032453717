//! Online learning: courses and their authoring, lesson media, progress and
//! credit hours, quizzes, and a trainee's or instructor's own courses.

pub mod courses;
pub mod media;
pub mod progress;
pub mod quizzes;
pub mod summaries;

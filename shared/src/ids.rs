//! Database ids as distinct types, so a class id can never be passed where a
//! user id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_newtype {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    )*};
}

id_newtype!(
    /// A person with an account: trainee, instructor, coordinator or admin.
    UserId,
    /// A training programme (培训计划).
    ProgrammeId,
    /// A stage of a programme's pathway (培训阶段).
    StageId,
    /// An online course (课程).
    CourseId,
    /// A module within a course.
    ModuleId,
    /// A lesson within a module.
    LessonId,
    /// A class (培训班), online or offline.
    ClassId,
    /// One dated meeting of an offline class (课次).
    ClassSessionId,
    /// A trainee's place in a class (报名).
    EnrollmentId,
    /// A roster import job.
    RosterImportId,
    /// A certificate (结业证书); the public refer to it by its number.
    CertificateId,
);

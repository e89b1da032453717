//! The enumerations of the training domain (see DOMAIN.md).

use serde::{Deserialize, Serialize};

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable name used in the database and on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}
pub(crate) use wire_enum;

wire_enum!(
    /// Online (self-paced in the browser) or offline (classroom at a venue).
    Track { Online => "online", Offline => "offline" }
);

wire_enum!(
    /// Where a trainee stands in a class.
    EnrollmentStatus {
        Applied => "applied",
        Waitlisted => "waitlisted",
        Enrolled => "enrolled",
        Completed => "completed",
        Withdrawn => "withdrawn",
        Rejected => "rejected",
    }
);

wire_enum!(
    /// How trainees get a seat in a class.
    EnrollmentMode { Open => "open", Approval => "approval", Invitation => "invitation" }
);

wire_enum!(
    /// Whether trainees can see a course or class yet.
    PublishState { Draft => "draft", Published => "published", Archived => "archived" }
);

wire_enum!(
    /// What a background job does (the job table's `kind`).
    JobKind { RosterImport => "roster_import" }
);

wire_enum!(
    /// Where a background job stands: waiting (first run or a retry after
    /// its backoff), held by a node under a lease, done, or given up after
    /// its last attempt (dead letter).
    JobState { Queued => "queued", Running => "running", Succeeded => "succeeded", Dead => "dead" }
);

impl EnrollmentStatus {
    /// Holds one of the class's seats.
    pub fn holds_seat(self) -> bool {
        matches!(
            self,
            EnrollmentStatus::Enrolled | EnrollmentStatus::Completed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_name() {
        for s in EnrollmentStatus::ALL {
            assert_eq!(EnrollmentStatus::parse(s.as_str()), Some(*s));
            let json = serde_json::to_string(s).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }
}

//! Types and rules that the Cultivator server and its browser frontend share.
//!
//! Everything here is plain data plus validation without I/O, so it builds for
//! `wasm32-unknown-unknown` and the browser checks input by the very same rules
//! the server enforces.

pub mod api;
pub mod certificate;
pub mod checkin_code;
pub mod credit;
pub mod error;
pub mod ids;
pub mod privacy;
pub mod region;
pub mod roles;
pub mod status;
pub mod validation;

pub use credit::CreditHours;
pub use error::{ApiErrorBody, ErrorCode, FieldError, ValidationError};
pub use ids::*;
pub use region::{RegionCode, RegionLevel};
pub use roles::{Role, RoleGrant};
pub use status::{EnrollmentMode, EnrollmentStatus, JobKind, JobState, PublishState, Track};

/// Every state-changing request must carry this header (with [`CSRF_HEADER_VALUE`]).
///
/// A cross-site form cannot set custom headers, and a cross-site `fetch` that
/// sets one needs a CORS preflight the server never grants, so its presence
/// proves the request came from our own pages.
pub const CSRF_HEADER: &str = "x-cultivator-csrf";
pub const CSRF_HEADER_VALUE: &str = "1";

/// URL prefixes of the pages for instructors, coordinators and admins. The
/// browser app comes in two bundles: trainees (most users, on cheap phones)
/// download one without these pages, and the server answers these paths with
/// the staff bundle instead.
pub const STAFF_PAGE_PREFIXES: [&str; 3] = ["/teach", "/coord", "/admin"];

/// Whether `path` is a staff page (see [`STAFF_PAGE_PREFIXES`]).
pub fn is_staff_page(path: &str) -> bool {
    STAFF_PAGE_PREFIXES.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

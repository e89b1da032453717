//! Types and rules that the Cultivator server and its browser frontend share.
//!
//! Everything here is plain data plus validation without I/O, so it builds for
//! `wasm32-unknown-unknown` and the browser checks input by the very same rules
//! the server enforces.

pub mod api;
pub mod credit;
pub mod error;
pub mod ids;
pub mod region;
pub mod roles;
pub mod status;
pub mod validation;

pub use credit::CreditHours;
pub use error::{ApiErrorBody, ErrorCode, FieldError, ValidationError};
pub use ids::*;
pub use region::{RegionCode, RegionLevel};
pub use roles::{Role, RoleGrant};
pub use status::{EnrollmentMode, EnrollmentStatus, PublishState, Track};

/// Every state-changing request must carry this header (with [`CSRF_HEADER_VALUE`]).
///
/// A cross-site form cannot set custom headers, and a cross-site `fetch` that
/// sets one needs a CORS preflight the server never grants, so its presence
/// proves the request came from our own pages.
pub const CSRF_HEADER: &str = "x-cultivator-csrf";
pub const CSRF_HEADER_VALUE: &str = "1";

//! Who is asking, and may they: the signed-in session, the current user,
//! the CSRF check, the client address and every permission rule.

pub mod client_addr;
pub mod course_editor;
pub mod csrf;
pub mod current_user;
pub mod known_device;
pub mod managed_class;
pub mod permissions;
pub mod recent_user;
pub mod scope;
pub mod session;

pub use client_addr::ClientAddr;
pub use course_editor::{authorize_course_editor, authorize_course_viewer};
pub use current_user::{CurrentUser, DashboardViewer, PageViewer, SignedInUser};
pub use known_device::DeviceCookie;
pub use managed_class::ManagedClass;
pub use permissions::Action;
pub use recent_user::RecentUser;
pub use session::AuthSession;

//! Administrators' pages, under `/admin/`: only in the staff bundle.

mod account;
mod create_accounts;
mod role_editor;
mod scope_picker;
mod users;

pub use users::UsersPage;

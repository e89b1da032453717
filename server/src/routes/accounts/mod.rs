//! Accounts: registration and sign-in, the owner's own password, profile
//! and data, staff acting on someone's account, and administrators
//! managing accounts.

pub mod admin;
pub mod auth;
pub mod password;
pub mod profile;
pub mod staff;

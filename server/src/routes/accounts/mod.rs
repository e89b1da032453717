//! Accounts: registration and sign-in, and administrators managing accounts.

pub mod admin;
pub mod auth;

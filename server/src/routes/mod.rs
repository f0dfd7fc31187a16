//! The JSON API beside the Leptos pages: `/movies`, `/status`, and JSON answers for unknown
//! API paths and methods.

pub mod errors;
pub mod movies;
pub mod status;

//! The JSON API beside the Leptos pages.

pub mod errors;
pub mod movies;

//! Kodama's server: turns the slow Studio Ghibli API into a fast, always-available index.
//!
//! - [`config`]: start-up settings from flags and environment variables.
//! - [`upstream`]: the API's records and the HTTP client that fetches them.
//! - [`index`]: the pure compute of which people appear in which film.
//! - [`snapshot`]: the upstream data built into the binary, for when the API is unreachable.
//! - [`cache`]: the index in Redis, shared by the refresher and every reader.
//! - [`refresher`]: the background task that fetches, computes and stores.
//! - [`routes`]: the JSON API (`/movies`) and its errors.
//! - [`startup`]: wiring it all into one application.
//! - [`telemetry`]: structured logs.
//!
//! The web pages themselves are in the `app` crate, rendered here through `leptos_axum`.

pub mod cache;
pub mod config;
pub mod index;
pub mod refresher;
pub mod routes;
pub mod snapshot;
pub mod startup;
pub mod telemetry;
pub mod upstream;

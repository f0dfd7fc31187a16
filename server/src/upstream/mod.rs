//! The Studio Ghibli API: the records Kodama reads from it and the client that fetches them.

mod client;
mod records;

pub use client::{GhibliClient, UpstreamError};
pub use records::{parse_collection, Catalog, FilmRecord, Parsed, PersonRecord};

//! The types that travel between the server and the browser.
//!
//! `MoviesIndex` is the public `/movies` document: films keyed by id, each with the people who
//! appear in it. `IndexMeta` says where a document came from and when. Both are plain data with
//! serde derives, so the server, the WASM front end and the tests all agree on one shape.

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// One person as listed under a film in `/movies`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonEntry {
    pub person_id: String,
    pub person_name: String,
}

/// One film in `/movies`: its title and everyone known to appear in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilmEntry {
    pub film_title: String,
    pub persons: Vec<PersonEntry>,
}

/// The `/movies` document, keyed by film id.
///
/// An `IndexMap` rather than a `HashMap` so that the order chosen by the compute (release
/// order) survives serialization and deserialization: the page lists films in that order.
pub type MoviesIndex = IndexMap<String, FilmEntry>;

/// Where the data of a stored index came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    /// Fetched from the live Ghibli API.
    Upstream,
    /// The snapshot built into the binary, used while the upstream cannot be reached.
    Snapshot,
}

/// Facts about a stored index, written together with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// When the refresher computed this index.
    pub computed_at: DateTime<Utc>,
    pub source: DataSource,
    /// Hex SHA-256 of the serialized `/movies` document, byte for byte.
    pub content_hash: String,
    pub film_count: usize,
    /// Person entries over all films: a person in two films counts twice.
    pub person_count: usize,
    /// References that pointed at nothing (placeholders, unknown ids) and were left out.
    pub skipped_references: usize,
    /// Upstream records that did not parse and were left out.
    #[serde(default)]
    pub skipped_records: usize,
}

/// What the page needs to show the films: the index in display order plus its metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoviesPage {
    pub films: Vec<FilmListing>,
    pub meta: IndexMeta,
    /// The server could not read its cache and shows the last copy it had.
    pub stale: bool,
}

/// One film as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilmListing {
    pub film_id: String,
    pub film_title: String,
    pub persons: Vec<PersonEntry>,
}

impl MoviesPage {
    /// Turns an index into the page's list, keeping the index's order.
    pub fn from_index(index: MoviesIndex, meta: IndexMeta, stale: bool) -> Self {
        let films = index
            .into_iter()
            .map(|(film_id, film)| FilmListing {
                film_id,
                film_title: film.film_title,
                persons: film.persons,
            })
            .collect();

        Self { films, meta, stale }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> IndexMeta {
        IndexMeta {
            computed_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            source: DataSource::Snapshot,
            content_hash: "abc".into(),
            film_count: 2,
            person_count: 1,
            skipped_references: 0,
            skipped_records: 0,
        }
    }

    #[test]
    fn the_movies_document_keeps_the_documented_field_names_and_film_order() {
        let json = r#"{"b":{"film_title":"B","persons":[{"person_id":"p","person_name":"P"}]},
                       "a":{"film_title":"A","persons":[]}}"#;

        let index: MoviesIndex = serde_json::from_str(json).unwrap();
        let page = MoviesPage::from_index(index, meta(), false);

        let ids: Vec<_> = page.films.iter().map(|f| f.film_id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(page.films[0].persons[0].person_name, "P");
    }

    #[test]
    fn data_sources_serialize_as_lower_case_words() {
        let json = serde_json::to_string(&DataSource::Upstream).unwrap();

        assert_eq!(json, r#""upstream""#);
    }
}

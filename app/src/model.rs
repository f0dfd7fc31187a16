//! The types that travel between the server and the browser.
//!
//! - `MoviesIndex` is the public `/movies` document: films keyed by id, each with the people
//!   who appear in it.
//! - `DetailIndex` is what the pages show: films and people with their details.
//! - `IndexMeta` says where the data came from and when; `Freshness` is what a page says of it.
//!
//! All are plain data with serde derives, so the server, the WASM front end and the tests
//! agree on one shape.

use chrono::{DateTime, NaiveDate, Utc};
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
    /// For [`DataSource::Snapshot`]: the day the snapshot was taken.
    #[serde(default)]
    pub snapshot_taken_on: Option<NaiveDate>,
}

/// Where film posters may come from. The upstream's image URLs point there; the server keeps
/// no other image URL, and the pages' Content-Security-Policy allows images from this origin
/// only, so a changed or hostile upstream cannot make browsers load images from elsewhere.
pub const POSTER_ORIGIN: &str = "https://image.tmdb.org";

/// What the pages show: every film and every person with their details, computed with the
/// `/movies` index from the same data and stored beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailIndex {
    /// In release order, like `/movies`.
    pub films: Vec<FilmDetails>,
    /// By name, keyed by person id.
    pub people: IndexMap<String, PersonDetails>,
}

impl DetailIndex {
    pub fn film(&self, film_id: &str) -> Option<&FilmDetails> {
        self.films.iter().find(|film| film.film_id == film_id)
    }

    pub fn person(&self, person_id: &str) -> Option<&PersonDetails> {
        self.people.get(person_id)
    }
}

/// One film with what the pages show of it. Details the upstream does not know are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilmDetails {
    pub film_id: String,
    pub title: String,
    pub original_title: Option<String>,
    pub original_title_romanised: Option<String>,
    pub release_year: Option<String>,
    pub director: Option<String>,
    pub producer: Option<String>,
    pub running_time_minutes: Option<u32>,
    /// Only ever a URL under [`POSTER_ORIGIN`].
    pub poster_url: Option<String>,
    /// The people in the film, by name, as in `/movies`.
    pub persons: Vec<PersonEntry>,
}

/// One person with what the pages show of them. Values the upstream marks as unknown
/// (`"NA"`, `"Unknown"`, empty) are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetails {
    pub person_id: String,
    pub name: String,
    pub gender: Option<String>,
    pub age: Option<String>,
    pub eye_color: Option<String>,
    pub hair_color: Option<String>,
    /// In release order.
    pub films: Vec<FilmRef>,
}

/// A film as a person's page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilmRef {
    pub film_id: String,
    pub film_title: String,
    pub release_year: Option<String>,
}

/// How fresh the data on a page is: when and from where it was computed, and whether the
/// server is showing its last copy because it cannot read its cache.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freshness {
    pub computed_at: DateTime<Utc>,
    pub source: DataSource,
    /// For snapshot data: the day the snapshot was taken.
    pub snapshot_taken_on: Option<NaiveDate>,
    /// When the server read the data for this page. The age shown is measured from here,
    /// with the server's clock, so a visitor's wrong clock cannot make it wrong.
    pub served_at: DateTime<Utc>,
    pub stale: bool,
}

impl Freshness {
    /// Seconds from the computation to the serving of the data (never negative).
    pub fn age_when_served(&self) -> i64 {
        (self.served_at - self.computed_at).num_seconds().max(0)
    }
}

/// The home page: every film.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub films: Vec<FilmDetails>,
    pub freshness: Freshness,
}

/// A film's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilmData {
    pub film: FilmDetails,
    pub freshness: Freshness,
}

/// A person's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonData {
    pub person: PersonDetails,
    pub freshness: Freshness,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_movies_document_keeps_the_documented_field_names_and_film_order() {
        let json = r#"{"b":{"film_title":"B","persons":[{"person_id":"p","person_name":"P"}]},
                       "a":{"film_title":"A","persons":[]}}"#;

        let index: MoviesIndex = serde_json::from_str(json).unwrap();

        let ids: Vec<_> = index.keys().map(String::as_str).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(index["b"].persons[0].person_name, "P");
        assert_eq!(
            serde_json::to_string(&index)
                .unwrap()
                .replace(char::is_whitespace, ""),
            json.replace(char::is_whitespace, "")
        );
    }

    #[test]
    fn data_sources_serialize_as_lower_case_words() {
        let json = serde_json::to_string(&DataSource::Upstream).unwrap();

        assert_eq!(json, r#""upstream""#);
    }

    #[test]
    fn the_age_of_data_is_measured_on_the_server_clock_and_never_negative() {
        let computed_at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let mut freshness = Freshness {
            computed_at,
            source: DataSource::Upstream,
            snapshot_taken_on: None,
            served_at: computed_at + chrono::Duration::seconds(20),
            stale: false,
        };
        assert_eq!(freshness.age_when_served(), 20);

        freshness.served_at = computed_at - chrono::Duration::seconds(5);
        assert_eq!(freshness.age_when_served(), 0);
    }

    #[test]
    fn films_and_people_are_found_by_id() {
        let film = FilmDetails {
            film_id: "f1".into(),
            title: "One".into(),
            ..FilmDetails::default()
        };
        let person = PersonDetails {
            person_id: "p1".into(),
            name: "Ann".into(),
            ..PersonDetails::default()
        };
        let details = DetailIndex {
            films: vec![film],
            people: [("p1".to_owned(), person)].into_iter().collect(),
        };

        assert_eq!(details.film("f1").unwrap().title, "One");
        assert_eq!(details.person("p1").unwrap().name, "Ann");
        assert!(details.film("p1").is_none());
        assert!(details.person("nobody").is_none());
    }
}

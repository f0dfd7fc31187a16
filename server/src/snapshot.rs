//! The upstream data built into the binary, for when the upstream cannot be reached.
//!
//! `server/snapshot/` holds the two collections reduced to the fields Kodama reads, and the
//! day they were taken (`taken-on`, which the pages show). A fresh install with no network
//! still shows real data at once; the next successful upstream refresh replaces it. The tests
//! below keep the snapshot equal to the full fixtures; run them with `UPDATE_SNAPSHOT=1` to
//! rewrite it (and its date) after the fixtures change.

use chrono::NaiveDate;

use crate::upstream::{parse_collection, Catalog, UpstreamError};

const FILMS_JSON: &[u8] = include_bytes!("../snapshot/films.json");
const PEOPLE_JSON: &[u8] = include_bytes!("../snapshot/people.json");
const TAKEN_ON: &str = include_str!("../snapshot/taken-on");

/// The day the snapshot was taken. `None` only if the file was edited into something that
/// is not a date, which a test below catches.
pub fn snapshot_taken_on() -> Option<NaiveDate> {
    TAKEN_ON.trim().parse().ok()
}

/// The built-in catalog. Parsing cannot fail for the files the tests checked, but a bad edit
/// to them is reported like bad upstream data rather than as a panic.
pub fn snapshot_catalog() -> Result<Catalog, UpstreamError> {
    let films = parse_collection(FILMS_JSON).map_err(|source| UpstreamError::Decode {
        collection: "films",
        source,
    })?;
    let people = parse_collection(PEOPLE_JSON).map_err(|source| UpstreamError::Decode {
        collection: "people",
        source,
    })?;

    Ok(Catalog {
        films: films.records,
        people: people.records,
        skipped_records: 0,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::index::build_index;
    use crate::upstream::{FilmRecord, PersonRecord};

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/ghibli");

    fn fixture_catalog() -> Catalog {
        let read = |name: &str| std::fs::read(Path::new(FIXTURES).join(name)).unwrap();

        Catalog {
            films: parse_collection::<FilmRecord>(&read("films.json"))
                .unwrap()
                .records,
            people: parse_collection::<PersonRecord>(&read("people.json"))
                .unwrap()
                .records,
            skipped_records: 0,
        }
    }

    fn write_snapshot(catalog: &Catalog) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshot");

        write_pretty(&dir.join("films.json"), &catalog.films);
        write_pretty(&dir.join("people.json"), &catalog.people);
        let today = chrono::Utc::now().date_naive();
        std::fs::write(dir.join("taken-on"), format!("{today}\n")).unwrap();
    }

    fn write_pretty(path: &Path, value: &impl serde::Serialize) {
        let text = serde_json::to_string_pretty(value).unwrap() + "\n";
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn the_snapshot_holds_what_kodama_reads_of_the_fixtures() {
        let fixtures = fixture_catalog();
        if std::env::var_os("UPDATE_SNAPSHOT").is_some() {
            write_snapshot(&fixtures);
        }

        let snapshot = snapshot_catalog().unwrap();

        assert_eq!(snapshot, fixtures);
    }

    #[test]
    fn the_snapshot_date_is_a_date() {
        assert!(snapshot_taken_on().is_some(), "taken-on holds {TAKEN_ON:?}");
    }

    #[test]
    fn the_real_data_gives_22_films_and_59_person_entries() {
        let index = build_index(&snapshot_catalog().unwrap());

        let without_people = index
            .movies
            .values()
            .filter(|f| f.persons.is_empty())
            .count();
        assert_eq!(index.stats.film_count, 22);
        assert_eq!(index.stats.person_count, 59);
        assert_eq!(without_people, 11);
        // The 17 placeholders `.../people/` of films with no known people.
        assert_eq!(index.stats.skipped_references, 17);
        assert_eq!(
            index.movies.first().unwrap().1.film_title,
            "Castle in the Sky"
        );
    }
}

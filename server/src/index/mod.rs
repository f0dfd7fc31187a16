//! The compute: which people appear in which film.
//!
//! A pure function of the two upstream collections, with no I/O, so it is tested on the real
//! data and on small hand-made cases alike.
//!
//! The upstream records the relation twice, in `film.people` and in `person.films`, and the
//! two sides disagree (each lists pairs the other lacks). The index is the union of both
//! sides. References are URLs whose last path segment is the id; the host is ignored because
//! the data still names a host the API left years ago. References that name no id (the
//! placeholder `.../people/`) or an id that is not in the data are skipped and counted.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

mod details;

use app::model::{DetailIndex, FilmEntry, MoviesIndex, PersonEntry};

use crate::upstream::{Catalog, FilmRecord, PersonRecord};

/// The computed index and what was seen while computing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltIndex {
    /// The public `/movies` document.
    pub movies: MoviesIndex,
    /// The same films and people with the details the pages show.
    pub details: DetailIndex,
    pub stats: IndexStats,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub film_count: usize,
    /// Person entries over all films: someone in two films counts twice.
    pub person_count: usize,
    /// References left out because they name no id or an id not in the data.
    pub skipped_references: usize,
}

/// Builds the `/movies` index from both sides of the film-person relation.
///
/// Every film appears, also one with no people. Films are in release order (then title, then
/// id) and people by name (then id), so the same data always gives the same bytes.
pub fn build_index(catalog: &Catalog) -> BuiltIndex {
    let films = first_by_id(&catalog.films, |film| &film.id);
    let people = first_by_id(&catalog.people, |person| &person.id);
    let mut appearances = Appearances::default();
    let mut skipped_references = 0;

    // Side one: each person's films.
    for person in people.values() {
        for reference in &person.films {
            match reference_id(reference, "films").and_then(|id| films.get_key_value(&*id)) {
                Some((film_id, _)) => appearances.add(film_id, &person.id),
                None => skipped_references += 1,
            }
        }
    }

    // Side two: each film's people.
    for film in films.values() {
        for reference in &film.people {
            match reference_id(reference, "people").and_then(|id| people.get_key_value(&*id)) {
                Some((person_id, _)) => appearances.add(&film.id, person_id),
                None => skipped_references += 1,
            }
        }
    }

    let movies = assemble(&films, &people, &appearances);
    let details = details::assemble(&films, &people, &movies);
    let person_count = movies.values().map(|film| film.persons.len()).sum();
    let stats = IndexStats {
        film_count: movies.len(),
        person_count,
        skipped_references,
    };

    BuiltIndex {
        movies,
        details,
        stats,
    }
}

/// The id a reference URL into `collection` points at: its last path segment, decoded.
///
/// `https://any.host/people/abc` and `https://any.host/people/abc/` give `abc`; the
/// placeholder `https://any.host/people/` gives nothing, as its last segment is the
/// collection itself. A query or fragment is not part of the id; `%E5%8D%83` is `千`.
pub fn reference_id<'a>(reference: &'a str, collection: &str) -> Option<Cow<'a, str>> {
    let without_suffix = reference
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim();
    let path = without_suffix.strip_suffix('/').unwrap_or(without_suffix);
    let segment = path.rsplit('/').next().unwrap_or_default();
    if segment.is_empty() || segment == collection {
        return None;
    }

    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
}

/// Which person ids appear in which film, each pair once.
#[derive(Default)]
struct Appearances<'a> {
    by_film: HashMap<&'a str, HashSet<&'a str>>,
}

impl<'a> Appearances<'a> {
    fn add(&mut self, film_id: &'a str, person_id: &'a str) {
        self.by_film.entry(film_id).or_default().insert(person_id);
    }

    fn people_in(&self, film_id: &str) -> impl Iterator<Item = &'a str> + '_ {
        self.by_film.get(film_id).into_iter().flatten().copied()
    }
}

/// Indexes records by id. Should an id appear twice, the first record wins, as a reader of
/// the list would take it.
fn first_by_id<T>(records: &[T], id: impl Fn(&T) -> &String) -> HashMap<&str, &T> {
    let mut by_id = HashMap::with_capacity(records.len());
    for record in records {
        by_id.entry(id(record).as_str()).or_insert(record);
    }
    by_id
}

fn assemble(
    films: &HashMap<&str, &FilmRecord>,
    people: &HashMap<&str, &PersonRecord>,
    appearances: &Appearances<'_>,
) -> MoviesIndex {
    let mut ordered_films: Vec<&FilmRecord> = films.values().copied().collect();
    ordered_films.sort_by(|a, b| release_order_key(a).cmp(&release_order_key(b)));

    ordered_films
        .into_iter()
        .map(|film| {
            let mut persons: Vec<PersonEntry> = appearances
                .people_in(&film.id)
                .map(|person_id| PersonEntry {
                    person_id: person_id.to_owned(),
                    person_name: people[person_id].name.clone(),
                })
                .collect();
            persons.sort_by(|a, b| {
                (&a.person_name, &a.person_id).cmp(&(&b.person_name, &b.person_id))
            });

            let entry = FilmEntry {
                film_title: film.title.clone(),
                persons,
            };
            (film.id.clone(), entry)
        })
        .collect()
}

/// Films with a year come first, by year; the rest follow. Title and id break ties.
fn release_order_key(film: &FilmRecord) -> (u32, &str, &str) {
    let year = film
        .release_date
        .as_deref()
        .and_then(|date| date.trim().parse().ok())
        .unwrap_or(u32::MAX);

    (year, &film.title, &film.id)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const FILMS: &str = "https://ghibliapi.herokuapp.com/films/";
    const PEOPLE: &str = "https://ghibliapi.herokuapp.com/people/";

    pub(crate) fn film(id: &str, title: &str, year: &str, people: &[&str]) -> FilmRecord {
        FilmRecord {
            id: id.into(),
            title: title.into(),
            release_date: Some(year.into()),
            people: people.iter().map(|p| format!("{PEOPLE}{p}")).collect(),
            ..FilmRecord::default()
        }
    }

    pub(crate) fn person(id: &str, name: &str, films: &[&str]) -> PersonRecord {
        PersonRecord {
            id: id.into(),
            name: name.into(),
            films: films.iter().map(|f| format!("{FILMS}{f}")).collect(),
            ..PersonRecord::default()
        }
    }

    fn names_in(index: &BuiltIndex, film_id: &str) -> Vec<String> {
        index.movies[film_id]
            .persons
            .iter()
            .map(|p| p.person_name.clone())
            .collect()
    }

    #[test]
    fn both_sides_of_the_relation_are_joined_without_duplicates() {
        let catalog = Catalog {
            films: vec![film("f1", "One", "2000", &["p1", "p2"])],
            people: vec![person("p1", "Ann", &["f1"]), person("p3", "Cid", &["f1"])],
            ..Catalog::default()
        };

        let index = build_index(&catalog);

        // p1 is on both sides and listed once; p2 is not a known person.
        assert_eq!(names_in(&index, "f1"), ["Ann", "Cid"]);
        assert_eq!(index.stats.person_count, 2);
        assert_eq!(index.stats.skipped_references, 1);
    }

    #[test]
    fn placeholders_and_unknown_ids_are_skipped_and_counted() {
        let catalog = Catalog {
            films: vec![film("f1", "One", "2000", &[""])],
            people: vec![person("p1", "Ann", &["nope", ""])],
            ..Catalog::default()
        };

        let index = build_index(&catalog);

        assert!(index.movies["f1"].persons.is_empty());
        assert_eq!(index.stats.skipped_references, 3);
    }

    #[test]
    fn a_person_listed_twice_for_one_film_appears_once() {
        let catalog = Catalog {
            films: vec![film("f1", "One", "2000", &["p1", "p1"])],
            people: vec![person("p1", "Ann", &["f1", "f1"])],
            ..Catalog::default()
        };

        let index = build_index(&catalog);

        assert_eq!(names_in(&index, "f1"), ["Ann"]);
    }

    #[test]
    fn films_without_people_are_kept() {
        let catalog = Catalog {
            films: vec![
                film("f1", "One", "2000", &[]),
                film("f2", "Two", "2001", &[]),
            ],
            people: vec![],
            ..Catalog::default()
        };

        let index = build_index(&catalog);

        assert_eq!(index.stats.film_count, 2);
        assert_eq!(index.stats.person_count, 0);
    }

    #[test]
    fn references_resolve_by_id_whatever_their_host() {
        let mut ann = person("p1", "Ann", &[]);
        ann.films = vec!["http://localhost:9999/api/films/f1?x=1".into()];
        let catalog = Catalog {
            films: vec![film("f1", "One", "2000", &[])],
            people: vec![ann],
            ..Catalog::default()
        };

        let index = build_index(&catalog);

        assert_eq!(names_in(&index, "f1"), ["Ann"]);
    }

    #[test]
    fn order_is_by_release_year_then_title_and_people_by_name() {
        let catalog = Catalog {
            films: vec![
                film("f3", "Late", "1999", &["p2", "p1"]),
                film("f2", "Beta", "1986", &[]),
                film("f1", "Alpha", "1986", &[]),
            ],
            people: vec![person("p1", "Zed", &[]), person("p2", "Amy", &[])],
            ..Catalog::default()
        };

        let first = build_index(&catalog);
        let mut reversed = catalog.clone();
        reversed.films.reverse();
        reversed.people.reverse();
        let second = build_index(&reversed);

        let ids: Vec<_> = first.movies.keys().map(String::as_str).collect();
        assert_eq!(ids, ["f1", "f2", "f3"]);
        assert_eq!(names_in(&first, "f3"), ["Amy", "Zed"]);
        assert_eq!(
            serde_json::to_string(&first.movies).unwrap(),
            serde_json::to_string(&second.movies).unwrap()
        );
    }

    #[test]
    fn reference_ids_are_the_last_path_segment() {
        let id = |reference, collection| reference_id(reference, collection).map(Cow::into_owned);

        assert_eq!(id("https://h/people/abc", "people").as_deref(), Some("abc"));
        assert_eq!(
            id("https://h/people/abc/", "people").as_deref(),
            Some("abc")
        );
        assert_eq!(id("https://h/people/", "people"), None);
        assert_eq!(id("https://h/films/x#frag", "films").as_deref(), Some("x"));
        assert_eq!(
            id("https://h/films/%E5%8D%83", "films").as_deref(),
            Some("千")
        );
        assert_eq!(id("", "films"), None);
    }
}

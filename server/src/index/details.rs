//! The pages' view of the same data: each film and person with their details.
//!
//! Built from the `/movies` index that was just computed, so both documents always agree on
//! who appears in which film. Upstream values are cleaned for display here, once, rather than
//! in every page:
//! - markers of "unknown" (`"NA"`, `"Unknown"`, empty text) become `None`, so pages show only
//!   what is known; a blank title or name becomes "Untitled film" or "Unnamed person", so that
//!   every link has text to click;
//! - running times become numbers, or `None` when they are not one;
//! - poster URLs are kept only under [`POSTER_ORIGIN`], the one image origin the pages allow.

use std::collections::HashMap;

use app::model::{
    DetailIndex, FilmDetails, FilmRef, MoviesIndex, PersonDetails, PersonEntry, POSTER_ORIGIN,
};
use indexmap::IndexMap;

use crate::upstream::{FilmRecord, PersonRecord};

/// Assembles the details of every film (in the order of `movies`) and every person.
pub(super) fn assemble(
    films: &HashMap<&str, &FilmRecord>,
    people: &HashMap<&str, &PersonRecord>,
    movies: &MoviesIndex,
) -> DetailIndex {
    let film_details: Vec<FilmDetails> = movies
        .iter()
        .map(|(film_id, entry)| film_details(films[film_id.as_str()], &entry.persons))
        .collect();

    let mut films_of_person: HashMap<&str, Vec<FilmRef>> = HashMap::new();
    for film in &film_details {
        for person in &film.persons {
            films_of_person
                .entry(person.person_id.as_str())
                .or_default()
                .push(film_ref(film));
        }
    }

    let mut ordered_people: Vec<&PersonRecord> = people.values().copied().collect();
    ordered_people.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let people: IndexMap<String, PersonDetails> = ordered_people
        .into_iter()
        .map(|person| {
            let films = films_of_person
                .remove(person.id.as_str())
                .unwrap_or_default();
            (person.id.clone(), person_details(person, films))
        })
        .collect();

    DetailIndex {
        films: film_details,
        people,
    }
}

fn film_details(film: &FilmRecord, persons: &[PersonEntry]) -> FilmDetails {
    let persons = persons
        .iter()
        .map(|person| PersonEntry {
            person_id: person.person_id.clone(),
            person_name: shown_name(&person.person_name),
        })
        .collect();

    FilmDetails {
        film_id: film.id.clone(),
        title: shown_or(&film.title, UNTITLED),
        original_title: known(film.original_title.as_deref()),
        original_title_romanised: known(film.original_title_romanised.as_deref()),
        release_year: known(film.release_date.as_deref()),
        director: known(film.director.as_deref()),
        producer: known(film.producer.as_deref()),
        running_time_minutes: film
            .running_time
            .as_deref()
            .and_then(|minutes| minutes.trim().parse().ok())
            .filter(|&minutes| minutes > 0),
        poster_url: film.image.as_deref().and_then(poster_url),
        persons,
    }
}

fn person_details(person: &PersonRecord, films: Vec<FilmRef>) -> PersonDetails {
    PersonDetails {
        person_id: person.id.clone(),
        name: shown_name(&person.name),
        gender: known(person.gender()),
        age: known(person.age.as_deref()),
        eye_color: known(person.eye_color.as_deref()),
        hair_color: known(person.hair_color.as_deref()),
        films,
    }
}

fn film_ref(film: &FilmDetails) -> FilmRef {
    FilmRef {
        film_id: film.film_id.clone(),
        film_title: film.title.clone(),
        release_year: film.release_year.clone(),
    }
}

const UNTITLED: &str = "Untitled film";
const UNNAMED: &str = "Unnamed person";

fn shown_name(name: &str) -> String {
    shown_or(name, UNNAMED)
}

/// The text as it is, or `fallback` when it is blank.
fn shown_or(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_owned()
    } else {
        text.to_owned()
    }
}

/// The value, trimmed, unless it is empty or one of the upstream's words for "unknown".
/// (`"None"` is not among them: as a hair colour it means bald.)
fn known(value: Option<&str>) -> Option<String> {
    const UNKNOWN: [&str; 4] = ["na", "n/a", "unknown", "unspecified"];

    let value = value?.trim();
    let is_unknown = value.is_empty() || UNKNOWN.contains(&value.to_lowercase().as_str());
    (!is_unknown).then(|| value.to_owned())
}

/// The image URL if it is an `https` URL under the allowed poster origin.
fn poster_url(image: &str) -> Option<String> {
    let url = url::Url::parse(image.trim()).ok()?;
    let allowed = url.origin().ascii_serialization() == POSTER_ORIGIN
        && url.username().is_empty()
        && url.password().is_none();

    allowed.then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::build_index;
    use crate::index::tests::{film, person};
    use crate::upstream::Catalog;

    fn catalog(films: Vec<FilmRecord>, people: Vec<PersonRecord>) -> Catalog {
        Catalog {
            films,
            people,
            ..Catalog::default()
        }
    }

    #[test]
    fn a_person_lists_their_films_from_both_sides_in_release_order() {
        // f2 names p1; p1 names f1. Both pairs are real.
        let details = build_index(&catalog(
            vec![
                film("f2", "Later", "2001", &["p1"]),
                film("f1", "Earlier", "1999", &[]),
            ],
            vec![person("p1", "Ann", &["f1"]), person("p2", "Bob", &[])],
        ))
        .details;

        let ann: Vec<_> = details.people["p1"]
            .films
            .iter()
            .map(|film| film.film_title.as_str())
            .collect();
        assert_eq!(ann, ["Earlier", "Later"]);
        assert!(
            details.people["p2"].films.is_empty(),
            "Bob is kept, in no film"
        );
        assert_eq!(details.film("f2").unwrap().persons[0].person_name, "Ann");
    }

    #[test]
    fn films_come_in_the_order_of_the_movies_index_and_people_by_name() {
        let built = build_index(&catalog(
            vec![film("f2", "B", "2001", &[]), film("f1", "A", "1999", &[])],
            vec![person("p2", "Zoe", &[]), person("p1", "Amy", &[])],
        ));

        let film_ids: Vec<_> = built.details.films.iter().map(|f| &f.film_id).collect();
        let movie_ids: Vec<_> = built.movies.keys().collect();
        assert_eq!(film_ids, movie_ids);
        let names: Vec<_> = built.details.people.values().map(|p| &p.name).collect();
        assert_eq!(names, ["Amy", "Zoe"]);
    }

    #[test]
    fn film_details_are_cleaned_for_display() {
        let mut record = film("f1", "Castle in the Sky", " 1986 ", &[]);
        record.original_title = Some("天空の城ラピュタ".into());
        record.director = Some("NA".into());
        record.running_time = Some("124".into());

        let details = build_index(&catalog(vec![record], vec![])).details;

        let film = &details.films[0];
        assert_eq!(film.original_title.as_deref(), Some("天空の城ラピュタ"));
        assert_eq!(film.release_year.as_deref(), Some("1986"));
        assert_eq!(film.director, None);
        assert_eq!(film.running_time_minutes, Some(124));
    }

    #[test]
    fn running_times_that_are_not_a_number_of_minutes_are_unknown() {
        for text in ["", "two hours", "-5", "0", "1e3"] {
            let mut record = film("f1", "A", "2000", &[]);
            record.running_time = Some(text.into());

            let details = build_index(&catalog(vec![record], vec![])).details;

            assert_eq!(details.films[0].running_time_minutes, None, "{text:?}");
        }
    }

    #[test]
    fn unknown_markers_are_dropped_and_known_values_kept() {
        for marker in ["", "  ", "NA", "na", "N/A", "Unknown", "unspecified"] {
            assert_eq!(known(Some(marker)), None, "{marker:?}");
        }
        assert_eq!(known(None), None);
        assert_eq!(known(Some(" 13 ")).as_deref(), Some("13"));
        assert_eq!(
            known(Some("Unspecified/Adult")).as_deref(),
            Some("Unspecified/Adult")
        );
        assert_eq!(known(Some("None")).as_deref(), Some("None"));
    }

    #[test]
    fn blank_titles_and_names_get_words_to_show_instead() {
        let details = build_index(&catalog(
            vec![film("f1", "  ", "2000", &["p1"])],
            vec![person("p1", "", &[])],
        ))
        .details;

        assert_eq!(details.films[0].title, "Untitled film");
        assert_eq!(details.films[0].persons[0].person_name, "Unnamed person");
        assert_eq!(details.people["p1"].name, "Unnamed person");
        assert_eq!(details.people["p1"].films[0].film_title, "Untitled film");
    }

    #[test]
    fn a_persons_details_include_the_misspelled_gender() {
        let mut ponyo = person("p1", "Ponyo", &[]);
        ponyo.misspelled_gender = Some("Female".into());
        ponyo.age = Some("5".into());
        ponyo.eye_color = Some("Unknown".into());

        let details = build_index(&catalog(vec![], vec![ponyo])).details;

        let ponyo = &details.people["p1"];
        assert_eq!(ponyo.gender.as_deref(), Some("Female"));
        assert_eq!(ponyo.age.as_deref(), Some("5"));
        assert_eq!(ponyo.eye_color, None);
    }

    #[test]
    fn posters_are_kept_only_from_the_allowed_origin_over_https() {
        let allowed = format!("{POSTER_ORIGIN}/t/p/w600/poster.jpg");
        assert_eq!(poster_url(&allowed), Some(allowed.clone()));

        for refused in [
            "http://image.tmdb.org/t/p/poster.jpg",
            "https://www.themoviedb.org/t/p/poster.jpg",
            "https://image.tmdb.org.evil.example/poster.jpg",
            "https://user:pw@image.tmdb.org/poster.jpg",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "/relative.jpg",
            "",
        ] {
            assert_eq!(poster_url(refused), None, "{refused}");
        }
    }
}

//! The home page's list: every film as a card, filtered by the search query.

use leptos::prelude::*;

use super::{FilmLink, PersonLink, Poster};
use crate::model::{FilmDetails, PersonEntry};
use crate::search::Query;

/// The films that match `query`, as cards in the order given, with a line that says how many
/// match. Cards are keyed by film id, so filtering adds and removes cards without redrawing
/// the others.
#[component]
pub fn FilmList(films: Vec<FilmDetails>, #[prop(into)] query: Signal<String>) -> impl IntoView {
    let total = films.len();
    let films = StoredValue::new(films);
    let query = Memo::new(move |_| Query::new(&query.read()));
    let search = Memo::new(move |_| {
        let query = query.get();
        let films = films.with_value(|films| {
            films
                .iter()
                .filter(|film| query.matches_film(film))
                .cloned()
                .collect()
        });
        Search { query, films }
    });

    view! {
        <p class="result-count" role="status" aria-live="polite">
            {move || search.with(|search| count_line(search.films.len(), total, &search.query))}
        </p>
        <ul class="film-list" aria-label="Films">
            <For
                each=move || search.with(|search| search.films.clone())
                key=|film| film.film_id.clone()
                children=move |film| view! { <li><FilmCard film query/></li> }
            />
        </ul>
    }
    .into_any()
}

/// A query and the films it matches, kept together: the count line reads both from this one
/// memo. (Reading the query memo beside a memo derived from it missed updates that left the
/// matches unchanged: "tot" and "toto" match the same film.)
#[derive(Clone, Debug, PartialEq)]
struct Search {
    query: Query,
    films: Vec<FilmDetails>,
}

/// One film: poster, titles, facts and its people (highlighted where they match the query),
/// or a clear note when none are known.
#[component]
pub fn FilmCard(film: FilmDetails, #[prop(into, optional)] query: Signal<Query>) -> impl IntoView {
    let facts = film_facts(&film);
    let people = if film.persons.is_empty() {
        view! { <p class="no-people">"No people listed"</p> }.into_any()
    } else {
        view! {
            <p class="person-count">{people_label(film.persons.len())}</p>
            <PersonLinks persons=film.persons query/>
        }
        .into_any()
    };

    view! {
        <article class="film-card" data-film-id=film.film_id>
            <Poster url=film.poster_url title=film.title.clone() size="small"/>
            <div class="film-card-body">
                <h2 class="film-title">
                    <FilmLink film_id=film.film_id.clone()>{film.title}</FilmLink>
                </h2>
                {film
                    .original_title
                    .map(|title| view! { <p class="original-title" lang="ja">{title}</p> })}
                <p class="film-facts">{facts}</p>
                {people}
            </div>
        </article>
    }
    // Erased to keep the page's view type shallow enough for the compiler.
    .into_any()
}

/// Links to the people of a film, in the order given.
#[component]
fn PersonLinks(persons: Vec<PersonEntry>, query: Signal<Query>) -> impl IntoView {
    view! {
        <ul class="person-list">
            <For
                each=move || persons.clone()
                key=|person| person.person_id.clone()
                children=move |person| {
                    let matched = {
                        let person = person.clone();
                        move || query.read().matches_person(&person)
                    };
                    view! {
                        <li data-person-id=person.person_id.clone() class:match=matched>
                            <PersonLink person_id=person.person_id.clone()>
                                {person.person_name}
                            </PersonLink>
                        </li>
                    }
                }
            />
        </ul>
    }
}

/// "1986 · Hayao Miyazaki · 2 h 4 min", leaving out what is unknown.
fn film_facts(film: &FilmDetails) -> String {
    let running_time = film.running_time_minutes.map(running_time_label);
    [
        film.release_year.clone(),
        film.director.clone(),
        running_time,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// Minutes as people say them: "45 min", "2 h", "2 h 4 min", with no-break spaces so that a
/// narrow card does not split the duration over two lines.
pub fn running_time_label(minutes: u32) -> String {
    let label = match (minutes / 60, minutes % 60) {
        (0, minutes) => format!("{minutes} min"),
        (hours, 0) => format!("{hours} h"),
        (hours, minutes) => format!("{hours} h {minutes} min"),
    };
    label.replace(' ', "\u{a0}")
}

fn people_label(count: usize) -> String {
    match count {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    }
}

/// "22 films", "3 of 22 films match “tot”", or that nothing matches.
fn count_line(matching: usize, total: usize, query: &Query) -> String {
    let films = |n| if n == 1 { "film" } else { "films" };
    match (query.is_empty(), matching) {
        (true, _) => format!("{total} {}", films(total)),
        (false, 0) => format!("No film or person matches “{}”.", query.text()),
        (false, n) => format!("{n} of {total} {} match “{}”", films(total), query.text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_counted_in_plain_english() {
        assert_eq!(people_label(1), "1 person");
        assert_eq!(people_label(7), "7 people");
    }

    #[test]
    fn running_times_read_as_hours_and_minutes() {
        assert_eq!(running_time_label(45), "45\u{a0}min");
        assert_eq!(running_time_label(120), "2\u{a0}h");
        assert_eq!(running_time_label(124), "2\u{a0}h\u{a0}4\u{a0}min");
    }

    #[test]
    fn facts_leave_out_what_is_unknown() {
        let mut film = FilmDetails {
            release_year: Some("1986".into()),
            running_time_minutes: Some(124),
            ..FilmDetails::default()
        };
        assert_eq!(film_facts(&film), "1986 · 2\u{a0}h\u{a0}4\u{a0}min");

        film.director = Some("Hayao Miyazaki".into());
        assert_eq!(
            film_facts(&film),
            "1986 · Hayao Miyazaki · 2\u{a0}h\u{a0}4\u{a0}min"
        );
    }

    #[test]
    fn the_count_line_says_how_many_films_match() {
        assert_eq!(count_line(22, 22, &Query::new("")), "22 films");
        assert_eq!(
            count_line(3, 22, &Query::new(" Tot ")),
            "3 of 22 films match “Tot”"
        );
        assert_eq!(
            count_line(0, 22, &Query::new("zzz")),
            "No film or person matches “zzz”."
        );
    }
}

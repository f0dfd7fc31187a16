//! A person's own page: what is known of them and every film they appear in.

use leptos::prelude::*;

use super::FilmLink;
use crate::model::PersonDetails;

/// The person's known details and films, each film linking to its page.
#[component]
pub fn PersonDetailsView(person: PersonDetails) -> impl IntoView {
    let facts: Vec<(&str, String)> = [
        ("Gender", person.gender),
        ("Age", person.age),
        ("Eye colour", person.eye_color),
        ("Hair colour", person.hair_color),
    ]
    .into_iter()
    .filter_map(|(label, value)| Some((label, value?)))
    .collect();

    let facts = if facts.is_empty() {
        view! { <p class="no-facts">"Nothing more is known about them."</p> }.into_any()
    } else {
        view! {
            <dl class="facts">
                {facts
                    .into_iter()
                    .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
                    .collect_view()}
            </dl>
        }
        .into_any()
    };

    let films = if person.films.is_empty() {
        view! { <p class="no-films">"Not listed in any film."</p> }.into_any()
    } else {
        view! {
            <ul class="film-links">
                {person
                    .films
                    .into_iter()
                    .map(|film| {
                        view! {
                            <li data-film-id=film.film_id.clone()>
                                <FilmLink film_id=film.film_id.clone()>{film.film_title}</FilmLink>
                                {film.release_year.map(|year| view! { " " <span class="year">"(" {year} ")"</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <article class="person-page" data-person-id=person.person_id>
            <h1>{person.name}</h1>
            {facts}
            <section aria-labelledby="films-heading">
                <h2 id="films-heading">"Films"</h2>
                {films}
            </section>
        </article>
    }
}

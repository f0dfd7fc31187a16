//! The list of films, each as a card with the people who appear in it.

use leptos::prelude::*;

use crate::model::{FilmListing, PersonEntry};

/// Every film as a card, in the order given.
#[component]
pub fn FilmList(films: Vec<FilmListing>) -> impl IntoView {
    if films.is_empty() {
        return view! { <p class="empty">"The index holds no films."</p> }.into_any();
    }

    view! {
        <ul class="film-list">
            <For
                each=move || films.clone()
                key=|film| film.film_id.clone()
                children=|film| view! { <li><FilmCard film/></li> }
            />
        </ul>
    }
    .into_any()
}

/// One film: its title and its people, or a clear note when none are known.
#[component]
pub fn FilmCard(film: FilmListing) -> impl IntoView {
    let people = if film.persons.is_empty() {
        view! { <p class="no-people">"No people listed"</p> }.into_any()
    } else {
        let count = people_label(film.persons.len());
        view! {
            <p class="person-count">{count}</p>
            <PersonList persons=film.persons/>
        }
        .into_any()
    };

    view! {
        <article class="film-card" data-film-id=film.film_id>
            <h2 class="film-title">{film.film_title}</h2>
            {people}
        </article>
    }
}

#[component]
fn PersonList(persons: Vec<PersonEntry>) -> impl IntoView {
    view! {
        <ul class="person-list">
            <For
                each=move || persons.clone()
                key=|person| person.person_id.clone()
                children=|person| {
                    view! { <li data-person-id=person.person_id>{person.person_name}</li> }
                }
            />
        </ul>
    }
}

fn people_label(count: usize) -> String {
    match count {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    }
}

#[cfg(test)]
mod tests {
    use super::people_label;

    #[test]
    fn people_are_counted_in_plain_english() {
        assert_eq!(people_label(1), "1 person");
        assert_eq!(people_label(7), "7 people");
    }
}

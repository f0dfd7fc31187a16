//! A film's own page: its details and everyone in it.

use leptos::prelude::*;

use super::film_list::running_time_label;
use super::PersonLink;
use super::Poster;
use crate::model::FilmDetails;

/// The film's titles, facts and people, each person linking to their page.
#[component]
pub fn FilmDetailsView(film: FilmDetails) -> impl IntoView {
    let facts = [
        ("Original title", film.original_title.clone()),
        ("Romanised", film.original_title_romanised.clone()),
        ("Released", film.release_year.clone()),
        ("Director", film.director.clone()),
        ("Producer", film.producer.clone()),
        (
            "Running time",
            film.running_time_minutes.map(running_time_label),
        ),
    ];

    view! {
        <article class="film-page" data-film-id=film.film_id.clone()>
            <Poster url=film.poster_url.clone() title=film.title.clone() size="large"/>
            <div class="film-page-body">
                <h1>{film.title.clone()}</h1>
                <dl class="facts">
                    {facts
                        .into_iter()
                        .filter_map(|(label, value)| Some((label, value?)))
                        .map(|(label, value)| {
                            let lang = (label == "Original title").then_some("ja");
                            view! {
                                <div>
                                    <dt>{label}</dt>
                                    <dd lang=lang>{value}</dd>
                                </div>
                            }
                        })
                        .collect_view()}
                </dl>
                <section aria-labelledby="people-heading">
                    <h2 id="people-heading">"People in this film"</h2>
                    {if film.persons.is_empty() {
                        view! { <p class="no-people">"No people listed"</p> }.into_any()
                    } else {
                        view! {
                            <ul class="person-list">
                                {film
                                    .persons
                                    .into_iter()
                                    .map(|person| {
                                        view! {
                                            <li data-person-id=person.person_id.clone()>
                                                <PersonLink person_id=person.person_id.clone()>
                                                    {person.person_name}
                                                </PersonLink>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </section>
            </div>
        </article>
    }
}

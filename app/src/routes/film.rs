//! `/films/:id`: one film and its people.

use leptos::prelude::*;

use super::one_item::OneItemPage;
use crate::api::get_film;
use crate::components::{FilmDetailsView, FreshnessLine, PageTitle};
use crate::model::FilmData;

#[component]
pub fn FilmPage() -> impl IntoView {
    view! { <OneItemPage load=get_film show=show_film/> }
}

fn show_film(data: FilmData) -> impl IntoView {
    view! {
        <PageTitle text=data.film.title.clone()/>
        <FilmDetailsView film=data.film/>
        <FreshnessLine freshness=data.freshness/>
    }
}

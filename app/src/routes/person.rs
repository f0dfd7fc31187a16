//! `/people/:id`: one person and the films they appear in.

use leptos::prelude::*;

use super::one_item::OneItemPage;
use crate::api::get_person;
use crate::components::{FreshnessLine, PageTitle, PersonDetailsView};
use crate::model::PersonData;

#[component]
pub fn PersonPage() -> impl IntoView {
    view! { <OneItemPage load=get_person show=show_person/> }
}

fn show_person(data: PersonData) -> impl IntoView {
    view! {
        <PageTitle text=data.person.name.clone()/>
        <PersonDetailsView person=data.person/>
        <FreshnessLine freshness=data.freshness/>
    }
}

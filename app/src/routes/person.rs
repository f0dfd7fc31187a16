//! `/people/:id`: one person and the films they appear in.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::NotFound;
use crate::api::{get_person, PageError};
use crate::components::{ErrorState, FreshnessLine, LoadingState, PageTitle, PersonDetailsView};

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let person = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_person,
    );

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/">"All films"</a>
        </nav>
        <Suspense fallback=LoadingState>
            {move || Suspend::new(async move {
                match person.await {
                    Ok(data) => {
                        view! {
                            <PageTitle text=data.person.name.clone()/>
                            <PersonDetailsView person=data.person/>
                            <FreshnessLine freshness=data.freshness/>
                        }
                            .into_any()
                    }
                    Err(PageError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorState error as_page=true/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

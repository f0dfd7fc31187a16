//! `/films/:id`: one film and its people.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::NotFound;
use crate::api::{get_film, PageError};
use crate::components::{ErrorState, FilmDetailsView, FreshnessLine, LoadingState, PageTitle};

#[component]
pub fn FilmPage() -> impl IntoView {
    let params = use_params_map();
    let film = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_film,
    );

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/">"All films"</a>
        </nav>
        <Suspense fallback=LoadingState>
            {move || Suspend::new(async move {
                match film.await {
                    Ok(data) => {
                        view! {
                            <PageTitle text=data.film.title.clone()/>
                            <FilmDetailsView film=data.film/>
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

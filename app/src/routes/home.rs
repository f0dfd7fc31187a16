//! `/`: every film with its people, and a search that filters them.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::get_films;
use crate::components::{ErrorState, FilmList, FreshnessLine, LoadingState, SearchForm};
use crate::search::{query_from_search, search_url};

#[component]
pub fn HomePage() -> impl IntoView {
    // The data does not depend on the query: the list is read once and filtered here, on the
    // server for `/?q=…` and in the browser as the visitor types.
    let films = Resource::new(|| (), |_| get_films());
    let location = use_location();
    let query = Signal::derive(move || query_from_search(&location.search.read()));

    // Typing keeps the query in the address (replacing, not adding, history entries), so a
    // filtered list can be shared or reloaded.
    let navigate = use_navigate();
    let on_search = move |text: String| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..NavigateOptions::default()
        };
        navigate(&search_url(&text), options);
    };

    view! {
        <h1>"Studio Ghibli films and their people"</h1>
        <SearchForm query on_search/>
        <Suspense fallback=LoadingState>
            {move || Suspend::new(async move {
                match films.await {
                    Ok(data) => {
                        view! {
                            <FreshnessLine freshness=data.freshness/>
                            <FilmList films=data.films query/>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorState error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

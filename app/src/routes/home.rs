//! `/`: every film with its people, read from the cache through a server function.

use leptos::prelude::*;

use crate::api::get_movies_page;
use crate::components::{ErrorState, FilmList, LoadingState, SourceNote};

#[component]
pub fn HomePage() -> impl IntoView {
    // A server-side resource: rendered on the server, its value is serialized into the page
    // and hydration reuses it without a second request.
    let movies = Resource::new(|| (), |_| get_movies_page());

    view! {
        <h1>"Studio Ghibli films and their people"</h1>
        <Suspense fallback=LoadingState>
            {move || Suspend::new(async move {
                match movies.await {
                    Ok(page) => {
                        view! {
                            <SourceNote meta=page.meta stale=page.stale/>
                            <FilmList films=page.films/>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorState error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

//! The page for any address the site does not have: unknown paths, films and people.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    // On the server, make the answer a real 404 rather than a 200 that says "not found".
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text="Not found · Kodama"/>
        <div class="not-found">
            <h1>"Page not found"</h1>
            <p>
                "There is no film, person or page at this address. " <a href="/">"See all films"</a>
                "."
            </p>
        </div>
    }
}

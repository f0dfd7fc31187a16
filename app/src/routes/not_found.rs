//! The page for any path the site does not have.

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    // On the server, make the answer a real 404 rather than a 200 that says "not found".
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <h1>"Page not found"</h1>
        <p>"There is nothing at this address. " <a href="/">"See all films"</a> "."</p>
    }
}

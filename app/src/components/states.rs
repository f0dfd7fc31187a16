//! What a page shows while its data is on the way, or when it cannot be read.

use leptos::prelude::*;

use crate::api::PageError;

/// Shown while the data is on its way.
#[component]
pub fn LoadingState() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}

/// Shown when the data could not be read, in words a visitor can act on. `as_page` makes its
/// heading the page's `<h1>`, for pages that have no heading of their own without data.
#[component]
pub fn ErrorState(error: PageError, #[prop(optional)] as_page: bool) -> impl IntoView {
    const HEADING: &str = "This page cannot be shown right now";
    let heading = if as_page {
        view! { <h1>{HEADING}</h1> }.into_any()
    } else {
        view! { <h2>{HEADING}</h2> }.into_any()
    };

    view! {
        <div class="error" role="alert">
            {heading}
            <p>{error.to_string()}</p>
            // A plain link to this same address: the page loads again from the server.
            <p>
                <a href="" rel="external">"Try again"</a>
            </p>
        </div>
    }
}

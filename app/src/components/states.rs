//! What a page shows while its data is on the way, or when it cannot be read.

use leptos::prelude::*;

use crate::api::PageError;

/// Shown while the data is on its way.
#[component]
pub fn LoadingState() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}

/// Shown when the data could not be read, in words a visitor can act on.
#[component]
pub fn ErrorState(error: PageError) -> impl IntoView {
    view! {
        <div class="error" role="alert">
            <h2>"This page cannot be shown right now"</h2>
            <p>{error.to_string()}</p>
        </div>
    }
}

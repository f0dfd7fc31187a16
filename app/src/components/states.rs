//! What the page shows around the list: where the data is from, and the loading and error
//! states.

use leptos::prelude::*;

use crate::api::PageError;
use crate::model::{DataSource, IndexMeta};

/// One line that says where the data comes from and when it was computed, and a visible
/// note when the server shows its last copy because it cannot read its cache.
#[component]
pub fn SourceNote(meta: IndexMeta, #[prop(optional)] stale: bool) -> impl IntoView {
    let source = match meta.source {
        DataSource::Upstream => "Live data from the Studio Ghibli API",
        DataSource::Snapshot => "Offline snapshot of the Studio Ghibli API",
    };
    let machine_time = meta.computed_at.to_rfc3339();
    let human_time = meta.computed_at.format("%Y-%m-%d %H:%M:%S UTC").to_string();

    view! {
        <p class="source-note" data-source=format!("{:?}", meta.source).to_lowercase()>
            {source} ", computed " <time datetime=machine_time>{human_time}</time> ": "
            {meta.film_count} " films, " {meta.person_count} " appearances."
        </p>
        {stale
            .then(|| {
                view! {
                    <p class="stale-note" role="status">
                        "The server cannot reach its cache right now: this is the last copy it had."
                    </p>
                }
            })}
    }
}

/// Shown while the index is on its way.
#[component]
pub fn LoadingState() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading films…"</p> }
}

/// Shown when the index could not be read, in words a visitor can act on.
#[component]
pub fn ErrorState(error: PageError) -> impl IntoView {
    view! {
        <div class="error" role="alert">
            <h2>"No films to show"</h2>
            <p>{error.to_string()}</p>
        </div>
    }
}

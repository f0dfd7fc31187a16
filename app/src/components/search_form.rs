//! The search box of the home page.

use leptos::prelude::*;

/// A labelled search field in a form that submits `/?q=…`, so that searching works without
/// JavaScript (the server renders the filtered list). Once the page is hydrated, every
/// keystroke calls `on_search` instead, and submitting the form does nothing more.
#[component]
pub fn SearchForm(
    #[prop(into)] query: Signal<String>,
    #[prop(into)] on_search: Callback<String>,
) -> impl IntoView {
    view! {
        <form
            class="search"
            role="search"
            method="get"
            action="/"
            on:submit=|event| event.prevent_default()
        >
            <label for="search-input">"Search films and people"</label>
            <div class="search-row">
                <input
                    id="search-input"
                    type="search"
                    name="q"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="Totoro, Sophie, ラピュタ…"
                    value=move || query.get()
                    prop:value=move || query.get()
                    on:input=move |event| on_search.run(event_target_value(&event))
                />
                <button type="submit">"Search"</button>
            </div>
        </form>
    }
}

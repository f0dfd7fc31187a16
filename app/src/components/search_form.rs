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
    #[cfg(feature = "hydrate")]
    take_over_text_typed_before_hydration(query, on_search);

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
                    id=SEARCH_INPUT_ID
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

const SEARCH_INPUT_ID: &str = "search-input";

/// A visitor may type into the server-rendered box before the WASM has loaded. That text is
/// read here, before hydration binds the box to the address's query, and searched for once
/// the page is live, rather than lost.
#[cfg(feature = "hydrate")]
fn take_over_text_typed_before_hydration(query: Signal<String>, on_search: Callback<String>) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::HtmlInputElement;

    let typed = document()
        .get_element_by_id(SEARCH_INPUT_ID)
        .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value());

    Effect::new(move |_| {
        if let Some(typed) = typed.clone() {
            if typed != query.get_untracked() {
                on_search.run(typed);
            }
        }
    });
}

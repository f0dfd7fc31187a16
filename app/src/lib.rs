//! Kodama's front end, shared by the server (which renders it) and the browser (which
//! hydrates it).
//!
//! - [`model`]: the data types both sides exchange, including the `/movies` document.
//! - [`api`]: the server functions the page reads its data through.
//! - [`components`]: presentational pieces that render plain data.
//! - [`routes`]: one component per page.
//! - [`search`]: what the search box matches.
//! - `security` (server only): the Content-Security-Policy of the pages.
//!
//! Server-only code sits behind the `ssr` feature; `hydrate` and `csr` build the browser side.

pub mod api;
pub mod components;
pub mod model;
pub mod routes;
pub mod search;
#[cfg(feature = "ssr")]
pub mod security;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

use crate::routes::{FilmPage, HomePage, NotFound, PersonPage};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    security::set_content_security_policy();

    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Studio Ghibli films and the people in them."/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The whole site: header, routes and footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_document_hydrated();

    view! {
        <SiteStylesheet/>
        <Title text="Kodama: Studio Ghibli films and their people"/>
        <Router>
            <Site/>
        </Router>
    }
}

/// The page frame inside the router, which keyboard focus follows: the skip link moves it to
/// the content, and so does every move to another page (not a new search), which would
/// otherwise leave focus on a link that is gone.
#[component]
fn Site() -> impl IntoView {
    let content = NodeRef::<leptos::html::Main>::new();
    let focus_content = move || {
        if let Some(main) = content.get_untracked() {
            let _ = main.focus();
        }
    };
    focus_content_on_new_page(focus_content);

    view! {
        // Without JavaScript the link works as a plain fragment link. Once hydrated, the
        // router would take the click for a navigation and leave focus where it was.
        <a
            class="skip-link"
            href="#content"
            on:click=move |event| {
                event.prevent_default();
                focus_content();
            }
        >
            "Skip to content"
        </a>
        <header class="site-header">
            <a class="site-name" href="/">"Kodama"</a>
            <span class="site-tagline">"Studio Ghibli films and the people in them"</span>
        </header>
        <main id="content" tabindex="-1" node_ref=content>
            // Async: a page is sent whole once its data is read (a cache read, so
            // quickly). Clients without JavaScript get everything, and the status code
            // can still say 404 for an unknown film or 503 before the first refresh.
            <Routes fallback=NotFound>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/films/:id") view=FilmPage ssr=SsrMode::Async/>
                <Route path=path!("/people/:id") view=PersonPage ssr=SsrMode::Async/>
            </Routes>
        </main>
        <footer class="site-footer">
            <p>
                "Data from the Studio Ghibli API, also as JSON at " <a href="/movies">"/movies"</a>
                "."
            </p>
        </footer>
    }
}

/// Calls `focus` whenever the path changes after the first page (a change of query alone,
/// as the search makes while typing, keeps focus in the search box).
fn focus_content_on_new_page(focus: impl Fn() + 'static) {
    let location = use_location();
    Effect::new(move |previous_path: Option<String>| {
        let path = location.pathname.get();
        if previous_path.is_some_and(|previous| previous != path) {
            focus();
        }
        path
    });
}

/// The stylesheet cargo-leptos builds.
#[cfg(not(feature = "csr"))]
#[component]
fn SiteStylesheet() -> impl IntoView {
    use leptos_meta::Stylesheet;

    view! { <Stylesheet id="leptos" href="/pkg/kodama.css"/> }
}

/// Nothing: the client-only Trunk build links its own CSS in its `index.html`, and the path
/// cargo-leptos builds does not exist there.
#[cfg(feature = "csr")]
#[component]
fn SiteStylesheet() -> impl IntoView {}

/// Sets `data-hydrated` on `<html>` once the WASM has taken over the page. Effects run only
/// in the browser, so the attribute tells tests (and curious people in devtools) that
/// hydration finished without errors.
fn mark_document_hydrated() {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

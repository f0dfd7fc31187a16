//! Component tests in a real browser (headless Chromium through `wasm-bindgen-test-runner`).
//! Each test mounts one component with hand-made data into the page and reads the DOM.
//!
//! Run: `scripts/test` (or see it for the exact `cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use app::api::PageError;
use app::components::{ErrorState, FilmList, LoadingState, SourceNote};
use app::model::{DataSource, FilmListing, IndexMeta, PersonEntry};
use chrono::DateTime;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` into a fresh element of its own and returns that element.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> HtmlElement {
    let document = document();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();

    leptos::mount::mount_to(container.clone(), view).forget();
    container
}

fn count(container: &HtmlElement, selector: &str) -> u32 {
    container.query_selector_all(selector).unwrap().length()
}

fn text(container: &HtmlElement) -> String {
    container.text_content().unwrap_or_default()
}

fn film(id: &str, title: &str, people: &[(&str, &str)]) -> FilmListing {
    FilmListing {
        film_id: id.into(),
        film_title: title.into(),
        persons: people
            .iter()
            .map(|(id, name)| PersonEntry {
                person_id: (*id).into(),
                person_name: (*name).into(),
            })
            .collect(),
    }
}

fn meta(source: DataSource) -> IndexMeta {
    IndexMeta {
        computed_at: DateTime::from_timestamp(1_733_300_000, 0).unwrap(),
        source,
        content_hash: "0".repeat(64),
        film_count: 22,
        person_count: 59,
        skipped_references: 17,
        skipped_records: 0,
    }
}

#[wasm_bindgen_test]
fn the_film_list_shows_every_film_with_its_people() {
    let films = vec![
        film(
            "f1",
            "Castle in the Sky",
            &[("p1", "Pazu"), ("p2", "Sheeta")],
        ),
        film("f2", "Grave of the Fireflies", &[]),
    ];

    let container = mount(move || view! { <FilmList films/> });

    assert_eq!(count(&container, ".film-card"), 2);
    assert_eq!(count(&container, ".film-card[data-film-id='f1'] li"), 2);
    let shown = text(&container);
    assert!(shown.contains("Castle in the Sky"), "{shown}");
    assert!(
        shown.contains("Pazu") && shown.contains("Sheeta"),
        "{shown}"
    );
    assert!(shown.contains("2 people"), "{shown}");
}

#[wasm_bindgen_test]
fn a_film_without_people_says_so() {
    let films = vec![film("f2", "Grave of the Fireflies", &[])];

    let container = mount(move || view! { <FilmList films/> });

    assert_eq!(count(&container, ".no-people"), 1);
    assert!(text(&container).contains("No people listed"));
}

#[wasm_bindgen_test]
fn an_empty_index_says_so() {
    let container = mount(|| view! { <FilmList films=vec![]/> });

    assert_eq!(count(&container, ".film-card"), 0);
    assert!(text(&container).contains("no films"));
}

#[wasm_bindgen_test]
fn markup_in_the_data_is_shown_as_text() {
    let films = vec![film(
        "f1",
        "<b>Bold</b> & <script>x()</script>",
        &[("p1", "<i>Ann</i>")],
    )];

    let container = mount(move || view! { <FilmList films/> });

    assert_eq!(count(&container, "b, i, script"), 0);
    assert!(text(&container).contains("<b>Bold</b> & <script>x()</script>"));
    assert!(text(&container).contains("<i>Ann</i>"));
}

#[wasm_bindgen_test]
fn the_source_note_tells_live_data_from_the_snapshot() {
    let live = mount(|| view! { <SourceNote meta=meta(DataSource::Upstream)/> });
    let offline = mount(|| view! { <SourceNote meta=meta(DataSource::Snapshot)/> });

    assert!(text(&live).contains("Live data"), "{}", text(&live));
    assert!(
        text(&offline).contains("Offline snapshot"),
        "{}",
        text(&offline)
    );
    assert!(text(&live).contains("2024-12-04"), "{}", text(&live));
    assert_eq!(count(&live, "time[datetime]"), 1);
}

#[wasm_bindgen_test]
fn the_loading_and_error_states_are_announced() {
    let loading = mount(|| view! { <LoadingState/> });
    let error = mount(|| view! { <ErrorState error=PageError::NotReady/> });

    assert_eq!(count(&loading, "[role='status']"), 1);
    assert_eq!(count(&error, "[role='alert']"), 1);
    assert!(text(&error).contains("not ready yet"), "{}", text(&error));
}

#[wasm_bindgen_test]
fn a_stale_copy_is_announced_and_current_data_is_not() {
    let stale = mount(|| view! { <SourceNote meta=meta(DataSource::Upstream) stale=true/> });
    let current = mount(|| view! { <SourceNote meta=meta(DataSource::Upstream)/> });

    assert_eq!(count(&stale, ".stale-note"), 1);
    assert!(text(&stale).contains("last copy"), "{}", text(&stale));
    assert_eq!(count(&current, ".stale-note"), 0);
}

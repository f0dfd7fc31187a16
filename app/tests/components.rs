//! Component tests in a real browser (headless Chromium through `wasm-bindgen-test-runner`).
//! Each test mounts one component with hand-made data into the page and reads the DOM.
//!
//! Run: `scripts/test` (or see it for the exact `cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use app::api::PageError;
use app::components::{
    ErrorState, FilmDetailsView, FilmList, FreshnessLine, LoadingState, PersonDetailsView,
};
use app::model::{DataSource, FilmDetails, FilmRef, Freshness, PersonDetails, PersonEntry};
use chrono::{DateTime, Duration, NaiveDate};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

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

fn find(container: &HtmlElement, selector: &str) -> Element {
    container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(container: &HtmlElement) -> String {
    container.text_content().unwrap_or_default()
}

/// The film ids of the cards shown, in order.
fn card_ids(container: &HtmlElement) -> Vec<String> {
    let cards = container.query_selector_all(".film-card").unwrap();
    (0..cards.length())
        .map(|i| {
            let card: Element = cards.item(i).unwrap().unchecked_into();
            card.get_attribute("data-film-id").unwrap()
        })
        .collect()
}

/// Lets effects and reactive updates run, as they do between two events in a browser.
async fn settle() {
    leptos::task::tick().await;
}

fn film(id: &str, title: &str, people: &[(&str, &str)]) -> FilmDetails {
    FilmDetails {
        film_id: id.into(),
        title: title.into(),
        persons: people
            .iter()
            .map(|(id, name)| PersonEntry {
                person_id: (*id).into(),
                person_name: (*name).into(),
            })
            .collect(),
        ..FilmDetails::default()
    }
}

fn three_films() -> Vec<FilmDetails> {
    vec![
        film(
            "castle",
            "Castle in the Sky",
            &[("pazu", "Pazu"), ("sheeta", "Sheeta")],
        ),
        film("grave", "Grave of the Fireflies", &[]),
        film("totoro", "My Neighbor Totoro", &[("mei", "Mei Kusakabe")]),
    ]
}

fn freshness(source: DataSource, age_seconds: i64, stale: bool) -> Freshness {
    let computed_at = DateTime::from_timestamp(1_733_300_000, 0).unwrap();
    Freshness {
        computed_at,
        source,
        snapshot_taken_on: NaiveDate::from_ymd_opt(2026, 12, 4),
        served_at: computed_at + Duration::seconds(age_seconds),
        stale,
    }
}

#[wasm_bindgen_test]
fn the_film_list_shows_every_film_in_order_with_its_people_linked() {
    let container = mount(|| view! { <FilmList films=three_films() query=""/> });

    assert_eq!(card_ids(&container), ["castle", "grave", "totoro"]);
    assert_eq!(
        count(&container, "[data-film-id='castle'] .person-list a"),
        2
    );
    let pazu = find(&container, "[data-person-id='pazu'] a");
    assert_eq!(pazu.get_attribute("href").unwrap(), "/people/pazu");
    let title = find(&container, "[data-film-id='castle'] h2 a");
    assert_eq!(title.get_attribute("href").unwrap(), "/films/castle");
    assert!(text(&container).contains("3 films"), "{}", text(&container));
    assert!(text(&container).contains("2 people"));
}

#[wasm_bindgen_test]
fn a_film_without_people_says_so() {
    let container = mount(|| view! { <FilmList films=three_films() query=""/> });

    assert_eq!(count(&container, "[data-film-id='grave'] .no-people"), 1);
    assert_eq!(count(&container, ".no-people"), 1);
}

#[wasm_bindgen_test]
fn film_facts_show_what_is_known() {
    let mut castle = film("castle", "Castle in the Sky", &[]);
    castle.original_title = Some("天空の城ラピュタ".into());
    castle.release_year = Some("1986".into());
    castle.running_time_minutes = Some(124);

    let container = mount(move || view! { <FilmList films=vec![castle] query=""/> });

    assert_eq!(
        find(&container, ".original-title").text_content().unwrap(),
        "天空の城ラピュタ"
    );
    assert_eq!(
        find(&container, ".film-facts").text_content().unwrap(),
        "1986 · 2\u{a0}h\u{a0}4\u{a0}min"
    );
}

#[wasm_bindgen_test]
async fn the_filter_follows_the_query_and_keeps_the_cards_it_does_not_remove() {
    let query = RwSignal::new(String::new());
    let container = mount(move || view! { <FilmList films=three_films() query/> });
    let totoro_before = find(&container, "[data-film-id='totoro']");

    query.set("to".into());
    settle().await;
    assert_eq!(card_ids(&container), ["totoro"]);
    let totoro_after = find(&container, "[data-film-id='totoro']");
    assert!(
        totoro_before.is_same_node(Some(&totoro_after)),
        "a card that stays is the same DOM node: keyed, not redrawn"
    );

    query.set("SHEETA".into());
    settle().await;
    assert_eq!(card_ids(&container), ["castle"], "matched by a person");
    assert_eq!(
        count(&container, "li.match"),
        1,
        "the person is highlighted"
    );
    assert!(text(&container).contains("1 of 3 films match “SHEETA”"));

    query.set(String::new());
    settle().await;
    assert_eq!(card_ids(&container), ["castle", "grave", "totoro"]);
}

#[wasm_bindgen_test]
async fn the_count_line_names_the_query_even_when_the_matches_stay_the_same() {
    let query = RwSignal::new("tot".to_owned());
    let container = mount(move || view! { <FilmList films=three_films() query/> });
    settle().await;

    query.set("toto".into());
    settle().await;

    let status = find(&container, ".result-count");
    assert_eq!(status.text_content().unwrap(), "1 of 3 films match “toto”");
}

#[wasm_bindgen_test]
async fn a_query_that_matches_nothing_says_so() {
    let query = RwSignal::new("ponyo".to_owned());
    let container = mount(move || view! { <FilmList films=three_films() query/> });
    settle().await;

    assert!(card_ids(&container).is_empty());
    let status = find(&container, ".result-count[role='status']");
    assert_eq!(
        status.text_content().unwrap(),
        "No film or person matches “ponyo”."
    );
}

#[wasm_bindgen_test]
fn an_empty_index_says_so() {
    let container = mount(|| view! { <FilmList films=vec![] query=""/> });

    assert_eq!(count(&container, ".film-card"), 0);
    assert!(text(&container).contains("0 films"), "{}", text(&container));
}

#[wasm_bindgen_test]
fn markup_in_the_data_is_shown_as_text() {
    let films = vec![film(
        "f1",
        "<b>Bold</b> & <script>x()</script>",
        &[("p1", "<i>Ann</i>")],
    )];

    let container = mount(move || view! { <FilmList films query=""/> });

    assert_eq!(count(&container, "b, i, script"), 0);
    assert!(text(&container).contains("<b>Bold</b> & <script>x()</script>"));
    assert!(text(&container).contains("<i>Ann</i>"));
}

#[wasm_bindgen_test]
fn a_poster_degrades_to_its_placeholder() {
    let mut with_poster = film("a", "Arrietty", &[]);
    with_poster.poster_url = Some("https://image.tmdb.org/t/p/a.jpg".into());
    let without = film("b", "Ponyo", &[]);

    let container = mount(move || view! { <FilmList films=vec![with_poster, without] query=""/> });

    let image = find(&container, "[data-film-id='a'] img.poster-image");
    assert_eq!(image.get_attribute("alt").unwrap(), "");
    assert_eq!(image.get_attribute("data-initial").unwrap(), "A");
    assert_eq!(count(&container, "[data-film-id='b'] img"), 0);
    assert_eq!(
        find(&container, "[data-film-id='b'] .poster-placeholder")
            .text_content()
            .unwrap(),
        "P"
    );
}

#[wasm_bindgen_test]
fn the_freshness_line_says_how_old_live_data_is() {
    let container =
        mount(|| view! { <FreshnessLine freshness=freshness(DataSource::Upstream, 20, false)/> });

    let line = find(&container, ".freshness[data-source='upstream']");
    assert_eq!(line.text_content().unwrap(), "Live data, updated 20 s ago.");
    let time = find(&container, "time");
    assert_eq!(
        time.get_attribute("datetime").unwrap(),
        "2024-12-04T08:13:20Z"
    );
    assert_eq!(count(&container, ".stale-note"), 0);
}

#[wasm_bindgen_test]
fn the_freshness_line_dates_snapshot_data() {
    let container = mount(
        || view! { <FreshnessLine freshness=freshness(DataSource::Snapshot, 3_700, false)/> },
    );

    let line = find(&container, ".freshness[data-source='snapshot']");
    let line = line.text_content().unwrap();
    assert!(
        line.starts_with("Offline snapshot from 4 December 2026"),
        "{line}"
    );
    assert!(
        line.contains("shown until live data can be loaded (stored 1 h ago)"),
        "{line}"
    );
}

#[wasm_bindgen_test]
fn a_stale_copy_is_announced() {
    let container =
        mount(|| view! { <FreshnessLine freshness=freshness(DataSource::Upstream, 5, true)/> });

    let note = find(&container, ".stale-note[role='status']");
    assert!(note.text_content().unwrap().contains("last copy"));
    let line = find(&container, ".freshness").text_content().unwrap();
    assert!(
        line.starts_with("Last copy of live data, updated"),
        "{line}"
    );
}

#[wasm_bindgen_test]
fn the_loading_and_error_states_are_announced() {
    let loading = mount(|| view! { <LoadingState/> });
    let error = mount(|| view! { <ErrorState error=PageError::Unavailable/> });

    assert_eq!(count(&loading, "[role='status']"), 1);
    assert_eq!(count(&error, "[role='alert']"), 1);
    assert!(
        text(&error).contains("cannot be read right now"),
        "{}",
        text(&error)
    );
    assert_eq!(count(&error, "a[rel='external']"), 1, "a way to try again");

    let offline = mount(
        || view! { <ErrorState error=PageError::Transport("TypeError: Failed to fetch".into())/> },
    );
    assert!(!text(&offline).contains("TypeError"), "{}", text(&offline));
    assert!(text(&offline).contains("could not be reached"));
}

#[wasm_bindgen_test]
fn a_film_page_lists_its_facts_and_links_its_people() {
    let mut castle = film("castle", "Castle in the Sky", &[("pazu", "Pazu")]);
    castle.director = Some("Hayao Miyazaki".into());

    let container = mount(move || view! { <FilmDetailsView film=castle/> });

    assert_eq!(
        find(&container, "h1").text_content().unwrap(),
        "Castle in the Sky"
    );
    assert_eq!(count(&container, "dt"), 1, "only known facts");
    assert!(text(&container).contains("Hayao Miyazaki"));
    let pazu = find(&container, ".person-list a");
    assert_eq!(pazu.get_attribute("href").unwrap(), "/people/pazu");
}

#[wasm_bindgen_test]
fn a_person_page_lists_known_details_and_links_every_film() {
    let person = PersonDetails {
        person_id: "baron".into(),
        name: "Baron Humbert von Gikkingen".into(),
        gender: Some("Male".into()),
        hair_color: Some("Yellow".into()),
        films: vec![
            FilmRef {
                film_id: "whisper".into(),
                film_title: "Whisper of the Heart".into(),
                release_year: Some("1995".into()),
            },
            FilmRef {
                film_id: "cat".into(),
                film_title: "The Cat Returns".into(),
                release_year: None,
            },
        ],
        ..PersonDetails::default()
    };

    let container = mount(move || view! { <PersonDetailsView person/> });

    let labels: Vec<_> = (0..count(&container, "dt"))
        .map(|i| {
            let all = container.query_selector_all("dt").unwrap();
            all.item(i).unwrap().text_content().unwrap()
        })
        .collect();
    assert_eq!(labels, ["Gender", "Hair colour"]);
    let links = container.query_selector_all(".film-links a").unwrap();
    assert_eq!(links.length(), 2);
    let first: Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("href").unwrap(), "/films/whisper");
    assert!(text(&container).contains("(1995)"));
}

#[wasm_bindgen_test]
fn a_person_with_nothing_known_says_so() {
    let person = PersonDetails {
        person_id: "p".into(),
        name: "Someone".into(),
        ..PersonDetails::default()
    };

    let container = mount(move || view! { <PersonDetailsView person/> });

    assert!(text(&container).contains("Nothing more is known about them."));
    assert!(text(&container).contains("Not listed in any film."));
}

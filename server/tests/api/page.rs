//! The web pages as the server renders them: what a browser without JavaScript (or a search
//! engine) gets, and the status codes that go with it.

use kodama_testkit::fixtures::film_titles;
use kodama_testkit::FakeUpstream;

use crate::helpers::{spawn_app, spawn_app_with, spawn_routes_without_refresher, Options, TestApp};

const CASTLE_IN_THE_SKY: &str = "2baf70d1-42bb-4437-b551-e5fed5a87abe";
const WHISPER_OF_THE_HEART: &str = "ff24da26-a969-4f0e-ba1e-a122ead6c6e3";
const THE_CAT_RETURNS: &str = "90b72513-afd4-4570-84de-a56c312fdf81";
const PAZU: &str = "fe93adf2-2f3a-4ec4-9f68-5422f1b87c01";
const THE_BARON: &str = "fc196c4f-0201-4ed2-9add-c6403f7c4d32";

/// Undoes the escaping of HTML text, for comparing titles such as "Howl's Moving Castle",
/// and drops the markers Leptos puts between text parts for hydration (`<!>`).
fn html_text(html: &str) -> String {
    html.replace("<!>", "")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The page at `path` once data is stored: its status and its HTML, unescaped.
async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, html_text(&response.text().await.unwrap()))
}

async fn ready_app() -> TestApp {
    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;
    app
}

/// The ids of the film cards on a page, in order.
fn film_card_ids(html: &str) -> Vec<&str> {
    html.match_indices("<article data-film-id=\"")
        .map(|(at, marker)| {
            let rest = &html[at + marker.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[tokio::test]
async fn the_home_page_lists_every_film_with_its_details_and_people() {
    let app = ready_app().await;

    let (status, html) = page(&app, "/").await;

    assert_eq!(status, 200);
    let titles = film_titles();
    assert_eq!(titles.len(), 22);
    for title in titles {
        assert!(
            html.contains(&format!("{title}</a></h2>")),
            "{title} is missing"
        );
    }
    assert_eq!(film_card_ids(&html).len(), 22);
    assert_eq!(film_card_ids(&html)[0], CASTLE_IN_THE_SKY, "release order");
    assert_eq!(html.matches("No people listed").count(), 11);
    assert!(html.contains("天空の城ラピュタ"), "original title");
    assert!(
        html.contains("1986 · Hayao Miyazaki · 2\u{a0}h\u{a0}4\u{a0}min"),
        "facts"
    );
    assert!(html.contains(&format!("href=\"/films/{CASTLE_IN_THE_SKY}\"")));
    assert!(html.contains(&format!("href=\"/people/{PAZU}\"")));
    assert!(html.contains("22 films"));
    assert!(
        html.contains("/pkg/kodama.js"),
        "the page loads the hydration script"
    );
}

#[tokio::test]
async fn every_page_says_how_fresh_its_data_is() {
    let app = ready_app().await;

    for path in [
        "/".to_owned(),
        format!("/films/{CASTLE_IN_THE_SKY}"),
        format!("/people/{PAZU}"),
    ] {
        let (_, html) = page(&app, &path).await;

        assert!(html.contains("class=\"freshness\""), "{path}");
        assert!(html.contains("data-source=\"upstream\""), "{path}");
        assert!(html.contains("Live data, updated "), "{path}");
    }
}

#[tokio::test]
async fn the_search_works_without_javascript_as_a_query_in_the_address() {
    let app = ready_app().await;

    // "Baron" is a person in two films; neither title says so.
    let (status, html) = page(&app, "/?q=baron").await;

    assert_eq!(status, 200);
    assert_eq!(
        film_card_ids(&html),
        [WHISPER_OF_THE_HEART, THE_CAT_RETURNS]
    );
    assert!(html.contains("2 of 22 films match “baron”"), "{html}");
    assert!(html.contains("value=\"baron\""), "the box shows the query");

    let (_, html) = page(&app, "/?q=%E3%83%A9%E3%83%94%E3%83%A5%E3%82%BF").await;
    assert_eq!(
        film_card_ids(&html),
        [CASTLE_IN_THE_SKY],
        "by Japanese title"
    );
}

#[tokio::test]
async fn a_search_that_finds_nothing_says_so() {
    let app = ready_app().await;

    let (status, html) = page(&app, "/?q=no+such+film").await;

    assert_eq!(status, 200);
    assert!(film_card_ids(&html).is_empty());
    assert!(html.contains("No film or person matches “no such film”."));
}

#[tokio::test]
async fn a_query_is_taken_exactly_as_typed_percent_signs_included() {
    let app = ready_app().await;

    // What a form sends for "%41": decoded once, it is "%41", not "A".
    let (_, html) = page(&app, "/?q=%2541").await;

    assert!(html.contains("value=\"%41\""), "{html}");
    assert!(html.contains("No film or person matches “%41”."));
}

#[tokio::test]
async fn a_query_is_shown_back_as_text_never_as_markup() {
    let app = ready_app().await;

    let response = app.get("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22").await;

    let html = response.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn a_film_page_shows_its_details_and_links_to_its_people() {
    let app = ready_app().await;

    let (status, html) = page(&app, &format!("/films/{CASTLE_IN_THE_SKY}")).await;

    assert_eq!(status, 200);
    assert!(html.contains("<h1>Castle in the Sky</h1>"));
    assert!(html.contains("<title>Castle in the Sky · Kodama</title>"));
    for fact in [
        "天空の城ラピュタ",
        "Tenkū no shiro Rapyuta",
        "Isao Takahata",
        "2\u{a0}h\u{a0}4\u{a0}min",
    ] {
        assert!(html.contains(fact), "{fact} is missing");
    }
    assert!(html.contains(&format!("href=\"/people/{PAZU}\">Pazu</a>")));
}

#[tokio::test]
async fn a_person_page_shows_their_details_and_links_to_every_film() {
    let app = ready_app().await;

    let (status, html) = page(&app, &format!("/people/{THE_BARON}")).await;

    assert_eq!(status, 200);
    assert!(
        html.contains("<h1>Baron Humbert von Gikkingen</h1>"),
        "{html}"
    );
    assert!(html.contains("<dt>Gender</dt><dd>Male</dd>"));
    assert!(html.contains(&format!("href=\"/films/{WHISPER_OF_THE_HEART}\"")));
    assert!(html.contains(&format!("href=\"/films/{THE_CAT_RETURNS}\"")));
}

#[tokio::test]
async fn unknown_films_and_people_get_the_not_found_page_with_a_404() {
    let app = ready_app().await;

    for path in [
        "/films/no-such-film",
        "/people/no-such-person",
        "/films/%2F..%2F",
    ] {
        let (status, html) = page(&app, path).await;

        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Page not found"), "{path}");
    }
}

#[tokio::test]
async fn unknown_paths_get_the_not_found_page_with_a_404() {
    let app = spawn_app().await;

    let (status, html) = page(&app, "/no/such/page").await;

    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn pages_say_they_are_not_ready_before_the_first_refresh() {
    let (address, _redis) = spawn_routes_without_refresher().await;

    for path in ["/".to_owned(), format!("/films/{CASTLE_IN_THE_SKY}")] {
        let response = reqwest::get(format!("http://{address}{path}"))
            .await
            .unwrap();

        assert_eq!(response.status(), 503, "{path}");
        assert!(response.text().await.unwrap().contains("not ready yet"));
    }
}

#[tokio::test]
async fn snapshot_data_is_labelled_with_the_day_it_was_taken() {
    let upstream = FakeUpstream::stopped().await.unwrap();
    let app = spawn_app_with(upstream, Options::default()).await;
    app.wait_for_stored(|_| true).await;

    let (status, html) = page(&app, "/").await;

    assert_eq!(status, 200);
    let taken_on = server::snapshot::snapshot_taken_on()
        .unwrap()
        .format("%-d %B %Y")
        .to_string();
    assert!(html.contains("data-source=\"snapshot\""));
    assert!(
        html.contains(&format!("Offline snapshot from {taken_on}")),
        "{html}"
    );
}

//! The web page at `/`, as the server renders it.

use kodama_testkit::fixtures::film_titles;

use crate::helpers::{spawn_app, spawn_routes_without_refresher};

/// Undoes the escaping of HTML text, for comparing titles such as "Howl's Moving Castle".
fn html_text(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_page_lists_every_film() {
    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    let html = html_text(&response.text().await.unwrap());
    let titles = film_titles();
    assert_eq!(titles.len(), 22);
    for title in titles {
        assert!(
            html.contains(&format!(">{title}</h2>")),
            "{title} is not on the page"
        );
    }
    assert_eq!(html.matches("class=\"film-card\"").count(), 22);
    assert_eq!(html.matches("No people listed").count(), 11);
    assert!(
        html.contains("/pkg/kodama.js"),
        "the page loads the hydration script"
    );
}

#[tokio::test]
async fn the_page_says_it_is_not_ready_before_the_first_refresh() {
    let (address, _redis) = spawn_routes_without_refresher().await;

    let response = reqwest::get(format!("http://{address}/")).await.unwrap();

    assert_eq!(response.status(), 503);
    let html = response.text().await.unwrap();
    assert!(html.contains("not ready yet"), "{html}");
}

#[tokio::test]
async fn unknown_paths_get_the_not_found_page_with_a_404() {
    let app = spawn_app().await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

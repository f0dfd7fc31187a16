//! `GET /movies`.

use kodama_testkit::fixtures::EXPECTED_MOVIES_JSON;
use serde_json::Value;

use crate::helpers::{spawn_app, spawn_routes_without_refresher};

#[tokio::test]
async fn movies_returns_the_index_of_what_the_upstream_serves() {
    // Arrange
    let app = spawn_app().await;
    let stored = app.wait_for_stored(|_| true).await;

    // Act
    let response = app.get("/movies").await;

    // Assert
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = response.text().await.unwrap();
    let expected: Value = serde_json::from_str(EXPECTED_MOVIES_JSON).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), expected);
    // Served byte for byte as stored, not re-serialized.
    assert_eq!(body, stored.movies_json);
}

#[tokio::test]
async fn movies_lists_films_in_release_order() {
    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;

    let body = app.get("/movies").await.text().await.unwrap();

    let ids: Vec<String> = serde_json::from_str::<indexmap::IndexMap<String, Value>>(&body)
        .unwrap()
        .into_keys()
        .collect();
    let expected: Vec<String> =
        serde_json::from_str::<indexmap::IndexMap<String, Value>>(EXPECTED_MOVIES_JSON)
            .unwrap()
            .into_keys()
            .collect();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn movies_answers_503_with_a_json_error_before_the_first_refresh() {
    let (address, _redis) = spawn_routes_without_refresher().await;

    let response = reqwest::get(format!("http://{address}/movies"))
        .await
        .unwrap();

    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_ready");
}

#[tokio::test]
async fn movies_rejects_other_methods_with_405() {
    let app = spawn_app().await;

    let response = app.http.post(app.url("/movies")).send().await.unwrap();

    assert_eq!(response.status(), 405);
}

#[tokio::test]
async fn movies_answers_503_with_a_json_error_when_redis_is_down_and_nothing_was_seen() {
    let (address, mut redis) = spawn_routes_without_refresher().await;
    redis.stop().await;

    let response = reqwest::get(format!("http://{address}/movies"))
        .await
        .unwrap();

    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "cache_unavailable");
    assert!(
        !body.to_string().contains("127.0.0.1"),
        "no internal details: {body}"
    );
}

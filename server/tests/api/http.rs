//! HTTP semantics of the JSON API: caching validators, HEAD, compression, JSON errors.

use reqwest::header;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn movies_carries_caching_headers_and_answers_304_to_a_matching_etag() {
    let app = spawn_app().await;
    let stored = app.wait_for_stored(|_| true).await;

    let response = app.get("/movies").await;
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    let cache_control = response.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .to_owned();

    assert_eq!(etag, format!("W/\"{}\"", stored.meta.content_hash));
    assert_eq!(
        cache_control,
        "public, max-age=60, stale-while-revalidate=60, stale-if-error=600"
    );
    assert!(response.headers()[header::AGE]
        .to_str()
        .unwrap()
        .parse::<u64>()
        .is_ok());
    let last_modified = response.headers()[header::LAST_MODIFIED].to_str().unwrap();
    assert!(last_modified.ends_with(" GMT"), "{last_modified}");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");

    for validator in [
        etag.clone(),
        etag.trim_start_matches("W/").to_owned(),
        "*".into(),
    ] {
        let revalidated = app
            .http
            .get(app.url("/movies"))
            .header(header::IF_NONE_MATCH, &validator)
            .send()
            .await
            .unwrap();
        assert_eq!(revalidated.status(), 304, "{validator}");
        assert_eq!(revalidated.headers()[header::ETAG].to_str().unwrap(), etag);
        assert!(revalidated.text().await.unwrap().is_empty());
    }

    let changed = app
        .http
        .get(app.url("/movies"))
        .header(header::IF_NONE_MATCH, "W/\"something-else\"")
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
}

#[tokio::test]
async fn head_answers_the_headers_without_the_body() {
    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;

    let response = app.http.head(app.url("/movies")).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    assert!(response.headers().contains_key(header::ETAG));
    assert!(response.text().await.unwrap().is_empty());
}

#[tokio::test]
async fn movies_is_compressed_with_gzip_or_brotli_when_asked() {
    let app = spawn_app().await;
    let stored = app.wait_for_stored(|_| true).await;

    for encoding in ["gzip", "br"] {
        let response = app
            .http
            .get(app.url("/movies"))
            .header(header::ACCEPT_ENCODING, encoding)
            .send()
            .await
            .unwrap();

        assert_eq!(response.headers()[header::CONTENT_ENCODING], encoding);
        let compressed = response.bytes().await.unwrap();
        assert!(
            compressed.len() < stored.movies_json.len() / 2,
            "{encoding}"
        );
    }
}

#[tokio::test]
async fn status_tells_where_the_data_is_from_and_how_the_refresher_is_doing() {
    let app = spawn_app().await;
    let stored = app.wait_for_stored(|_| true).await;

    let status = app.status().await;

    assert_eq!(status["data"]["source"], "upstream");
    assert_eq!(status["data"]["film_count"], 22);
    assert_eq!(status["data"]["person_count"], 59);
    assert_eq!(status["data"]["skipped_references"], 17);
    assert_eq!(
        status["data"]["content_hash"],
        stored.meta.content_hash.as_str()
    );
    assert_eq!(status["data"]["stale"], false);
    assert_eq!(status["refresher"]["succeeded"], 1);
    assert!(status["refresher"]["last_attempt_at"].is_string());
    assert!(status["refresher"]["last_error"].is_null());
}

#[tokio::test]
async fn unknown_api_paths_get_json_404s_and_wrong_methods_json_405s() {
    let app = spawn_app().await;

    for path in ["/api/nothing", "/movies/123", "/api/films/extra"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }

    for path in ["/movies", "/status"] {
        let response = app.http.delete(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 405, "{path}");
        assert_eq!(response.headers()[header::ALLOW], "GET, HEAD");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "method_not_allowed");
    }
}

#[tokio::test]
async fn server_functions_answer_bad_arguments_with_400_and_unknown_ids_with_404() {
    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;
    let call = |body: &'static str| {
        app.http
            .post(app.url("/api/film"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };

    let missing = call("").await.unwrap();
    assert_eq!(missing.status(), 400);
    let body: Value = missing.json().await.unwrap();
    assert!(
        body["BadRequest"].as_str().unwrap().contains("film_id"),
        "{body}"
    );

    assert_eq!(call("film_id=nope").await.unwrap().status(), 404);
    let found = call("film_id=2baf70d1-42bb-4437-b551-e5fed5a87abe")
        .await
        .unwrap();
    assert_eq!(found.status(), 200);
    let film: Value = found.json().await.unwrap();
    assert_eq!(film["film"]["title"], "Castle in the Sky");
}

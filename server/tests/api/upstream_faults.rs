//! Every way the upstream can fail: the refresh fails cleanly (counted by kind in `/status`),
//! the stored index and its metadata stay as they were, `/movies` keeps answering from it,
//! and the first refresh after the fault ends succeeds.

use std::time::Duration;

use app::model::DataSource;
use kodama_testkit::fixtures::{FILMS_JSON, PEOPLE_JSON};
use kodama_testkit::{Behaviour, FailingResolver, FakeUpstream, RedisServer};
use server::refresher::ShrinkGuard;
use server::startup::build_refresher;
use server::upstream::GhibliClient;
use std::sync::Arc;

use crate::helpers::{refresher_for, settings_for, spawn_app_with, Options};

fn fast_refresh() -> Options {
    Options {
        refresh_interval: Duration::from_millis(300),
        upstream_timeout: Duration::from_secs(1),
        ..Options::default()
    }
}

/// Runs one fault from start to end against a server that already holds good data.
async fn assert_fault_is_survived(behaviour: Behaviour, kind: &str) {
    // Arrange: good data is stored and served.
    let app = spawn_app_with(FakeUpstream::start().await.unwrap(), fast_refresh()).await;
    app.wait_for_stored(|_| true).await;

    // Act: the fault starts, and the refresher meets it twice.
    app.upstream.set_behaviour(behaviour.clone());
    app.wait_for_failures(kind, 1).await;
    let before = app.store.read().await.unwrap().unwrap();
    app.wait_for_failures(kind, 2).await;

    // Assert: nothing changed, and readers still get the good data.
    assert_eq!(
        app.store.read().await.unwrap().unwrap(),
        before,
        "{behaviour:?}"
    );
    let response = app.get("/movies").await;
    assert_eq!(response.status(), 200, "{behaviour:?}");
    assert_eq!(
        response.text().await.unwrap(),
        before.movies_json,
        "{behaviour:?}"
    );
    let status = app.status().await;
    assert_eq!(status["refresher"]["failing"], true, "{behaviour:?}");
    assert_eq!(
        status["refresher"]["last_error"]["kind"], kind,
        "{behaviour:?}"
    );

    // The fault ends: the next refresh succeeds.
    app.upstream.set_behaviour(Behaviour::Healthy);
    let after = app
        .wait_for_stored(|s| s.meta.computed_at > before.meta.computed_at)
        .await;
    assert_eq!(after.meta.source, DataSource::Upstream);
    assert_eq!(
        app.status().await["refresher"]["failing"],
        false,
        "{behaviour:?}"
    );
}

fn serve(films: &str, people: &str) -> Behaviour {
    Behaviour::Serve {
        films: films.into(),
        people: people.into(),
    }
}

#[tokio::test]
async fn a_5xx_is_survived() {
    assert_fault_is_survived(Behaviour::Fail(500), "upstream_status").await;
}

#[tokio::test]
async fn a_4xx_is_survived() {
    assert_fault_is_survived(Behaviour::Fail(404), "upstream_status").await;
}

#[tokio::test]
async fn an_html_error_page_with_a_503_is_survived() {
    assert_fault_is_survived(Behaviour::Fail(503), "upstream_status").await;
}

#[tokio::test]
async fn an_html_page_with_a_200_is_survived() {
    let html = "<!DOCTYPE html><html><body>Maintenance</body></html>";
    assert_fault_is_survived(serve(html, html), "upstream_invalid").await;
}

#[tokio::test]
async fn json_cut_off_midway_is_survived() {
    let cut = &FILMS_JSON[..FILMS_JSON.len() / 2];
    assert_fault_is_survived(serve(cut, PEOPLE_JSON), "upstream_invalid").await;
}

#[tokio::test]
async fn valid_json_of_the_wrong_shape_is_survived() {
    assert_fault_is_survived(
        serve(r#"{"films": []}"#, r#"{"people": []}"#),
        "upstream_invalid",
    )
    .await;
}

#[tokio::test]
async fn an_empty_film_list_is_survived() {
    assert_fault_is_survived(serve("[]", PEOPLE_JSON), "no_films").await;
}

#[tokio::test]
async fn an_empty_people_list_is_refused_as_a_suspicious_shrink() {
    assert_fault_is_survived(serve(FILMS_JSON, "[]"), "suspicious_shrink").await;
}

#[tokio::test]
async fn a_body_far_larger_than_the_real_one_is_cut_off_at_the_cap() {
    assert_fault_is_survived(
        Behaviour::Huge {
            bytes: 64 * 1024 * 1024,
        },
        "upstream_too_large",
    )
    .await;
}

#[tokio::test]
async fn a_server_that_never_answers_is_bounded_by_the_timeout() {
    assert_fault_is_survived(Behaviour::Hang, "upstream_timeout").await;
}

#[tokio::test]
async fn a_server_that_trickles_bytes_is_bounded_by_the_total_timeout() {
    assert_fault_is_survived(Behaviour::Trickle, "upstream_timeout").await;
}

#[tokio::test]
async fn one_collection_failing_while_the_other_succeeds_is_survived() {
    let behaviour = Behaviour::FailOnly {
        collection: "people",
        status: 502,
    };
    assert_fault_is_survived(behaviour, "upstream_status").await;
}

#[tokio::test]
async fn connection_refused_is_survived() {
    let mut app = spawn_app_with(FakeUpstream::start().await.unwrap(), fast_refresh()).await;
    let first = app.wait_for_stored(|_| true).await;

    app.upstream.stop();
    app.wait_for_failures("upstream_unreachable", 2).await;

    let kept = app.store.read().await.unwrap().unwrap();
    assert_eq!(kept.movies_json, first.movies_json);
    assert_eq!(app.get("/movies").await.status(), 200);
    app.upstream.resume().await.unwrap();
    app.wait_for_stored(|s| s.meta.computed_at > kept.meta.computed_at)
        .await;
}

#[tokio::test]
async fn a_dns_failure_is_survived() {
    // Arrange: good data is stored, then the upstream's name stops resolving. The resolver
    // fails in-process: no query leaves the machine.
    let redis = RedisServer::start().await.unwrap();
    let healthy = FakeUpstream::start().await.unwrap();
    let good = refresher_for(&redis.url(), &healthy);
    good.refresh_once(ShrinkGuard::Enforce).await.unwrap();
    let before = good.cache().store().read().await.unwrap().unwrap();

    let http = GhibliClient::http_client_builder(Duration::from_secs(2))
        .dns_resolver(Arc::new(FailingResolver))
        .build()
        .unwrap();
    let unresolvable =
        GhibliClient::with_http_client("http://ghibli.invalid".parse().unwrap(), http);
    let settings = settings_for(&redis.url(), &healthy.url(), &Options::default());
    let refresher = build_refresher(&settings, unresolvable).unwrap();

    // Act
    let error = refresher
        .refresh_once(ShrinkGuard::Enforce)
        .await
        .unwrap_err();

    // Assert
    assert_eq!(error.kind(), "upstream_unreachable", "{error:?}");
    assert_eq!(
        refresher.cache().store().read().await.unwrap().unwrap(),
        before
    );
    assert_eq!(
        refresher.status().snapshot().failures_by_kind["upstream_unreachable"],
        1
    );
}

#[tokio::test]
async fn a_forced_refresh_stores_a_shrunk_index_that_a_normal_one_refuses() {
    let redis = RedisServer::start().await.unwrap();
    let upstream = FakeUpstream::start().await.unwrap();
    let refresher = refresher_for(&redis.url(), &upstream);
    refresher.refresh_once(ShrinkGuard::Enforce).await.unwrap();

    let two_films = serde_json::to_string(
        &serde_json::from_str::<Vec<serde_json::Value>>(FILMS_JSON).unwrap()[..2],
    )
    .unwrap();
    upstream.set_behaviour(serve(&two_films, PEOPLE_JSON));

    let refused = refresher
        .refresh_once(ShrinkGuard::Enforce)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), "suspicious_shrink");
    let forced = refresher.refresh_once(ShrinkGuard::Override).await.unwrap();
    assert_eq!(forced.film_count, 2);
    let stored = refresher.cache().store().read().await.unwrap().unwrap();
    assert_eq!(stored.meta.film_count, 2);
}

#[tokio::test]
async fn a_bad_record_is_skipped_and_counted_while_the_rest_is_kept() {
    let mut films: Vec<serde_json::Value> = serde_json::from_str(FILMS_JSON).unwrap();
    films.push(serde_json::json!({ "id": null, "title": ["not", "a", "title"] }));
    films.push(serde_json::json!("not even an object"));
    let upstream = FakeUpstream::start().await.unwrap();
    upstream.set_behaviour(serve(&serde_json::to_string(&films).unwrap(), PEOPLE_JSON));

    let app = spawn_app_with(upstream, Options::default()).await;

    let stored = app
        .wait_for_stored(|s| s.meta.source == DataSource::Upstream)
        .await;
    assert_eq!(stored.meta.film_count, 22);
    assert_eq!(stored.meta.skipped_records, 2);
    assert_eq!(app.status().await["data"]["skipped_records"], 2);
}

#[tokio::test]
async fn a_person_moved_upstream_moves_at_the_next_refresh() {
    let upstream = FakeUpstream::start().await.unwrap();
    let app = spawn_app_with(upstream, fast_refresh()).await;
    let before = app
        .wait_for_stored(|s| s.meta.source == DataSource::Upstream)
        .await;

    // Pazu leaves Castle in the Sky for Spirited Away, on both sides of the relation.
    let castle = "2baf70d1-42bb-4437-b551-e5fed5a87abe";
    let spirited = "dc2e6bd1-8156-4886-adff-b39e6043af0c";
    let pazu = "fe93adf2-2f3a-4ec4-9f68-5422f1b87c01";
    let films = FILMS_JSON.replace(&format!("/people/{pazu}\""), "/people/\"");
    let mut people: Vec<serde_json::Value> = serde_json::from_str(PEOPLE_JSON).unwrap();
    let record = people
        .iter_mut()
        .find(|person| person["id"] == pazu)
        .unwrap();
    record["films"] = serde_json::json!([format!("https://ghibliapi.vercel.app/films/{spirited}")]);
    app.upstream
        .set_behaviour(serve(&films, &serde_json::to_string(&people).unwrap()));

    let after = app
        .wait_for_stored(|s| s.meta.content_hash != before.meta.content_hash)
        .await;
    let index: serde_json::Value = serde_json::from_str(&after.movies_json).unwrap();
    let ids_in = |film: &str| -> Vec<String> {
        index[film]["persons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["person_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!ids_in(castle).contains(&pazu.to_owned()));
    assert!(ids_in(spirited).contains(&pazu.to_owned()));
}

#[tokio::test]
async fn failed_refreshes_are_retried_with_backoff_not_hammered_and_sooner_than_the_interval() {
    let upstream = FakeUpstream::start().await.unwrap();
    upstream.set_behaviour(Behaviour::Fail(500));
    let options = Options {
        refresh_interval: Duration::from_secs(30),
        ..Options::default()
    };

    let app = spawn_app_with(upstream, options).await;
    tokio::time::sleep(Duration::from_secs(5)).await;

    // Two requests per attempt. Retries start after about a second and back off from
    // there, so five seconds hold a few attempts: more than the one a 30 s interval allows,
    // far fewer than a retry loop without delay would make.
    let attempts = app.upstream.request_count() / 2;
    assert!((2..=5).contains(&attempts), "{attempts} attempts in 5 s");
    let status = app.status().await;
    // An attempt may be under way as the status is read.
    let failed = status["refresher"]["failed"].as_u64().unwrap() as usize;
    assert!(
        failed == attempts || failed + 1 == attempts,
        "{failed} failed, {attempts} made"
    );
    assert_eq!(status["data"]["source"], "snapshot");
}

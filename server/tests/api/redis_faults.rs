//! Redis failing under a running server: answers keep coming from the server's own copy
//! (marked stale), and Redis refills by itself once it is back, also when it comes back empty.

use std::time::{Duration, Instant};

use app::model::DataSource;
use kodama_testkit::fixtures::{FILMS_JSON, PEOPLE_JSON};
use kodama_testkit::{Behaviour, FakeUpstream, RedisServer};
use server::cache::INDEX_KEY;
use server::refresher::ShrinkGuard;
use server::startup::Application;

use crate::helpers::{
    eventually, leptos_options, refresher_for, settings_for, spawn_app, spawn_app_with, Options,
};

#[tokio::test]
async fn while_redis_is_down_movies_and_the_page_answer_from_the_copy_in_memory() {
    let mut app = spawn_app().await;
    let stored = app.wait_for_stored(|_| true).await;
    assert_eq!(app.get("/movies").await.status(), 200);

    app.redis.stop().await;
    let started = Instant::now();
    let movies = app.get("/movies").await;
    let page = app.get("/").await;

    assert!(
        started.elapsed() < Duration::from_secs(10),
        "answers must not hang"
    );
    assert_eq!(movies.status(), 200);
    assert_eq!(movies.headers()["x-kodama-stale"], "true");
    assert_eq!(movies.text().await.unwrap(), stored.movies_json);
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("class=\"stale-note\""));
    assert_eq!(app.status().await["data"]["stale"], true);
}

#[tokio::test]
async fn redis_restarted_empty_is_refilled_at_once_without_waiting_for_the_interval() {
    // The regular refresh is a minute away: only noticing the missing index helps here.
    let mut app = spawn_app().await;
    app.wait_for_stored(|_| true).await;

    app.redis.restart().await.unwrap();

    let refilled = app.wait_for_stored(|_| true).await;
    assert_eq!(refilled.meta.source, DataSource::Upstream);
    let movies = app.get("/movies").await;
    assert_eq!(movies.status(), 200);
    assert!(movies.headers().get("x-kodama-stale").is_none());
}

#[tokio::test]
async fn redis_flushed_while_the_upstream_is_down_gets_back_the_last_good_index_not_the_snapshot() {
    let mut app = spawn_app().await;
    let live = app.wait_for_stored(|_| true).await;

    app.upstream.stop();
    app.redis.flush_all().await.unwrap();

    let restored = app.wait_for_stored(|_| true).await;
    assert_eq!(restored, live, "the same document, metadata and all");
}

#[tokio::test]
async fn no_request_fails_while_redis_restarts_under_load() {
    let options = Options {
        refresh_interval: Duration::from_millis(500),
        ..Options::default()
    };
    let mut app = spawn_app_with(FakeUpstream::start().await.unwrap(), options).await;
    app.wait_for_stored(|_| true).await;

    let mut statuses = Vec::new();
    for round in 0..30 {
        if round == 5 {
            app.redis.stop().await;
        }
        if round == 15 {
            app.redis.restart().await.unwrap();
        }
        statuses.push(app.get("/movies").await.status().as_u16());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
    app.wait_for_stored(|_| true).await;
}

#[tokio::test]
async fn a_worse_index_written_into_an_emptied_redis_is_replaced_within_seconds() {
    // Arrange: a healthy server whose next regular refresh is a minute away, and a second
    // server whose upstream lists only two films.
    let app = spawn_app().await;
    let good = app.wait_for_stored(|_| true).await;
    let two_films = serde_json::to_string(
        &serde_json::from_str::<Vec<serde_json::Value>>(FILMS_JSON).unwrap()[..2],
    )
    .unwrap();
    let broken_upstream = FakeUpstream::start().await.unwrap();
    broken_upstream.set_behaviour(Behaviour::Serve {
        films: two_films,
        people: PEOPLE_JSON.into(),
    });
    let broken = refresher_for(&app.redis.url(), &broken_upstream);

    // Act: Redis is emptied and the broken server stores its answer first.
    app.redis.flush_all().await.unwrap();
    broken.refresh_once(ShrinkGuard::Override).await.unwrap();

    // Assert: the healthy server notices the worse index and puts good data back.
    let restored = app
        .wait_for_stored(|s| s.meta.film_count == good.meta.film_count)
        .await;
    assert_eq!(restored.movies_json, good.movies_json);
}

#[tokio::test]
async fn an_index_that_lost_a_field_is_written_again_whole() {
    let app = spawn_app().await;
    let good = app.wait_for_stored(|_| true).await;

    app.redis
        .command(&["HDEL", INDEX_KEY, "details"])
        .await
        .unwrap();

    let healed = app.wait_for_stored(|_| true).await;
    assert_eq!(healed.details_json, good.details_json);
    assert_eq!(
        app.get("/films/2baf70d1-42bb-4437-b551-e5fed5a87abe")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn something_else_written_at_the_index_key_is_replaced_by_the_next_refresh() {
    let app = spawn_app().await;
    let good = app.wait_for_stored(|_| true).await;

    app.redis
        .command(&["SET", INDEX_KEY, "not an index"])
        .await
        .unwrap();

    let healed = app.wait_for_stored(|_| true).await;
    assert_eq!(healed.movies_json, good.movies_json);
    let movies = app.get("/movies").await;
    assert_eq!(movies.status(), 200);
    assert!(movies.headers().get("x-kodama-stale").is_none());
}

#[tokio::test]
async fn a_server_whose_redis_is_down_from_the_start_shows_what_it_fetched_marked_stale() {
    let mut redis = RedisServer::start().await.unwrap();
    let redis_url = redis.url();
    redis.stop().await;
    let upstream = FakeUpstream::start().await.unwrap();
    let settings = settings_for(&redis_url, &upstream.url(), &Options::default());
    let application = Application::build(&settings, leptos_options())
        .await
        .unwrap();
    let address = application.local_addr();
    tokio::spawn(application.run_until_stopped(std::future::pending()));
    let http = reqwest::Client::new();
    let get = |path: &'static str| {
        let http = http.clone();
        async move {
            let response = http
                .get(format!("http://{address}{path}"))
                .send()
                .await
                .ok()?;
            (response.status() == 200).then_some(response)
        }
    };

    let movies = eventually(|| get("/movies"), |_| true).await;

    assert_eq!(movies.headers()["x-kodama-stale"], "true");
    let page = get("/").await.expect("the page answers too");
    assert!(page.text().await.unwrap().contains("class=\"stale-note\""));
}
